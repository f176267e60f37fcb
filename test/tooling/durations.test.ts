/** The one duration syntax (src/shared/durations.ts) and the policy reader built on it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDuration, formatDuration, parseDuration } from '../../src/shared/durations';
import { describePolicyValue, readPolicyObject, readPolicyValue, writePolicyValue } from '../../src/shared/policy-input';
import { NUMBER_SETTINGS } from '../../src/shared/policy-settings';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['30d', 2_592_000_000],
    [' 15m\n', 900_000],
    ['0s', 0],
    ['007m', 420_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each(['15', '0', '-5', '1.5', 15, 900000])('refuses the bare number %j, asking for a unit', (value) => {
    const parsed = parseDuration(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/has no unit; write a whole number with a unit: s, m, h or d/);
  });

  it.each([
    '',
    ' ',
    'm',
    '15 m',
    '15M',
    '15min',
    '15ms',
    '1.5h',
    '-5m',
    '+5m',
    '1e3s',
    '0x10m',
    'Infinitym',
    'NaNs',
    '١٥m',
    '15m15s',
    '15m; rm -rf /',
    '9999999999d',
    '<script>alert(1)</script>',
    null,
    undefined,
    true,
    {},
    ['15m'],
  ])('refuses %j as not a duration', (value) => {
    const parsed = parseDuration(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/write a whole number with a unit/);
  });

  it('keeps what it echoes short, whatever it was given', () => {
    const parsed = parseDuration(`${'x'.repeat(10_000)}m`);
    expect(!parsed.ok && parsed.message.length).toBeLessThan(200);
  });

  it('gives back exactly what formatDuration wrote, for any whole number of seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (seconds) => {
        const ms = seconds * 1000;
        expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, ms });
      }),
    );
  });
});

describe('formatDuration and describeDuration', () => {
  it.each([
    [90_000, '90s', '90 seconds'],
    [60_000, '1m', '1 minute'],
    [900_000, '15m', '15 minutes'],
    [43_200_000, '12h', '12 hours'],
    [86_400_000, '1d', '1 day'],
    [2_592_000_000, '30d', '30 days'],
    [0, '0s', '0 seconds'],
    [1_500, '1500ms', '1500ms'],
  ])('%d ms is %s, or "%s"', (ms, short, long) => {
    expect(formatDuration(ms)).toBe(short);
    expect(describeDuration(ms)).toBe(long);
  });
});

describe('policy values as people write them', () => {
  it('reads every duration setting with a unit and refuses it bare', () => {
    for (const setting of NUMBER_SETTINGS.filter((s) => s.key.endsWith('Ms'))) {
      expect(readPolicyValue(setting.key, '2h')).toEqual({ ok: true, change: { [setting.key]: 7_200_000 } });
      expect(readPolicyValue(setting.key, '2')).toMatchObject({ ok: false, message: expect.stringContaining('has no unit') });
      expect(readPolicyValue(setting.key, 2)).toMatchObject({ ok: false, message: expect.stringContaining('has no unit') });
    }
  });

  it('reads counts and switches as they are', () => {
    expect(readPolicyValue('lockoutThreshold', '5')).toEqual({ ok: true, change: { lockoutThreshold: 5 } });
    expect(readPolicyValue('lockoutThreshold', 5)).toEqual({ ok: true, change: { lockoutThreshold: 5 } });
    expect(readPolicyValue('lockoutThreshold', '5m').ok).toBe(false);
    expect(readPolicyValue('lockoutThreshold', '2.5').ok).toBe(false);
    expect(readPolicyValue('kioskMode', true)).toEqual({ ok: true, change: { kioskMode: true } });
    expect(readPolicyValue('kioskMode', 'false')).toEqual({ ok: true, change: { kioskMode: false } });
    expect(readPolicyValue('kioskMode', 'yes').ok).toBe(false);
    expect(readPolicyValue('__proto__', '1m')).toMatchObject({ ok: false, message: expect.stringContaining('Unknown setting') });
  });

  it('reads the harness --policy JSON as a whole, refusing any bare duration', () => {
    expect(readPolicyObject('{"idleTimeoutMs":"2m","kioskMode":true,"lockoutThreshold":3}')).toEqual({
      ok: true,
      change: { idleTimeoutMs: 120_000, kioskMode: true, lockoutThreshold: 3 },
    });
    expect(readPolicyObject('{"idleTimeoutMs":120000}')).toMatchObject({ ok: false, message: expect.stringContaining('idleTimeoutMs: 120000 has no unit') });
    expect(readPolicyObject('[1]').ok).toBe(false);
    expect(readPolicyObject('null').ok).toBe(false);
    expect(readPolicyObject('{').ok).toBe(false);
    expect(readPolicyObject('{"__proto__":{"kioskMode":true}}').ok).toBe(false);
  });

  it('shows every value back with its unit, and writes it back the way it is read', () => {
    expect(describePolicyValue('idleTimeoutMs', 900_000)).toBe('15m (15 minutes)');
    expect(describePolicyValue('minPasswordLength', 12)).toBe('12 characters');
    expect(describePolicyValue('rememberAllowed', true)).toBe('true');
    expect(writePolicyValue('rememberLifetimeMs', 30 * 86_400_000)).toBe('30d');
    expect(writePolicyValue('lockoutThreshold', 5)).toBe(5);
  });
});
