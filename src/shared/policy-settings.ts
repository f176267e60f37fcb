/**
 * The policy an administrator can change, with the bounds of each setting. One definition:
 * the core validates with it, the Settings screen builds its form from it.
 */
import { MAX_PASSWORD_LENGTH_SETTING, MIN_PASSWORD_LENGTH_FLOOR } from './password-rules';

export interface PolicySettings {
  selfRegistration: boolean;
  minPasswordLength: number;
  lockoutThreshold: number;
  lockoutDurationMs: number;
  idleTimeoutMs: number;
  sessionLifetimeMs: number;
  rememberAllowed: boolean;
  rememberLifetimeMs: number;
  /** Full-screen kiosk mode for the Electron shell (also --kiosk / GATEHOUSE_KIOSK=1). */
  kioskMode: boolean;
  /** The app's own on-screen keyboard under every text field (on by default in kiosk mode). */
  onScreenKeyboard: boolean;
  /** Start Gatehouse when the OS session starts (XDG autostart entry or login item). */
  startAtLogin: boolean;
  /** Audit entries older than this are removed, whatever their kind. */
  auditMaxAgeMs: number;
  /** Past this many entries, the oldest are removed: failures and blocked attempts first. */
  auditMaxEntries: number;
  /** Two-step verification (issue 13): who must use it, or whether it is offered at all. */
  twoStepPolicy: TwoStepPolicy;
  /** When the computer locks or sleeps: end the Gatehouse session (true) or lock it (false, the default). Issue 14. */
  endSessionOnSystemLock: boolean;
  /** Issue 14: disable, then delete, accounts nobody signed into for `inactiveAccountAfterMs` (off by default). */
  removeInactiveAccounts: boolean;
  inactiveAccountAfterMs: number;
  /** Between the inactive-account rule disabling an account and deleting it. */
  inactiveGraceMs: number;
}

/**
 * Two-step verification policy (issue 13). `off`: not offered (accounts that already use it are
 * still asked for their code, so switching it off never quietly weakens an account);
 * `optional`: anyone may turn it on; `admins`/`everyone`: those accounts must set it up right
 * after their password, before anything else.
 */
export const TWO_STEP_POLICIES = ['off', 'optional', 'admins', 'everyone'] as const;
export type TwoStepPolicy = (typeof TWO_STEP_POLICIES)[number];

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

type NumberKey = { [K in keyof PolicySettings]: PolicySettings[K] extends number ? K : never }[keyof PolicySettings];
type BooleanKey = { [K in keyof PolicySettings]: PolicySettings[K] extends boolean ? K : never }[keyof PolicySettings];
type ChoiceKey = { [K in keyof PolicySettings]: PolicySettings[K] extends string ? K : never }[keyof PolicySettings];

export interface NumberSetting {
  key: NumberKey;
  label: string;
  /** The unit the form shows; values are stored in ms or as plain counts. */
  unit: 'characters' | 'attempts' | 'minutes' | 'hours' | 'days' | 'entries';
  min: number;
  max: number;
  /** What the setting does, shown under it on the Settings screen. */
  help?: string;
}

export interface BooleanSetting {
  key: BooleanKey;
  label: string;
  /** What the setting does, shown under it on the Settings screen. */
  help?: string;
}

export const UNIT_MS: Record<NumberSetting['unit'], number> = {
  characters: 1,
  attempts: 1,
  minutes: MINUTE_MS,
  hours: HOUR_MS,
  days: DAY_MS,
  entries: 1,
};

