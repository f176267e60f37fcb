/**
 * Leaving a shared machine safely: activity reports (the idle timer), locking the screen behind
 * the same person's password, and an administrator's re-authentication to leave kiosk mode.
 * The core keeps the lock, so reloading the renderer cannot skip it.
 */
import type { z } from 'zod';
import type { passwordPayload } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import type { PublicUser } from '../../shared/user';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { reverifyPassword, type Reverification } from './reverify';
import { authenticate, setSessionLocked } from './sessions';
import { toPublicUser } from './users';

const LOCK_SCREEN_CHECK: Reverification = {
  field: 'password',
  wrongMessage: 'That password is not right.',
  failureEvent: 'unlock_failure',
};

/** The renderer saw keyboard or pointer input: the session is in use. */
export async function reportActivity(ctx: CoreContext, _input: unknown, windowId: number): Promise<Result<{ idleTimeoutMs: number }>> {
  const auth = await authenticate(ctx, windowId, true);
  if (!auth.ok) return { ok: false, error: auth.error };
  return ok({ idleTimeoutMs: ctx.policy().idleTimeoutMs });
}

export async function lockScreen(ctx: CoreContext, _input: unknown, windowId: number): Promise<Result<Record<string, never>>> {
  const auth = await authenticate(ctx, windowId, false);
  if (!auth.ok) return { ok: false, error: auth.error };
  const slot = ctx.slots.get(windowId)!;
  if (!slot.locked) {
    setSessionLocked(ctx, slot.tokenHash, true);
    recordAudit(ctx.store, ctx.now(), { event: 'session_lock', userId: auth.auth.user.id });
    await ctx.store.persist();
  }
  return ok({});
}

/**
 * The shell saw input somewhere on the machine (powerMonitor): the person is still there.
 * Trusted because it comes from the main process, never from the renderer; a locked window
 * stays locked and is not kept alive by it.
 */
export function noteSystemActivity(ctx: CoreContext, windowId: number): void {
  const slot = ctx.slots.get(windowId);
  if (slot && !slot.locked) slot.lastActivityAt = Math.max(slot.lastActivityAt, ctx.now());
}

export async function unlockScreen(
  ctx: CoreContext,
  input: z.output<typeof passwordPayload>,
  windowId: number,
): Promise<Result<{ user: PublicUser }>> {
  // Not activity until the password is right: a locked screen still times out.
  const auth = await authenticate(ctx, windowId, false);
  if (!auth.ok) return { ok: false, error: auth.error };
  const slot = ctx.slots.get(windowId)!;
  const { user } = auth.auth;
  // The password is checked even when the window is not locked: a renderer that believes it
  // is locked must never be opened by just any password.
  const verified = await reverifyPassword(ctx, user, input.password, LOCK_SCREEN_CHECK);
  if (!verified.ok) return verified;
  slot.lastActivityAt = ctx.now();
  if (slot.locked) {
    setSessionLocked(ctx, slot.tokenHash, false);
    recordAudit(ctx.store, ctx.now(), { event: 'session_unlock', userId: user.id });
    await ctx.store.persist();
  }
  return ok({ user: toPublicUser(user) });
}

/** Only an administrator, typing their password again, may take a kiosk out of kiosk mode. */
export async function exitKiosk(
  ctx: CoreContext,
  input: z.output<typeof passwordPayload>,
  windowId: number,
): Promise<Result<Record<string, never>>> {
  const auth = await authenticate(ctx, windowId, true);
  if (!auth.ok) return { ok: false, error: auth.error };
  const { user } = auth.auth;
  if (user.role !== 'admin') return fail('FORBIDDEN', 'Only an administrator can leave kiosk mode.');
  const verified = await reverifyPassword(ctx, user, input.password, LOCK_SCREEN_CHECK);
  if (!verified.ok) return verified;
  recordAudit(ctx.store, ctx.now(), { event: 'kiosk_exit', userId: user.id, actorId: user.id });
  await ctx.store.persist();
  return ok({});
}
