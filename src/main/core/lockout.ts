/**
 * Counting failed sign-ins. Known accounts count on their own row; identifiers that match no
 * account count in login_throttle, so an attacker cannot tell the two apart by being locked.
 */
import { createHash } from 'node:crypto';
import { normalizeEmail, normalizeUsername } from '../../shared/password-rules';
import { fail, type Result } from '../../shared/result';
import type { CoreContext } from './context';
import type { UserRow } from './users';

/** The one answer to a locked account or name, at sign-in, the lock screen and the kiosk exit. */
export function lockedAnswer(until: number, now: number): Result<never> {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return fail('ACCOUNT_LOCKED', `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
    unlocksAt: new Date(until).toISOString(),
  });
}

export type Target = { kind: 'user'; user: UserRow } | { kind: 'unknown'; key: string };

interface ThrottleRow {
  failed_attempts: number;
  locked_until: number | null;
}

/** Keys longer than this are stored as a hash: a stranger's 1,000-character name costs 64 bytes. */
const KEY_MAX = 64;

export function throttleKey(identifier: string): string {
  const key = identifier.includes('@') ? normalizeEmail(identifier) : normalizeUsername(identifier);
  return key.length <= KEY_MAX ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** The time the target unlocks, or null when it may try now. */
export function lockedUntil(ctx: CoreContext, target: Target): number | null {
  const until =
    target.kind === 'user'
      ? target.user.locked_until
      : (ctx.store.get<ThrottleRow>('SELECT locked_until FROM login_throttle WHERE identifier_norm = ?', [target.key])
          ?.locked_until ?? null);
  return until !== null && until > ctx.now() ? until : null;
}

/** Records one failure; returns the unlock time when this failure locked the target. */
export function recordFailure(ctx: CoreContext, target: Target): number | null {
  const now = ctx.now();
  const { lockoutThreshold, lockoutDurationMs } = ctx.policy();
  const previous =
    target.kind === 'user'
      ? target.user.failed_attempts
      : (ctx.store.get<ThrottleRow>('SELECT failed_attempts FROM login_throttle WHERE identifier_norm = ?', [target.key])
          ?.failed_attempts ?? 0);
  const failures = previous + 1;
  // Reaching the threshold locks and starts a fresh count for after the lock.
  const locks = failures >= lockoutThreshold;
  const until = locks ? now + lockoutDurationMs : null;
  const count = locks ? 0 : failures;
  if (target.kind === 'user') {
    ctx.store.run('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?', [count, until, target.user.id]);
  } else {
    ctx.store.run(
      `INSERT INTO login_throttle (identifier_norm, failed_attempts, locked_until, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(identifier_norm) DO UPDATE SET failed_attempts = excluded.failed_attempts,
         locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
      [target.key, count, until, now],
    );
    // Keep the table small: entries with nothing pending for a day are dropped.
    ctx.store.run('DELETE FROM login_throttle WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?)', [
      now - 86_400_000,
      now,
    ]);
  }
  return until;
}

export function clearFailures(ctx: CoreContext, userId: number): void {
  ctx.store.run('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ? AND (failed_attempts != 0 OR locked_until IS NOT NULL)', [userId]);
}

/** Forgets the sign-in counters of an account's username and email (an unlock by an administrator). */
export function clearIdentifierFailures(ctx: CoreContext, user: UserRow): void {
  ctx.store.run('DELETE FROM login_throttle WHERE identifier_norm IN (?, ?)', [normalizeUsername(user.username), normalizeEmail(user.email)]);
}
