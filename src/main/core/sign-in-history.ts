/**
 * What a person is told about their own account at sign-in (issue 11): the sign-in before this
 * one and the failed attempts on the account since it, as Linux's pam_lastlog and Windows do.
 * Kept on the users row (not read back from the audit log, which coalesces floods and is pruned).
 */
import { ok } from '../../shared/result';
import type { Handler } from './handler';
import type { CoreContext } from './context';
import { findUserById, type UserRow } from './users';

/** A failed or blocked attempt at signing in to this account, whichever spelling was typed. */
export function countFailedSignIn(ctx: CoreContext, userId: number): void {
  ctx.store.run('UPDATE users SET failed_signins_since_login = failed_signins_since_login + 1 WHERE id = ?', [userId]);
}

/**
 * A successful sign-in: the last one becomes the previous one, and the failures counted since it
 * are kept for the dashboard to tell; counting starts again from now.
 */
export function recordSignIn(ctx: CoreContext, user: UserRow, now: number): void {
  ctx.store.run(
    `UPDATE users SET previous_login_at = last_login_at, failed_signins_before_login = failed_signins_since_login,
       failed_signins_since_login = 0, last_login_at = ? WHERE id = ?`,
    [now, user.id],
  );
}

interface HistoryRow {
  previous_login_at: number | null;
  failed_signins_before_login: number;
}

/** 'account:sign-in-history': the signed-in person's previous sign-in and the failures since it. */
export const signInHistory: Handler<'account:sign-in-history'> = async (ctx, _input, { user }) => {
  const row = findUserById(ctx.store, user.id) as (UserRow & HistoryRow) | undefined;
  return ok({
    previousSignInAt: row?.previous_login_at == null ? null : new Date(row.previous_login_at).toISOString(),
    failedAttemptsSince: row?.failed_signins_before_login ?? 0,
  });
};
