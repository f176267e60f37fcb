/**
 * Registrations per window are throttled: each one adds an account row, so a hostile renderer
 * (or a person at a kiosk) looping over register must get a typed refusal, never a bigger store.
 * The count lives in memory: a restart resets it, which a flood cannot use to grow the store
 * faster than restarts allow.
 */
import { fail, type Result } from '../../shared/result';
import type { CoreContext } from './context';

export const REGISTRATIONS_PER_WINDOW = 10;
export const REGISTRATION_WINDOW_MS = 10 * 60_000;

const recent = new WeakMap<CoreContext, Map<number, number[]>>();

/**
 * Takes one registration place for `windowId`, or answers RATE_LIMITED. Synchronous, so
 * registrations sent all at once are counted before any of them hashes.
 */
export function takeRegistrationPlace(ctx: CoreContext, windowId: number): Result<never> | null {
  let byWindow = recent.get(ctx);
  if (!byWindow) recent.set(ctx, (byWindow = new Map()));
  const now = ctx.now();
  const times = (byWindow.get(windowId) ?? []).filter((at) => at > now - REGISTRATION_WINDOW_MS);
  if (times.length >= REGISTRATIONS_PER_WINDOW) {
    byWindow.set(windowId, times);
    const minutes = Math.max(1, Math.ceil((times[0]! + REGISTRATION_WINDOW_MS - now) / 60_000));
    return fail('RATE_LIMITED', `Too many accounts were created from this window. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  }
  times.push(now);
  byWindow.set(windowId, times);
  return null;
}
