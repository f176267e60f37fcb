/**
 * The IPC contract: every channel the renderer may call, the zod schema of its payload and the
 * type of its result. The preload builds one method per entry, the main process registers one
 * handler per entry, so neither side can forget a channel.
 */
import { z } from 'zod';
import type { AdminUserView, AuditEntryView, AuditEventName, DeletedAccountView, ManagedUserView } from './admin';
import { AUDIT_EVENTS } from './admin';
import { TWO_STEP_POLICIES, type PolicySettings } from './policy-settings';
import type { ConnectionTest, DirectoryStatus } from './directory';
import { ENCRYPTION_MODES, MAX_PASSPHRASE_LENGTH, type EncryptionStatus, type StoreUnlockState } from './encryption';
import type { PublicUser } from './user';

/** Hard caps so a hostile renderer cannot make the main process chew on megabytes. */
const MAX_TEXT = 1_000;
const MAX_PASSWORD_INPUT = 1_000;

const text = (label: string, max = MAX_TEXT) =>
  z
    .string({ error: `${label} must be text.` })
    .max(max, { error: `${label} is too long.` });

const passwordInput = (label: string) => text(label, MAX_PASSWORD_INPUT);

export const registerPayload = z.strictObject({
  username: text('Username'),
  email: text('Email'),
  password: passwordInput('Password'),
  confirmPassword: passwordInput('Password confirmation'),
});

export const loginPayload = z.strictObject({
  identifier: text('Username or email'),
  password: passwordInput('Password'),
  remember: z.boolean({ error: 'Remember me must be true or false.' }).optional(),
});

export const emptyPayload = z.strictObject({});

export const changePasswordPayload = z.strictObject({
  currentPassword: passwordInput('Current password'),
  newPassword: passwordInput('New password'),
  confirmPassword: passwordInput('Password confirmation'),
});

export const updateProfilePayload = z.strictObject({
  username: text('Username').optional(),
  email: text('Email').optional(),
  /** The person's password, asked again to change the email (issue 11). */
  currentPassword: passwordInput('Current password').optional(),
});

const userId = z.number({ error: 'User id must be a number.' }).int().positive().safe();
const role = z.enum(['user', 'admin'], { error: 'Role must be user or admin.' });
const page = z.number({ error: 'Page must be a number.' }).int().min(1).max(1_000_000).optional();
const pageSize = z.number({ error: 'Page size must be a number.' }).int().min(1).max(100).optional();

export const listUsersPayload = z.strictObject({ query: text('Search', 254).optional(), page, pageSize });
export const createUserPayload = z.strictObject({ username: text('Username'), email: text('Email'), role });
export const userIdPayload = z.strictObject({ userId });
export const setActivePayload = z.strictObject({ userId, active: z.boolean({ error: 'Active must be true or false.' }) });
export const setRolePayload = z.strictObject({ userId, role });
const auditFilter = {
  userId: userId.optional(),
  event: z.enum(AUDIT_EVENTS, { error: 'Unknown event type.' }).optional(),
};
export const auditPayload = z.strictObject({ ...auditFilter, page, pageSize });
export const auditCsvPayload = z.strictObject(auditFilter);
export const setPolicyPayload = z.strictObject({
  policy: z.strictObject({
    selfRegistration: z.boolean().optional(),
    minPasswordLength: z.number().optional(),
    lockoutThreshold: z.number().optional(),
    lockoutDurationMs: z.number().optional(),
    idleTimeoutMs: z.number().optional(),
    sessionLifetimeMs: z.number().optional(),
    rememberAllowed: z.boolean().optional(),
    rememberLifetimeMs: z.number().optional(),
    kioskMode: z.boolean().optional(),
    onScreenKeyboard: z.boolean().optional(),
    startAtLogin: z.boolean().optional(),
    auditMaxAgeMs: z.number().optional(),
    auditMaxEntries: z.number().optional(),
    twoStepPolicy: z.enum(TWO_STEP_POLICIES, { error: 'Two-step verification must be off, optional, admins or everyone.' }).optional(),
    endSessionOnSystemLock: z.boolean().optional(),
    removeInactiveAccounts: z.boolean().optional(),
    inactiveAccountAfterMs: z.number().optional(),
    inactiveGraceMs: z.number().optional(),
  }),
});
export const passwordPayload = z.strictObject({ password: passwordInput('Password') });
/** The store's passphrase or its recovery key, typed on the unlock screen before the store opens. */
export const unlockStorePayload = z.strictObject({ secret: text('Passphrase or recovery key', MAX_PASSPHRASE_LENGTH) });
// Issue 11: an administrator edits another account's email from its details view.
export const adminUpdateEmailPayload = z.strictObject({ userId, email: text('Email') });

