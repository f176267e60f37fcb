import { describe, expect, it } from 'vitest';
import { isBlockedKioskShortcut } from '../../src/main/kiosk-keys';
import { keyDown as press } from '../support/keys';

describe('kiosk shortcuts', () => {
  it.each([
    ['Ctrl+R', press({ key: 'r', code: 'KeyR', control: true })],
    ['Ctrl+Shift+R', press({ key: 'R', code: 'KeyR', control: true, shift: true })],
    ['Cmd+R', press({ key: 'r', code: 'KeyR', meta: true })],
    ['F5', press({ key: 'F5', code: 'F5' })],
    ['Ctrl+F5', press({ key: 'F5', code: 'F5', control: true })],
    ['Ctrl+W', press({ key: 'w', code: 'KeyW', control: true })],
    ['Cmd+W', press({ key: 'w', code: 'KeyW', meta: true })],
    ['Cmd+Q', press({ key: 'q', code: 'KeyQ', meta: true })],
    ['Alt+F4', press({ key: 'F4', code: 'F4', alt: true })],
    ['Ctrl+F4', press({ key: 'F4', code: 'F4', control: true })],
    ['Ctrl+Shift+I', press({ key: 'I', code: 'KeyI', control: true, shift: true })],
    ['Ctrl+Shift+J', press({ key: 'J', code: 'KeyJ', control: true, shift: true })],
    ['Ctrl+Shift+C', press({ key: 'C', code: 'KeyC', control: true, shift: true })],
    ['Cmd+Alt+I (macOS dead key)', press({ key: 'ˆ', code: 'KeyI', meta: true, alt: true })],
    ['F12', press({ key: 'F12', code: 'F12' })],
    ['Ctrl+=', press({ key: '=', code: 'Equal', control: true })],
    ['Ctrl++', press({ key: '+', code: 'Equal', control: true, shift: true })],
    ['Ctrl+-', press({ key: '-', code: 'Minus', control: true })],
    ['Ctrl+0', press({ key: '0', code: 'Digit0', control: true })],
    ['Cmd+0', press({ key: '0', code: 'Digit0', meta: true })],
    ['Ctrl+R on a Russian layout', press({ key: 'к', code: 'KeyR', control: true })],
    ['the key-up of Ctrl+R', press({ type: 'keyUp', key: 'r', code: 'KeyR', control: true })],
  ])('swallows %s', (_name, input) => {
    expect(isBlockedKioskShortcut(input)).toBe(true);
  });

  it.each([
    ['a letter', press({ key: 'a', code: 'KeyA' })],
    ['R without a modifier', press({ key: 'r', code: 'KeyR' })],
    ['Shift+R', press({ key: 'R', code: 'KeyR', shift: true })],
    ['Tab', press({ key: 'Tab', code: 'Tab' })],
    ['Enter', press({ key: 'Enter', code: 'Enter' })],
    ['digit 0', press({ key: '0', code: 'Digit0' })],
    ['minus', press({ key: '-', code: 'Minus' })],
    ['Ctrl+L (the app lock)', press({ key: 'l', code: 'KeyL', control: true })],
    ['Cmd+L (the app lock)', press({ key: 'l', code: 'KeyL', meta: true })],
    ['Ctrl+L on a Russian layout (the app lock)', press({ key: 'д', code: 'KeyL', control: true })],
    ['Ctrl+L with Caps Lock on (the app lock)', press({ key: 'L', code: 'KeyL', control: true })],
    ['the key-up of Ctrl+L', press({ type: 'keyUp', key: 'l', code: 'KeyL', control: true })],
    ['Ctrl+C', press({ key: 'c', code: 'KeyC', control: true })],
    ['Ctrl+V', press({ key: 'v', code: 'KeyV', control: true })],
    ['Ctrl+A', press({ key: 'a', code: 'KeyA', control: true })],
    ['AltGr+Q typing @ (German layout)', press({ key: '@', code: 'KeyQ', control: true, alt: true })],
    ['AltGr+C typing ć (Polish layout)', press({ key: 'ć', code: 'KeyC', control: true, alt: true })],
    ['AltGr+0 typing } (German layout)', press({ key: '}', code: 'Digit0', control: true, alt: true })],
    ['F4 alone', press({ key: 'F4', code: 'F4' })],
    ['a mouse-ish non-key event', press({ type: 'char', key: 'r', code: 'KeyR', control: true })],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedKioskShortcut(input)).toBe(false);
  });
});
