/**
 * Results and errors as they cross the IPC boundary. Nothing here may carry a stack trace:
 * the renderer sees a code it can branch on and a message it can show a person.
 */

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'NOT_AUTHENTICATED',
  'SESSION_EXPIRED',
  'PASSWORD_CHANGE_REQUIRED',
  'SESSION_LOCKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'REGISTRATION_CLOSED',
  /** Too many of one kind of request from one window in a short time. */
  'RATE_LIMITED',
  'UNKNOWN_CHANNEL',
  'STORE_UNAVAILABLE',
  'INTERNAL',
  /** The password was right and the account has two-step verification: a code comes next (issue 13). */
  'SECOND_STEP_REQUIRED',
  /** Signed in, but policy requires two-step verification and it is not set up yet (issue 13). */
  'TWO_STEP_SETUP_REQUIRED',
  /** The organisation's directory could not be reached (or answered with an error), and no offline sign-in applied. */
  'DIRECTORY_UNREACHABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  /** A sentence a person can read. */
  message: string;
  /** Payload key → what is wrong with it (VALIDATION_FAILED and friends). */
  fields?: Record<string, string>;
  /** ISO time the account unlocks (ACCOUNT_LOCKED). */
  unlocksAt?: string;
  /**
   * Wrong passwords the typed name still allows before it locks (sign-in's INVALID_CREDENTIALS
   * and ACCOUNT_LOCKED). Counted per typed name, so it is the same for every name, real or not.
   */
  attemptsLeft?: number;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(
  code: ErrorCode,
  message: string,
  extra: Pick<AppError, 'fields' | 'unlocksAt' | 'attemptsLeft'> = {},
): { ok: false; error: AppError } {
  return { ok: false, error: { code, message, ...extra } };
}

/** Type guard used by the renderer and tests to read an unknown value as a Result. */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.ok === true) return 'data' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string';
}
