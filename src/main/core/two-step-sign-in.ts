/**
 * The second sign-in step (issue 13). The password step hands over here when the account has
 * two-step verification on: no session starts, the window holds a half-done sign-in for five
 * minutes, and only a right code or unused recovery code from that same window completes it.
 * Remember me never skips this step: every new sign-in asks.
 */
import { fail, type Result } from '../../shared/result';
import type { CoreContext } from './context';
import type { Handler } from './handler';
import { completeSignIn } from './sign-in';
import { checkSecondFactor, enabledTwoStep, isFactor, isLocalAccount, oneFactor } from './two-step';
import { findUserById, type UserRow } from './users';

/** How long a half-done sign-in waits for its code. */
export const SECOND_STEP_TTL_MS = 5 * 60_000;

/**
 * Called once the password is right: null when no second step applies, otherwise the answer
 * that asks for it. It is reached only with the right password, so it reveals that the password
 * was right (SECURITY.md), and nothing before it differs.
 */
export function beginSecondStep(ctx: CoreContext, windowId: number, user: UserRow, remember: boolean, identifier: string): Result<never> | null {
  if (!isLocalAccount(ctx, user) || enabledTwoStep(ctx, user.id) === undefined) return null;
  ctx.twoStep.pendingSignIns.set(windowId, { userId: user.id, remember, identifier, startedAt: ctx.now() });
  return fail('SECOND_STEP_REQUIRED', 'Enter the 6-digit code from your authenticator app.');
}

/** Sign-out, a closed window or a new sign-in forgets the window's half-done sign-in. */
export function dropSecondStep(ctx: CoreContext, windowId: number): void {
  ctx.twoStep.pendingSignIns.delete(windowId);
}

export const verifySecondStep: Handler<'auth:verify-second-step'> = async (ctx, input, { windowId }) => {
  const pending = ctx.twoStep.pendingSignIns.get(windowId);
  if (!pending) return fail('NOT_FOUND', 'No sign-in is waiting for a code here. Please sign in again.');
  if (ctx.now() - pending.startedAt >= SECOND_STEP_TTL_MS) {
    dropSecondStep(ctx, windowId);
    return fail('SESSION_EXPIRED', 'The sign-in timed out after 5 minutes. Please sign in again.');
  }
  const user = findUserById(ctx.store, pending.userId);
  // Disabled, deleted or reset by an administrator meanwhile: start again from the password.
  if (!user || user.active !== 1 || enabledTwoStep(ctx, user.id) === undefined) {
    dropSecondStep(ctx, windowId);
    return fail('SESSION_EXPIRED', 'This sign-in can no longer be completed. Please sign in again.');
  }
  const factor = oneFactor(input);
  if (!isFactor(factor)) return factor;
  const checked = checkSecondFactor(ctx, user, factor, 'sign-in');
  if (!checked.ok) {
    if (checked.error.code === 'ACCOUNT_LOCKED') dropSecondStep(ctx, windowId);
    return checked;
  }
  return completeSignIn(ctx, windowId, user, pending.remember, pending.identifier, { secondStep: checked.data.via });
};
