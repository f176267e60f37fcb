/**
 * Why a window's session ended, kept for that window until it is heard. The clock ends sessions
 * between calls and pushes `ended` once; a page that reloads at that moment would otherwise come
 * back to a bare sign-in screen. So the reason is also given, once, by the `auth:session`
 * question a reloaded page asks first. A session ended outside a tick (the OS lock policy) is
 * pushed by the next tick.
 */
import type { CoreContext } from './context';

export function rememberEndedNotice(ctx: CoreContext, windowId: number, message: string, pushed: boolean): void {
  ctx.endedNotices.set(windowId, { message, pushed });
}

/** For the clock: the reason, if it has not pushed it yet (it is then marked pushed). */
export function noticeToPush(ctx: CoreContext, windowId: number): string | undefined {
  const notice = ctx.endedNotices.get(windowId);
  if (!notice || notice.pushed) return undefined;
  notice.pushed = true;
  return notice.message;
}

/** The kept reason, forgotten as it is given. */
export function takeEndedNotice(ctx: CoreContext, windowId: number): string | undefined {
  const notice = ctx.endedNotices.get(windowId);
  ctx.endedNotices.delete(windowId);
  return notice?.message;
}

/** A new sign-in, or the window going away: an old reason no longer applies. */
export function forgetEndedNotice(ctx: CoreContext, windowId: number): void {
  ctx.endedNotices.delete(windowId);
}