// Two-step verification (issue 13). Codes are short; the cap only stops a hostile renderer.
const MAX_CODE = 100;
const totpCode = text('Code', MAX_CODE);
const recoveryCode = text('Recovery code', MAX_CODE);
/** The second sign-in step: a code from the app, or one of the recovery codes (the core wants exactly one). */
export const secondStepPayload = z.strictObject({ code: totpCode.optional(), recoveryCode: recoveryCode.optional() });
export const twoStepCodePayload = z.strictObject({ code: totpCode });
/** Turning it off: the password, plus a current code or an unused recovery code. */
export const twoStepDisablePayload = z.strictObject({
  password: passwordInput('Password'),
  code: totpCode.optional(),
  recoveryCode: recoveryCode.optional(),
});

/** Where a person's two-step verification stands, for the Two-step verification screen. */
export interface TwoStepStatus {
  enabled: boolean;
  /** Unused recovery codes (0 when off). */
  recoveryCodesLeft: number;
  /** Whether the policy lets this person set it up, requires it, or does not offer it. */
  policy: 'off' | 'optional' | 'required';
}

/** A new secret, shown once while setting up: never sent again after it is turned on. */
export interface TwoStepSetup {
  /** The otpauth:// URI the QR code holds (issuer Gatehouse, label the username). */
  uri: string;
  /** The same secret in base32, for typing into the app. */
  secret: string;
}

// Issue 14: Keep exempts an account from inactive-account removal.
export const setKeepPayload = z.strictObject({ userId, keep: z.boolean({ error: 'Keep must be true or false.' }) });

/** Issue 14: an account the inactive-account rule will act on within 7 days. */
export interface InactiveDueAccount {
  userId: number;
  username: string;
  action: 'disable' | 'delete';
  /** ISO time. */
  at: string;
}
/** Encryption at rest (issue 12): the mode, and the passphrase for passphrase mode. */
export const encryptionEnablePayload = z.strictObject({
  mode: z.enum(ENCRYPTION_MODES, { error: 'Mode must be os-keyring or passphrase.' }),
  passphrase: text('Passphrase', MAX_PASSPHRASE_LENGTH).optional(),
});

export interface UserPage {
  users: ManagedUserView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Accounts deleted since, by the names they had, for the user filter (issue 11). */
  deletedAccounts: DeletedAccountView[];
  total: number;
  page: number;
  pageSize: number;
}

export type { AuditEventName };

/** What the renderer needs to explain the rules before a person types. */
export interface AppInfo {
  policy: {
    minPasswordLength: number;
    selfRegistration: boolean;
    rememberAllowed: boolean;
    idleTimeoutMs: number;
    kioskMode: boolean;
    onScreenKeyboard: boolean;
  };
  /** The username someone asked this machine to remember ("Remember me"), for the sign-in form. */
  rememberedUsername: string | null;
  /**
   * Whether this device has been set up (its first account, the administrator, exists). Until
   * then the app opens on the first-run screen, or in kiosk mode says to ask staff (issue 11).
   */
  setUp: boolean;
  /**
   * Issue 16: an organisation's directory is configured, so some accounts sign in there (the
   * footer must not say that every account stays on this device). Whether, never where.
   */
  directoryConfigured: boolean;
}

/** The sign-in before the current one and the failed attempts on the account since it (issue 11). */
export interface SignInHistory {
  /** ISO 8601; null when this is the account's first sign-in. */
  previousSignInAt: string | null;
  failedAttemptsSince: number;
}

/**
 * The access states a caller can be in. Each contract entry names the states it accepts, and
 * the core's router refuses every other caller before the handler runs, so no handler checks
 * who is calling. A caller is in one base state (`anonymous`, `signedIn`, `admin`) plus any
 * conditions that hold (`locked`, `passwordChangePending`); every one of them must be accepted.
 * A later state (a second sign-in step pending, a guest, an offline directory session) is added
 * here, given a refusal in the router, and named by the entries that accept it.
 */
