/**
 * The end of every successful sign-in, whatever proved who the person is (the password alone,
 * or the password and then a second step): counters cleared, session started, audited.
 */
import { ok, type Result } from '../../shared/result';
import type { PublicUser } from '../../shared/user';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { clearAllFailures } from './lockout';
import { startSessionRows } from './sessions';
import { recordSignIn } from './sign-in-history';
import { twoStepPublicUser } from './two-step';
import { findUserById, type UserRow } from './users';

export async function completeSignIn(
  ctx: CoreContext,
  windowId: number,
  user: UserRow,
  requestedRemember: boolean,
  identifier: string,
  detail: Record<string, unknown> = {},
): Promise<Result<{ user: PublicUser }>> {
  const now = ctx.now();
  ctx.twoStep.pendingSignIns.delete(windowId);
  const remember = requestedRemember && ctx.policy().rememberAllowed;
  // One transaction: the sign-in is one journal record, all of it or none.
  const afterCommit = ctx.store.transaction(() => {
    // Who this is is proven: every count on the account and its spellings ends.
    clearAllFailures(ctx, user);
    recordSignIn(ctx, user, now); // previous sign-in and failures since, for the dashboard (issue 11)
    const sessionStarted = startSessionRows(ctx, windowId, user, remember);
    recordAudit(ctx.store, now, { event: 'signin_success', userId: user.id, identifier, detail: { remember, ...detail } });
    return sessionStarted;
  });
  await afterCommit();
  // "Remember me" also remembers who: the next sign-in form starts with the username. Signing
  // in without it forgets, so the next person finds no trace of this one.
  await ctx.usernameStore.save(remember ? user.username : null);
  return ok({ user: twoStepPublicUser(ctx, findUserById(ctx.store, user.id)!) });
}
