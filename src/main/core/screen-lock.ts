/**
 * Leaving a shared machine safely: activity reports (the idle timer), locking the screen behind
 * the same person's password, and an administrator's re-authentication to leave kiosk mode.
 * The core keeps the lock, so reloading the renderer cannot skip it.
 */
import type { z } from 'zod';
import type { passwordPayload } from '../../shared/contract';
import { PASSWORD_MAX_BYTES, normalizePassword, utf8ByteLength } from '../../shared/policy';
import { fail, ok, type Result } from '../../shared/result';
import type { PublicUser } from '../../shared/user';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { clearFailures, lockedUntil, recordFailure } from './lockout';
import { authenticate } from './sessions';
import { findUserById, toPublicUser, type UserRow } from './users';

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
    slot.locked = true;
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

/**
 * Checks the signed-in person's password again. Failures count toward the account's lockout,
 * exactly like failed sign-ins, so a lock screen is no way around the throttle.
 */
async function reverify(ctx: CoreContext, user: UserRow, password: string): Promise<Result<null>> {
  const until = lockedUntil(ctx, { kind: 'user', user });
  const now = ctx.now();
  if (until !== null) {
    return fail('ACCOUNT_LOCKED', 'Too many wrong passwords. Wait until the lock ends, or sign in as someone else.', {
      unlocksAt: new Date(until).toISOString(),
    });
  }
  const normalized = normalizePassword(password);
  const matches = utf8ByteLength(normalized) <= PASSWORD_MAX_BYTES && (await ctx.hasher.compare(normalized, user.password_hash));
  // Read again: attempts sent together may have counted or locked meanwhile. Every one that
  // finishes after the lock answers ACCOUNT_LOCKED, right password or not (as sign-in does).
  const fresh = findUserById(ctx.store, user.id) ?? user;
  const lockedMeanwhile = lockedUntil(ctx, { kind: 'user', user: fresh });
  if (lockedMeanwhile !== null) {
    return fail('ACCOUNT_LOCKED', 'Too many wrong passwords. Wait until the lock ends, or sign in as someone else.', {
      unlocksAt: new Date(lockedMeanwhile).toISOString(),
    });
  }
  if (!matches) {
    const lockedNow = recordFailure(ctx, { kind: 'user', user: fresh });
    recordAudit(ctx.store, now, { event: 'unlock_failure', userId: user.id });
    if (lockedNow !== null) recordAudit(ctx.store, now, { event: 'lockout', userId: user.id, identifier: user.username });
    await ctx.store.persist();
    return lockedNow !== null
      ? fail('ACCOUNT_LOCKED', 'Too many wrong passwords. Wait until the lock ends, or sign in as someone else.', {
          unlocksAt: new Date(lockedNow).toISOString(),
        })
      : fail('INVALID_CREDENTIALS', 'That password is not right.', { fields: { password: 'That password is not right.' } });
  }
  clearFailures(ctx, user.id);
  return ok(null);
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
  if (!slot.locked) return ok({ user: toPublicUser(user) });
  const verified = await reverify(ctx, user, input.password);
  if (!verified.ok) return verified;
  slot.locked = false;
  slot.lastActivityAt = ctx.now();
  recordAudit(ctx.store, ctx.now(), { event: 'session_unlock', userId: user.id });
  await ctx.store.persist();
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
  const verified = await reverify(ctx, user, input.password);
  if (!verified.ok) return verified;
  recordAudit(ctx.store, ctx.now(), { event: 'kiosk_exit', userId: user.id, actorId: user.id });
  await ctx.store.persist();
  return ok({});
}
