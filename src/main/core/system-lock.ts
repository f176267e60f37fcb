/**
 * The OS locked the screen or the machine went to sleep (issue 14): the person has probably
 * walked away. The policy `endSessionOnSystemLock` chooses what that does to each window's
 * session: lock it behind its owner's password (the default), or end it.
 */
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { lockWindow } from './screen-lock';
import { fail, type Result } from '../../shared/result';
import { rememberEndedNotice, takeEndedNotice } from './session-end-notice';
import { authenticate, endWindowSlot } from './sessions';

export const SYSTEM_LOCK_SIGN_OUT_MESSAGE = 'You were signed out because the computer was locked or went to sleep.';

/** The caller persists. */
export async function onSystemLock(ctx: CoreContext, windowId: number): Promise<void> {
  ctx.systemLocks++; // a sign-in in flight now sees it when it ends (afterSystemLockDuringSignIn)
  // Not activity: the OS locking the screen must not keep an idle session alive.
  const auth = await authenticate(ctx, windowId, false);
  if (!auth.ok) return;
  if (!ctx.policy().endSessionOnSystemLock) {
    lockWindow(ctx, windowId, auth.auth.user);
    return;
  }
  const userId = await endWindowSlot(ctx, windowId);
  if (userId === null) return;
  recordAudit(ctx.store, ctx.now(), { event: 'signout', userId, detail: { reason: 'system-lock' } });
  // The next tick pushes `ended` with this reason; a reload before it still hears it once.
  rememberEndedNotice(ctx, windowId, SYSTEM_LOCK_SIGN_OUT_MESSAGE, false);
}

/**
 * The OS locked or slept while a sign-in was being checked (bcrypt, the directory): the person
 * may have walked away meanwhile, so the session it just started gets what the policy gives the
 * sessions that were running: locked behind the password, or ended (then answered with why).
 * Without this it would be open behind the OS lock screen, for whoever unlocks the machine
 * next. An answer that started no session (refused, or waiting for a second step) is kept.
 */
export async function afterSystemLockDuringSignIn<T>(ctx: CoreContext, windowId: number, answer: Result<T>): Promise<Result<T>> {
  if (!answer.ok || !ctx.slots.has(windowId)) return answer;
  await onSystemLock(ctx, windowId);
  const ended = takeEndedNotice(ctx, windowId);
  return ended === undefined ? answer : fail('SESSION_EXPIRED', ended);
}