/** Bounds are in the unit shown: the stored value is `shown × UNIT_MS[unit]`. */
export const NUMBER_SETTINGS: readonly NumberSetting[] = [
  { key: 'minPasswordLength', label: 'Minimum password length', unit: 'characters', min: MIN_PASSWORD_LENGTH_FLOOR, max: MAX_PASSWORD_LENGTH_SETTING },
  { key: 'lockoutThreshold', label: 'Failed sign-ins before lockout', unit: 'attempts', min: 1, max: 100 },
  { key: 'lockoutDurationMs', label: 'Lockout duration', unit: 'minutes', min: 1, max: 24 * 60 },
  { key: 'idleTimeoutMs', label: 'Sign out after inactivity', unit: 'minutes', min: 1, max: 24 * 60 },
  // The one hard session limit (issue 14): 1 minute to 7 days, as ChromeOS kiosk sessions.
  { key: 'sessionLifetimeMs', label: 'Longest session', unit: 'minutes', min: 1, max: 7 * 24 * 60,
    help: 'The one hard limit, counted from sign-in: the time left shows in the last 10 minutes, a warning in the last minute, then sign-out. Nothing extends it.' },
  { key: 'rememberLifetimeMs', label: 'Remember me for', unit: 'days', min: 1, max: 365 },
  { key: 'auditMaxAgeMs', label: 'Keep audit entries for', unit: 'days', min: 7, max: 3650 },
  { key: 'auditMaxEntries', label: 'Most audit entries kept', unit: 'entries', min: 1_000, max: 200_000 },
  // Issue 14: inactive accounts (used only while removeInactiveAccounts is on).
  {
    key: 'inactiveAccountAfterMs', label: 'Inactive accounts: disable after', unit: 'days', min: 7, max: 3650,
    help: 'Days without a sign-in (an account never signed into counts from its creation). Administrators and accounts marked Keep are never removed.',
  },
  {
    key: 'inactiveGraceMs', label: 'Inactive accounts: delete after a further', unit: 'days', min: 1, max: 365,
    help: 'Days between disabling an inactive account and deleting it; enabling it or marking it Keep stops the deletion.',
  },
];

export const BOOLEAN_SETTINGS: readonly BooleanSetting[] = [
  { key: 'selfRegistration', label: 'Anyone can create an account' },
  { key: 'rememberAllowed', label: 'Allow “Remember me”' },
  { key: 'kioskMode', label: 'Kiosk mode (full screen, takes effect at next start)' },
  { key: 'onScreenKeyboard', label: 'On-screen keyboard for text fields' },
  { key: 'startAtLogin', label: 'Start Gatehouse when the computer’s session starts' },
  // Issue 14: what the OS locking the screen or sleeping does to a Gatehouse session.
  {
    key: 'endSessionOnSystemLock',
    label: 'Sign out when the computer locks or sleeps',
    help: 'Off: Gatehouse locks the session behind its owner’s password. On: the session ends, remembered ones too.',
  },
  {
    key: 'removeInactiveAccounts',
    label: 'Remove inactive accounts',
    help: 'Checked when the app starts and once a day: disables accounts not signed into for the days set above, then deletes them after the grace period. At most 50 accounts a run; a run after the clock moved back, or more than a day forward, does nothing.',
  },
];

/** A setting with a fixed list of values (a select on the Settings screen, a word in the CLI). */
export interface ChoiceSetting {
  key: ChoiceKey;
  label: string;
  /** The stored value and what the Settings screen calls it; the first safe default is in config. */
  options: readonly { value: PolicySettings[ChoiceKey]; label: string }[];
}

export const CHOICE_SETTINGS: readonly ChoiceSetting[] = [
  {
    key: 'twoStepPolicy',
    label: 'Two-step verification',
    options: [
      { value: 'off', label: 'Off (not offered)' },
      { value: 'optional', label: 'Optional: each person chooses' },
      { value: 'admins', label: 'Required for administrators' },
      { value: 'everyone', label: 'Required for everyone' },
    ],
  },
];

/** Why a choice is not one of its options, or null. */
export function checkChoice(setting: ChoiceSetting, value: unknown): string | null {
  return setting.options.some((option) => option.value === value)
    ? null
    : `${setting.label} must be one of: ${setting.options.map((option) => option.value).join(', ')}.`;
}

/** Why a value is out of bounds, or null. */
export function checkSetting(setting: NumberSetting, value: number): string | null {
  const shown = value / UNIT_MS[setting.unit];
  if (!Number.isInteger(shown) || shown < setting.min || shown > setting.max) {
    return `${setting.label} must be a whole number of ${setting.unit} from ${setting.min} to ${setting.max}.`;
  }
  return null;
}

/** Said by the core and by the renderer alike when idleness ends a session. */
export function idleSignOutMessage(idleTimeoutMs: number): string {
  if (idleTimeoutMs < 60_000) {
    const seconds = Math.max(1, Math.round(idleTimeoutMs / 1000));
    return `You were signed out after ${seconds} ${seconds === 1 ? 'second' : 'seconds'} without activity.`;
  }
  const minutes = Math.round(idleTimeoutMs / 60_000);
  return `You were signed out after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without activity.`;
}
