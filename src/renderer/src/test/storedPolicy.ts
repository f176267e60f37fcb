/**
 * One stored policy for the renderer's tests, so a new setting is added in one place, not in
 * every test that renders Settings (the values are the core's defaults, written out).
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, type PolicySettings } from '../../../shared/policy-settings';

export const STORED_POLICY: Readonly<PolicySettings> = {
  selfRegistration: true,
  minPasswordLength: 8,
  lockoutThreshold: 5,
  lockoutDurationMs: 15 * MINUTE_MS,
  idleTimeoutMs: 15 * MINUTE_MS,
  sessionLifetimeMs: 12 * HOUR_MS,
  rememberAllowed: true,
  rememberLifetimeMs: 30 * DAY_MS,
  kioskMode: false,
  onScreenKeyboard: false,
  startAtLogin: false,
  auditMaxAgeMs: 365 * DAY_MS,
  auditMaxEntries: 20_000,
  twoStepPolicy: 'optional',
  endSessionOnSystemLock: false,
  removeInactiveAccounts: false,
  inactiveAccountAfterMs: 30 * DAY_MS,
  inactiveGraceMs: 7 * DAY_MS,
};
