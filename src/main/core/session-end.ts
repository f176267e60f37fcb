/**
 * When a window's session will be signed out if nothing more happens (issue 11: the lock screen
 * says so). An ordinary session ends at its idle deadline, which a lock does not stop, or at its
 * lifetime, whichever is first; a remembered one, which idle time only locks, at its lifetime.
 */
import type { CoreContext, WindowSlot } from './context';
import type { SessionRow } from './sessions';

export function sessionEndsAt(ctx: CoreContext, slot: WindowSlot): number | null {
  const row = ctx.store.get<Pick<SessionRow, 'expires_at'>>('SELECT expires_at FROM sessions WHERE token_hash = ?', [slot.tokenHash]);
  if (!row) return null;
  if (slot.remember) return row.expires_at;
  return Math.min(row.expires_at, slot.lastActivityAt + ctx.policy().idleTimeoutMs);
}
