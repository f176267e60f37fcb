/**
 * The sentences sign-in failures are told in (issue 11), one source for the core that says them
 * and the renderer that redraws them. A lock is told from its absolute end, so every redraw
 * rounds the same way: the first whole minute of a 15-minute lock reads "15 minutes" whether it
 * is drawn at once or a second later, never "16" and then "15".
 */

/** Whole minutes left until `untilMs`, as a person counts them: 15:00 and 14:01 are 15; never below 1. */
export function minutesUntil(untilMs: number, nowMs: number): number {
  const seconds = Math.floor((untilMs - nowMs) / 1000);
  return Math.max(1, Math.ceil(seconds / 60));
}

export function minutesPhrase(minutes: number): string {
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The lockout answer: how long, from the unlock time. */
export function lockedMessage(untilMs: number, nowMs: number): string {
  return `Too many wrong passwords. Try again in ${minutesPhrase(minutesUntil(untilMs, nowMs))}.`;
}

/**
 * Said after a wrong password at sign-in: how many more tries before a lock, counted on what was
 * typed, so it reads the same for a name that has an account and one that does not.
 */
export function attemptsLeftSentence(attemptsLeft: number, lockoutDurationMs: number): string {
  const lock = minutesPhrase(Math.max(1, Math.round(lockoutDurationMs / 60_000)));
  if (attemptsLeft <= 0) return '';
  return attemptsLeft === 1
    ? `1 attempt left before sign-in with this name is locked for ${lock}.`
    : `${attemptsLeft} attempts left before sign-in with this name is locked for ${lock}.`;
}

/** Every sign-in screen says where a forgotten password is mended: this device has no email reset. */
export const FORGOTTEN_PASSWORD_HELP = 'Forgot your password? Ask an administrator of this device to reset it.';
