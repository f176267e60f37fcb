/**
 * Leaving a shared machine safely: activity reports (the idle timer), locking the screen behind
 * the same person's password, and an administrator's re-authentication to leave kiosk mode.
 * The core keeps the lock, so reloading the renderer cannot skip it.
 */
import { ok } from '../../shared/result';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import type { Handler } from './handler';
import { reverifyPassword, type Reverification } from './reverify';
import { setSessionLocked } from './sessions';
import { twoStepPublicUser } from './two-step';
import type { UserRow } from './users';

const LOCK_SCREEN_CHECK: Reverification = {
  field: 'password',
  wrongMessage: 'That password is not right.',
  failureEvent: 'unlock_failure',
};

/** The renderer saw keyboard or pointer input: the session is in use. */
export const reportActivity: Handler<'session:activity'> = async (ctx) => ok({ idleTimeoutMs: ctx.policy().idleTimeoutMs });

/** Locks a signed-in window behind its user's password (the renderer's button, or the OS locking). */
export function lockWindow(ctx: CoreContext, windowId: number, user: UserRow): void {
  const slot = ctx.slots.get(windowId);
  if (slot && !slot.locked) {
    setSessionLocked(ctx, slot.tokenHash, true);
    recordAudit(ctx.store, ctx.now(), { event: 'session_lock', userId: user.id });
  }
}

export const lockScreen: Handler<'session:lock'> = async (ctx, _input, { windowId, user }) => {
  lockWindow(ctx, windowId, user);
  return ok({});
};

/**
 * The shell saw input somewhere on the machine (powerMonitor): the person is still there.
 * Trusted because it comes from the main process, never from the renderer; a locked window
 * stays locked and is not kept alive by it.
 */
export function noteSystemActivity(ctx: CoreContext, windowId: number): void {
  const slot = ctx.slots.get(windowId);
  if (slot && !slot.locked) slot.lastActivityAt = Math.max(slot.lastActivityAt, ctx.now());
}

// Not activity until the password is right (the contract says so): a locked screen still times out.
export const unlockScreen: Handler<'session:unlock'> = async (ctx, input, { windowId, user }) => {
  const slot = ctx.slots.get(windowId)!;
  // The password is checked even when the window is not locked: a renderer that believes it
  // is locked must never be opened by just any password.
  const verified = await reverifyPassword(ctx, user, input.password, LOCK_SCREEN_CHECK);
  if (!verified.ok) return verified;
  slot.lastActivityAt = ctx.now();
  if (slot.locked) {
    setSessionLocked(ctx, slot.tokenHash, false);
    recordAudit(ctx.store, ctx.now(), { event: 'session_unlock', userId: user.id });
  }
  return ok({ user: twoStepPublicUser(ctx, user) });
};

/** Only an administrator (the contract says so), typing their password again, may take a kiosk out of kiosk mode. */
export const exitKiosk: Handler<'kiosk:exit'> = async (ctx, input, { user }) => {
  const verified = await reverifyPassword(ctx, user, input.password, LOCK_SCREEN_CHECK);
  if (!verified.ok) return verified;
  recordAudit(ctx.store, ctx.now(), { event: 'kiosk_exit', userId: user.id, actorId: user.id });
  return ok({});
};
