/**
 * The idle rules the renderer applies on top of the core's. The core stays the authority (it
 * expires an idle session whatever the renderer does); these only decide when to warn and when
 * to sign out first, so the person is told rather than surprised.
 */

/** How often pending activity is passed on to the core (and the most the core can lag behind). */
export const REPORT_INTERVAL_MS = 15_000;

/** The warning counts down the last minute. */
export const WARNING_MS = 60_000;

/** Events that show a person at the app. touchstart is listened to passively. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

/**
 * How long before the deadline the warning opens: a minute, or half the timeout when the timeout
 * is that short, so a one-minute policy does not warn from the moment someone signs in.
 */
export function warningLeadMs(idleTimeoutMs: number): number {
  return Math.min(WARNING_MS, Math.floor(idleTimeoutMs / 2));
}

export function secondsPhrase(seconds: number): string {
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

/**
 * Ctrl+L (Cmd+L on a Mac) locks. Matched by the character, or by the physical key when the
 * layout types a non-Latin letter there (Ctrl+Д on a Russian layout is still Ctrl+L).
 */
export function isLockShortcut(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return false;
  const key = event.key.toLowerCase();
  return key === 'l' || (event.code === 'KeyL' && !/^[a-z]$/u.test(key));
}