export const ACCESS_STATES = ['anonymous', 'signedIn', 'admin', 'locked', 'passwordChangePending', 'twoStepSetupPending'] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

/** Everyone, whatever their session: reading the rules, asking who is signed in, leaving. */
const ANYONE = ['anonymous', 'signedIn', 'admin', 'locked', 'passwordChangePending', 'twoStepSetupPending'] as const;
/** Whoever is at an unlocked window, signed in or not (signing in replaces any session). */
const UNLOCKED = ['anonymous', 'signedIn', 'admin', 'passwordChangePending', 'twoStepSetupPending'] as const;
/**
 * Signed in at an unlocked window, even before choosing the new password they must choose or
 * setting up the two-step verification policy requires.
 */
const AT_THE_MACHINE = ['signedIn', 'admin', 'passwordChangePending', 'twoStepSetupPending'] as const;
const SIGNED_IN = ['signedIn', 'admin'] as const;
/** Setting up two-step verification: open to someone policy holds at the setup screen (issue 13). */
const TWO_STEP_SETUP = ['signedIn', 'admin', 'twoStepSetupPending'] as const;
const ADMIN = ['admin'] as const;

/** A typed marker for a channel's result; the value is never read. */
function returns<T>(): T {
  return undefined as T;
}

export const CONTRACT = {
  'app:info': { access: ANYONE, method: 'info', payload: emptyPayload, result: returns<AppInfo>() },
  'auth:register': { access: UNLOCKED, method: 'register', payload: registerPayload, result: returns<{ user: PublicUser }>() },
  'auth:login': { access: UNLOCKED, method: 'login', payload: loginPayload, result: returns<{ user: PublicUser }>() },
  'auth:logout': { access: ANYONE, method: 'logout', payload: emptyPayload, result: returns<Record<string, never>>() },
  'auth:session': {
    access: ANYONE, method: 'session',
    payload: emptyPayload,
    /**
     * `idleRemainingMs`: how long the core will keep this session without activity (input seen
     * by the shell counts too); null when no idle limit applies (nobody signed in, or a
     * remembered session). Asking is not activity.
     */
    result: returns<{
      user: PublicUser | null;
      locked: boolean;
      idleRemainingMs: number | null;
      /**
       * How long until the session is signed out if nothing more happens (issue 11: the lock
       * screen says it); null when nobody is signed in. A duration, not a time: the page counts
       * it down on its own clock.
       */
      signOutInMs?: number | null;
    }>(),
  },
  'auth:change-password': {
    access: AT_THE_MACHINE, method: 'changePassword',
    payload: changePasswordPayload,
    result: returns<Record<string, never>>(),
  },
  'account:update-profile': {
    access: SIGNED_IN, method: 'updateProfile',
    payload: updateProfilePayload,
    result: returns<{ user: PublicUser }>(),
  },
  'session:activity': { access: AT_THE_MACHINE, method: 'reportActivity', payload: emptyPayload, result: returns<{ idleTimeoutMs: number }>() },
  'session:lock': { access: AT_THE_MACHINE, activity: false, method: 'lock', payload: emptyPayload, result: returns<Record<string, never>>() },
  'session:unlock': { access: [...AT_THE_MACHINE, 'locked'], activity: false, method: 'unlock', payload: passwordPayload, result: returns<{ user: PublicUser }>() },
  'kiosk:exit': { access: ADMIN, method: 'exitKiosk', payload: passwordPayload, result: returns<Record<string, never>>() },
  'admin:list-users': { access: ADMIN, method: 'listUsers', payload: listUsersPayload, result: returns<UserPage>() },
  'admin:create-user': {
    access: ADMIN, method: 'createUser',
    payload: createUserPayload,
    result: returns<{ user: AdminUserView; temporaryPassword: string }>(),
  },
  'admin:set-active': { access: ADMIN, method: 'setUserActive', payload: setActivePayload, result: returns<{ user: AdminUserView }>() },
  'admin:unlock-user': { access: ADMIN, method: 'unlockUser', payload: userIdPayload, result: returns<{ user: AdminUserView }>() },
  'admin:reset-password': {
    access: ADMIN, method: 'resetPassword',
    payload: userIdPayload,
    result: returns<{ user: AdminUserView; temporaryPassword: string }>(),
  },
  'admin:end-sessions': { access: ADMIN, method: 'endUserSessions', payload: userIdPayload, result: returns<{ ended: number }>() },
  'admin:set-role': { access: ADMIN, method: 'setUserRole', payload: setRolePayload, result: returns<{ user: AdminUserView }>() },
  'admin:delete-user': { access: ADMIN, method: 'deleteUser', payload: userIdPayload, result: returns<Record<string, never>>() },
  'admin:audit': { access: ADMIN, method: 'listAudit', payload: auditPayload, result: returns<AuditPage>() },
  'admin:audit-csv': { access: ADMIN, method: 'exportAuditCsv', payload: auditCsvPayload, result: returns<{ csv: string; filename: string }>() },
  'admin:get-policy': { access: ADMIN, method: 'getPolicy', payload: emptyPayload, result: returns<{ policy: PolicySettings }>() },
  'admin:set-policy': { access: ADMIN, method: 'setPolicy', payload: setPolicyPayload, result: returns<{ policy: PolicySettings }>() },
  // Issue 11: the user-details view, and its email edit (same email rules as registration).
  'admin:get-user': { access: ADMIN, method: 'getUser', payload: userIdPayload, result: returns<{ user: ManagedUserView }>() },
  'admin:update-email': {
    access: ADMIN, method: 'updateUserEmail',
    payload: adminUpdateEmailPayload,
    result: returns<{ user: ManagedUserView }>(),
  },
  // Two-step verification (issue 13). The second sign-in step belongs to the window whose
  // password step asked for it (SECOND_STEP_REQUIRED), so it is open like sign-in itself.
  'auth:verify-second-step': { access: UNLOCKED, method: 'verifySecondStep', payload: secondStepPayload, result: returns<{ user: PublicUser }>() },
  'two-step:status': { access: TWO_STEP_SETUP, method: 'twoStepStatus', payload: emptyPayload, result: returns<TwoStepStatus>() },
  'two-step:begin-setup': { access: TWO_STEP_SETUP, method: 'beginTwoStepSetup', payload: emptyPayload, result: returns<TwoStepSetup>() },
  'two-step:confirm-setup': {
    access: TWO_STEP_SETUP, method: 'confirmTwoStepSetup',
    payload: twoStepCodePayload,
    result: returns<{ recoveryCodes: string[]; user: PublicUser }>(),
  },
  'two-step:disable': { access: SIGNED_IN, method: 'disableTwoStep', payload: twoStepDisablePayload, result: returns<Record<string, never>>() },
  'two-step:new-recovery-codes': {
    access: SIGNED_IN, method: 'newRecoveryCodes',
    payload: twoStepCodePayload,
    result: returns<{ recoveryCodes: string[] }>(),
  },
  'admin:reset-two-step': { access: ADMIN, method: 'resetTwoStep', payload: userIdPayload, result: returns<{ user: AdminUserView }>() },
  // Issue 14: inactive accounts.
  'admin:inactive-due': {
    access: ADMIN, method: 'listInactiveDue',
    payload: emptyPayload,
    result: returns<{ enabled: boolean; accounts: InactiveDueAccount[] }>(),
  },
  'admin:set-keep': { access: ADMIN, method: 'setUserKeep', payload: setKeepPayload, result: returns<{ user: AdminUserView }>() },
  // Issue 16: the directory is configured from the CLI only; the renderer sees it and tests it.
  'admin:directory-status': { access: ADMIN, method: 'directoryStatus', payload: emptyPayload, result: returns<{ status: DirectoryStatus }>() },
  'admin:directory-test': { access: ADMIN, method: 'testDirectory', payload: emptyPayload, result: returns<{ test: ConnectionTest }>() },
  // Issue 14: "Back up now". No path in the payload: the shell's folder dialog chooses where
  // (file: null when the administrator cancelled it).
  'admin:backup': { access: ADMIN, method: 'backUpNow', payload: emptyPayload, result: returns<{ file: string | null }>() },
  // Encryption at rest (issue 12): the recovery key comes back once, from enable and rotate.
  'admin:encryption-status': { access: ADMIN, method: 'encryptionStatus', payload: emptyPayload, result: returns<EncryptionStatus>() },
  'admin:encryption-enable': {
    access: ADMIN, method: 'enableEncryption',
    payload: encryptionEnablePayload,
    result: returns<{ status: EncryptionStatus; recoveryKey: string }>(),
  },
  'admin:encryption-disable': { access: ADMIN, method: 'disableEncryption', payload: emptyPayload, result: returns<{ status: EncryptionStatus }>() },
  'admin:encryption-rotate': { access: ADMIN, method: 'rotateEncryptionKey', payload: emptyPayload, result: returns<{ status: EncryptionStatus; recoveryKey: string }>() },
  // Issue 11: the dashboard's "Previous sign-in". Reading it is not activity.
  'account:sign-in-history': { access: SIGNED_IN, activity: false, method: 'signInHistory', payload: emptyPayload, result: returns<SignInHistory>() },
  // Encryption at rest (issue 12): before the store opens, the unlock gate (core/store-gate.ts)
  // answers these two and refuses the rest; once it is open they answer `open`.
  'store:unlock-state': { access: ANYONE, activity: false, method: 'storeUnlockState', payload: emptyPayload, result: returns<StoreUnlockState>() },
  'store:unlock': { access: ANYONE, activity: false, method: 'unlockStore', payload: unlockStorePayload, result: returns<StoreUnlockState>() },
} as const;

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
export type PayloadOf<C extends Channel> = z.input<Contract[C]['payload']>;
export type ParsedPayloadOf<C extends Channel> = z.output<Contract[C]['payload']>;
export type DataOf<C extends Channel> = Contract[C]['result'];
export type AccessOf<C extends Channel> = Contract[C]['access'][number];

