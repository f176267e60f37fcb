/**
 * The session clock: the core alone decides each window's state (active, warning with the time
 * left, locked, ended). The shell's one timer calls `tickSessions` and pushes each window's
 * state to its renderer; the browser harness does the same. Nothing else keeps time.
 * Idle time warns first, then ends an ordinary session and locks a remembered one. The hard
 * session limit (issue 14) shows its time left in its last 10 minutes, warns in its last minute
 * (a warning nothing extends), then ends the session.
 */
import { warningLeadMs, type SessionState } from '../../shared/contract';
import { SESSION_END_SHOWN_MS, SESSION_END_WARNING_MS } from '../../shared/session-length';
import type { CoreContext } from './context';
import { noticeToPush, rememberEndedNotice } from './session-end-notice';
import { authenticate, idleRemaining, sessionEndsIn } from './sessions';

/** The state of one window's session now, ending it first if its time is up. */
export async function windowSessionState(ctx: CoreContext, windowId: number): Promise<SessionState> {
  if (!ctx.slots.has(windowId)) {
    const notice = noticeToPush(ctx, windowId);
    return notice === undefined ? { status: 'signed-out' } : { status: 'ended', message: notice };
  }
  // Not activity: only input (the renderer's report, or the machine's) keeps a session alive.
  const auth = await authenticate(ctx, windowId, false);
  if (!auth.ok) {
    if (auth.error.code !== 'SESSION_EXPIRED') return { status: 'signed-out' };
    rememberEndedNotice(ctx, windowId, auth.error.message, true);
    return { status: 'ended', message: auth.error.message };
  }
  const slot = ctx.slots.get(windowId)!;
  if (slot.locked) return { status: 'locked' };
  const endsIn = sessionEndsIn(ctx, slot);
  const idleLeft = idleRemaining(ctx, slot);
  // The hard limit's warning, unless an idle deadline comes first (that one can still be answered).
  if (endsIn <= SESSION_END_WARNING_MS && (idleLeft === null || endsIn <= idleLeft)) {
    return { status: 'warning', msLeft: endsIn, final: true };
  }
  // Whole seconds: the shell pushes only changes, so at most one push a second for the header.
  const shown = endsIn <= SESSION_END_SHOWN_MS ? { endsInMs: Math.ceil(endsIn / 1000) * 1000 } : {};
  if (idleLeft === null || idleLeft > warningLeadMs(ctx.policy().idleTimeoutMs)) return { status: 'active', ...shown };
  return slot.remember ? { status: 'warning', msLeft: idleLeft, then: 'lock', ...shown } : { status: 'warning', msLeft: idleLeft, ...shown };
}

/** One tick for the given windows: their states, keyed by window id. */
export async function tickSessions(ctx: CoreContext, windowIds: readonly number[]): Promise<Map<number, SessionState>> {
  const states = new Map<number, SessionState>();
  for (const windowId of windowIds) states.set(windowId, await windowSessionState(ctx, windowId));
  return states;
}
