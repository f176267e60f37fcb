/**
 * Counting failed password checks (issue 10 §5: lockout reveals nothing).
 *
 * - Sign-in failures count on the normalised identifier that was typed, whether or not it names
 *   an account, in login_throttle, under one rule: so no answer, no bcrypt work and no lockout
 *   sequence can tell an account that exists from one that does not. The consequence: each
 *   spelling of an account (its username, its email) has its own count.
 * - Failures where the person is already identified (lock screen, change password, kiosk exit)
 *   count on the account's own row.
 */
import { createHash } from 'node:crypto';
import { normalizeEmail, normalizeUsername } from '../../shared/password-rules';
import { fail, type AppError, type Result } from '../../shared/result';
import { attemptsLeftSentence, lockedMessage } from '../../shared/sign-in-messages';
import type { CoreContext } from './context';
import type { UserRow } from './users';

/**
 * The one decay rule for every typed identifier: failures with no new failure for this long are
 * forgotten (a lock still runs its full duration).
 */
export const FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;

/** The one answer to a locked account or name, at sign-in, the lock screen and the kiosk exit. */
export function lockedAnswer(until: number, now: number, extra: Pick<AppError, 'attemptsLeft'> = {}): Result<never> {
  return fail('ACCOUNT_LOCKED', lockedMessage(until, now), {
    unlocksAt: new Date(until).toISOString(),
    ...extra,
  });
}

/** Keys longer than this are stored as a hash: a stranger's 1,000-character name costs 64 bytes. */
const KEY_MAX = 64;

/** The counter key of a typed identifier: its normalised form, the same for known and unknown names. */
export function throttleKey(identifier: string): string {
  const key = identifier.includes('@') ? normalizeEmail(identifier) : normalizeUsername(identifier);
  return key.length <= KEY_MAX ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

interface ThrottleRow {
  failed_attempts: number;
  locked_until: number | null;
  updated_at: number;
}

export interface Counter {
  /** Failures counted toward the next lock. */
  failures: number;
  /** When the current lock ends, or null when not locked. */
  lockedUntil: number | null;
}

/** A typed identifier's counter as it stands now, after the decay rule. */
export function identifierCounter(ctx: CoreContext, key: string): Counter {
  const now = ctx.now();
  const row = ctx.store.get<ThrottleRow>('SELECT failed_attempts, locked_until, updated_at FROM login_throttle WHERE identifier_norm = ?', [key]);
  if (!row) return { failures: 0, lockedUntil: null };
  const lockedUntil = row.locked_until !== null && row.locked_until > now ? row.locked_until : null;
  const forgotten = lockedUntil === null && row.updated_at < now - FAILURE_MEMORY_MS;
  return { failures: forgotten ? 0 : row.failed_attempts, lockedUntil };
}

/** How many more wrong passwords a counter allows before it locks (0 while locked). */
export function attemptsLeft(ctx: CoreContext, counter: Counter): number {
  return counter.lockedUntil !== null ? 0 : Math.max(0, ctx.policy().lockoutThreshold - counter.failures);
}

const INVALID_CREDENTIALS = 'The username or email and password do not match an account.';

/**
 * The answer to a wrong password at sign-in, local or directory: the same words and the attempts
 * left on the typed name's counter, so the answer never tells where (or whether) a name exists.
 */
export function invalidCredentials(ctx: CoreContext, counter: Counter): Result<never> {
  const left = attemptsLeft(ctx, counter);
  const message = `${INVALID_CREDENTIALS} ${attemptsLeftSentence(left, ctx.policy().lockoutDurationMs)}`.trim();
  return fail('INVALID_CREDENTIALS', message, { attemptsLeft: left });
}

/** Reaching the threshold locks and starts a fresh count for after the lock. */
function nextCount(ctx: CoreContext, previous: number): { count: number; until: number | null } {
  const { lockoutThreshold, lockoutDurationMs } = ctx.policy();
  const failures = previous + 1;
  return failures >= lockoutThreshold ? { count: 0, until: ctx.now() + lockoutDurationMs } : { count: failures, until: null };
}

/** Records one sign-in failure on a typed identifier; returns its counter afterwards. */
export function recordIdentifierFailure(ctx: CoreContext, key: string): Counter {
  const now = ctx.now();
  const { count, until } = nextCount(ctx, identifierCounter(ctx, key).failures);
  ctx.store.run(
    `INSERT INTO login_throttle (identifier_norm, failed_attempts, locked_until, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(identifier_norm) DO UPDATE SET failed_attempts = excluded.failed_attempts,
       locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
    [key, count, until, now],
  );
  // Keep the table small: what the decay rule has forgotten is dropped.
  ctx.store.run('DELETE FROM login_throttle WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?)', [now - FAILURE_MEMORY_MS, now]);
  return { failures: count, lockedUntil: until };
}

/** The time the account itself unlocks (failures at the lock screen or change password), or null. */
export function accountLockedUntil(ctx: CoreContext, user: UserRow): number | null {
  return user.locked_until !== null && user.locked_until > ctx.now() ? user.locked_until : null;
}

/**
 * Records one failure on the account; returns the unlock time when this failure locked it.
 * A locked account locks both its spellings at sign-in too, for the same time: a session left
 * open must not be a guessing oracle that then moves on to the sign-in form. This reveals nothing
 * a stranger can tell apart: to the sign-in form it is a lock on a name, like any typed name gets.
 */
export function recordAccountFailure(ctx: CoreContext, user: UserRow): number | null {
  const { count, until } = nextCount(ctx, user.failed_attempts);
  ctx.store.run('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?', [count, until, user.id]);
  if (until !== null) {
    for (const key of accountKeys(user)) {
      ctx.store.run(
        `INSERT INTO login_throttle (identifier_norm, failed_attempts, locked_until, updated_at) VALUES (?, 0, ?, ?)
         ON CONFLICT(identifier_norm) DO UPDATE SET failed_attempts = 0,
           locked_until = MAX(COALESCE(locked_until, 0), excluded.locked_until), updated_at = excluded.updated_at`,
        [key, until, ctx.now()],
      );
    }
  }
  return until;
}

export function clearFailures(ctx: CoreContext, userId: number): void {
  ctx.store.run('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ? AND (failed_attempts != 0 OR locked_until IS NOT NULL)', [userId]);
}

function accountKeys(user: UserRow): [string, string] {
  return [throttleKey(user.username), throttleKey(user.email)];
}

/** Forgets the sign-in counters of an account's username and email (a success, or an unlock). */
export function clearIdentifierFailures(ctx: CoreContext, user: UserRow): void {
  ctx.store.run('DELETE FROM login_throttle WHERE identifier_norm IN (?, ?)', accountKeys(user));
}

/** Everything an unlock clears: the account's own count and those of both its spellings. */
export function clearAllFailures(ctx: CoreContext, user: UserRow): void {
  clearFailures(ctx, user.id);
  clearIdentifierFailures(ctx, user);
}

/** What an administrator sees: the latest lock on the account or on either of its spellings. */
export function anyLockedUntil(ctx: CoreContext, user: UserRow): number | null {
  const locks = [accountLockedUntil(ctx, user), ...accountKeys(user).map((key) => identifierCounter(ctx, key).lockedUntil)];
  const until = Math.max(...locks.map((lock) => lock ?? 0));
  return until > 0 ? until : null;
}