/** Whether a call on this channel counts as activity for the idle timeout (most do). */
export function countsAsActivity(channel: Channel): boolean {
  const entry: { method: string; activity?: boolean } = CONTRACT[channel];
  return entry.activity !== false;
}

export const CHANNELS = Object.keys(CONTRACT) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, value);
}

/**
 * Who is calling. The Electron shell fills this in from the IPC event; the renderer never
 * supplies it. `fromAppPage` is the shell's verdict on the sender frame's URL.
 */
export interface Caller {
  windowId: number;
  fromAppPage: boolean;
}

/**
 * The one push from the main process to the renderer: the session state of the renderer's
 * window, as the core alone decides it (Bitwarden's vault-timeout model). The shell's one timer
 * ticks the core and sends this on SESSION_STATE_EVENT when it changes; the harness carries the
 * same event. The renderer only shows it:
 * - `signed-out`: nobody is signed in at this window;
 * - `active`: signed in, unlocked, not near the idle deadline;
 * - `warning`: the idle sign-out (or lock, `then: 'lock'`) comes in `msLeft` unless there is input;
 *   with `final: true` it is the hard session limit instead, which input does not move;
 * - `locked`: behind the owner's password;
 * - `ended`: the core has just ended the session (idle, lifetime, revoked); `message` says why.
 */
export const SESSION_STATE_EVENT = 'session:state';

export const sessionStateSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('signed-out') }),
  // `endsInMs`: time left before the hard session limit, only in its last 10 minutes (issue 14).
  z.strictObject({ status: z.literal('active'), endsInMs: z.number().int().nonnegative().optional() }),
  // `then: 'lock'` for a remembered session, which idle time locks rather than ends.
  // `final: true`: the hard session limit, which nothing extends; `msLeft` is the time to it.
  z.strictObject({
    status: z.literal('warning'),
    msLeft: z.number().int().nonnegative(),
    then: z.literal('lock').optional(),
    final: z.literal(true).optional(),
    endsInMs: z.number().int().nonnegative().optional(),
  }),
  z.strictObject({ status: z.literal('locked') }),
  z.strictObject({ status: z.literal('ended'), message: z.string().max(500) }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

/**
 * How long before the idle deadline the warning shows: a minute, or half the timeout when the
 * timeout is that short, so a one-minute policy does not warn from the moment someone signs in.
 */
export function warningLeadMs(idleTimeoutMs: number): number {
  return Math.min(60_000, Math.floor(idleTimeoutMs / 2));
}
