/**
 * Options, then environment variables, then defaults: resolved once when the core opens.
 */
import { DEFAULT_MIN_PASSWORD_LENGTH } from '../../shared/password-rules';
import { DAY_MS as DAY, HOUR_MS as HOUR, MINUTE_MS as MINUTE } from '../../shared/policy-settings';
import type { GatehouseOptions, PolicySettings } from './types';

export const DEFAULT_BCRYPT_COST = 12;
export const MIN_BCRYPT_COST = 4;
export const MAX_BCRYPT_COST = 15;

export const DEFAULT_POLICY: Readonly<PolicySettings> = Object.freeze({
  selfRegistration: true,
  minPasswordLength: DEFAULT_MIN_PASSWORD_LENGTH,
  lockoutThreshold: 5,
  lockoutDurationMs: 15 * MINUTE,
  idleTimeoutMs: 15 * MINUTE,
  sessionLifetimeMs: 12 * HOUR,
  // Off unless an administrator allows it: a remembered session outlives its owner at a shared
  // computer (issue 11). Stores set up before this keep what they had (policy-store.ts).
  rememberAllowed: false,
  rememberLifetimeMs: 30 * DAY,
  kioskMode: false,
  onScreenKeyboard: false,
  startAtLogin: false,
  auditMaxAgeMs: 365 * DAY,
  auditMaxEntries: 20_000,
  twoStepPolicy: 'optional',
  endSessionOnSystemLock: false,
  removeInactiveAccounts: false,
  inactiveAccountAfterMs: 30 * DAY,
  inactiveGraceMs: 7 * DAY,
});

/**
 * Two-step codes are accepted this many 30-second steps either side of the core's clock (issue
 * 13): one step absorbs the time it takes to type a code and a little clock drift. Not a policy
 * setting on purpose: widening it weakens every account; GatehouseOptions.totpWindowSteps.
 */
export const DEFAULT_TOTP_WINDOW_STEPS = 1;

/** A kiosk nobody supervises: nobody signs up at it, and a walk-away session ends quickly. */
export const KIOSK_DEFAULTS: Readonly<Partial<PolicySettings>> = Object.freeze({
  selfRegistration: false,
  idleTimeoutMs: 2 * MINUTE,
  // A remembered session outlives the person at a kiosk, so it is off unless an admin allows it.
  rememberAllowed: false,
  // Touch kiosks often have no system keyboard (Electron has none on Linux).
  onScreenKeyboard: true,
});

export interface ResolvedConfig {
  dataDir: string;
  bcryptCost: number;
}

export function resolveConfig(
  options: GatehouseOptions,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): ResolvedConfig {
  const dataDir = options.dataDir ?? env.GATEHOUSE_DATA_DIR;
  if (!dataDir) {
    throw new Error('Gatehouse needs a data folder: pass dataDir or set GATEHOUSE_DATA_DIR.');
  }
  return { dataDir, bcryptCost: resolveBcryptCost(options.bcryptCost, env.GATEHOUSE_BCRYPT_COST, warn) };
}

function resolveBcryptCost(option: number | undefined, fromEnv: string | undefined, warn: (m: string) => void): number {
  let cost = option;
  if (cost === undefined && fromEnv !== undefined && fromEnv.trim() !== '') {
    cost = Number(fromEnv);
    if (!Number.isInteger(cost)) {
      throw new Error(`GATEHOUSE_BCRYPT_COST must be a whole number from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}.`);
    }
  }
  cost ??= DEFAULT_BCRYPT_COST;
  if (!Number.isInteger(cost) || cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) {
    throw new Error(`The bcrypt cost must be a whole number from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}.`);
  }
  if (cost < DEFAULT_BCRYPT_COST) {
    warn(`Gatehouse: bcrypt cost ${cost} is below the default ${DEFAULT_BCRYPT_COST}. Use this for tests only.`);
  }
  return cost;
}
