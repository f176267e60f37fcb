/**
 * The session clock: the core alone decides each window's state (active, warning with the time
 * left, locked, ended). The shell's one timer calls `tickSessions` and pushes each window's
 * state to its renderer; the browser harness does the same. Nothing else keeps time.
 * Idle time warns first, then ends an ordinary session and locks a remembered one.
 */
import { warningLeadMs, type SessionState } from '../../shared/contract';
import type { CoreContext } from './context';
import { authenticate, idleRemaining } from './sessions';

/** The state of one window's session now, ending it first if its time is up. */
export async function windowSessionState(ctx: CoreContext, windowId: number): Promise<SessionState> {
  if (!ctx.slots.has(windowId)) return { status: 'signed-out' };
  // Not activity: only input (the renderer's report, or the machine's) keeps a session alive.
  const auth = await authenticate(ctx, windowId, false);
  if (!auth.ok) {
    return auth.error.code === 'SESSION_EXPIRED' ? { status: 'ended', message: auth.error.message } : { status: 'signed-out' };
  }
  const slot = ctx.slots.get(windowId)!;
  if (slot.locked) return { status: 'locked' };
  const msLeft = idleRemaining(ctx, slot);
  if (msLeft === null || msLeft > warningLeadMs(ctx.policy().idleTimeoutMs)) return { status: 'active' };
  return slot.remember ? { status: 'warning', msLeft, then: 'lock' } : { status: 'warning', msLeft };
}

/** One tick for the given windows: their states, keyed by window id. */
export async function tickSessions(ctx: CoreContext, windowIds: readonly number[]): Promise<Map<number, SessionState>> {
  const states = new Map<number, SessionState>();
  for (const windowId of windowIds) states.set(windowId, await windowSessionState(ctx, windowId));
  return states;
}
