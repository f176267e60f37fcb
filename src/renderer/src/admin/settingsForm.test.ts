import { describe, expect, it } from 'vitest';
import type { PolicySettings } from '../../../shared/policy-settings';
import { changedSettings, toFormValues } from './settingsForm';

const SAVED: PolicySettings = {
  selfRegistration: true,
  minPasswordLength: 8,
  lockoutThreshold: 5,
  lockoutDurationMs: 900_000,
  idleTimeoutMs: 900_000,
  sessionLifetimeMs: 43_200_000,
  rememberAllowed: true,
  rememberLifetimeMs: 2_592_000_000,
  kioskMode: false,
  onScreenKeyboard: false,
  startAtLogin: false,
  auditMaxAgeMs: 31_536_000_000,
  auditMaxEntries: 20_000,
  twoStepPolicy: 'optional',
  endSessionOnSystemLock: false,
  removeInactiveAccounts: false,
  inactiveAccountAfterMs: 2_592_000_000,
  inactiveGraceMs: 604_800_000,
};

describe('the Settings form’s choices (issue 13: two-step verification policy)', () => {
  it('sends a changed choice, and only a value the setting offers', () => {
    const saved = SAVED;
    const values = toFormValues(saved);
    expect(values.choices.twoStepPolicy).toBe('optional');
    expect(changedSettings(saved, values)).toEqual({});
    expect(changedSettings(saved, { ...values, choices: { twoStepPolicy: 'everyone' } })).toEqual({ twoStepPolicy: 'everyone' });
    expect(changedSettings(saved, { ...values, choices: { twoStepPolicy: 'sometimes' } })).toEqual({});
  });
});
