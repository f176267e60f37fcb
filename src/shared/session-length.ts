/**
 * The one hard session limit (`sessionLifetimeMs`, issue 14): how the end is announced. The core
 * decides and pushes; the renderer only shows. Pure: no Node, no DOM.
 */

/** During this last stretch of a session the header shows the time left. */
export const SESSION_END_SHOWN_MS = 10 * 60_000;

/** This long before the hard end, a warning with a countdown opens. It cannot be extended. */
export const SESSION_END_WARNING_MS = 60_000;

/** Said when the hard limit ends a session (pushed as the `ended` message, shown at sign-in). */
export const SESSION_LIMIT_MESSAGE = 'Your session expired: it reached its time limit. Please sign in again.';

/** The header's wording for the time left, in whole minutes (rounded up), then seconds. */
export function sessionEndsPhrase(msLeft: number): string {
  if (msLeft > 60_000) {
    const minutes = Math.ceil(msLeft / 60_000);
    return `Session ends in ${minutes} min`;
  }
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `Session ends in ${seconds} s`;
}
