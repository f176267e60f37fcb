/**
 * What the renderer needs to show the core's idle clock and report input to it. The clock itself
 * (when to warn, lock or end) is the core's alone (src/main/core/session-clock.ts).
 */

/** How often pending activity is passed on to the core (and the most the core can lag behind). */
export const REPORT_INTERVAL_MS = 15_000;

/** Events that show a person at the app. touchstart is listened to passively. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

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
