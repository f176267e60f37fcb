/**
 * The OS locked the screen or the machine went to sleep (issue 14): the person has probably
 * walked away. The policy `endSessionOnSystemLock` chooses what that does to each window's
 * session: lock it behind its owner's password (the default), or end it.
 */
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { lockWindow } from './screen-lock';
import { rememberEndedNotice } from './session-end-notice';
import { authenticate, endWindowSlot } from './sessions';

export const SYSTEM_LOCK_SIGN_OUT_MESSAGE = 'You were signed out because the computer was locked or went to sleep.';

/** The caller persists. */
export async function onSystemLock(ctx: CoreContext, windowId: number): Promise<void> {
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
