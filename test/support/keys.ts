/** Keyboard input as Electron's before-input-event reports it, for the shell's kiosk-key tests. */
import type { KeyInput } from '../../src/main/kiosk-keys';

/** A key press with nothing held unless `fields` says so. */
export function keyDown(fields: Partial<KeyInput>): KeyInput {
  return { type: 'keyDown', key: '', code: '', control: false, meta: false, alt: false, shift: false, ...fields };
}
