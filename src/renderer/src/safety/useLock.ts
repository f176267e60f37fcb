import { useCallback } from 'react';
import { api } from '../api';
import { useSession } from '../session/store';

/** The lock call in flight, so an unlock is never sent ahead of the lock it undoes. */
let lockInFlight: Promise<unknown> = Promise.resolve();

/**
 * Locks the screen. The lock screen replaces everything at once, before the core answers: the
 * person may already be walking away, and what was on screen must go now. If the core could not
 * lock (it is unreachable), the screen stays hidden anyway; if the session had already ended,
 * api.ts sends the person to sign-in instead.
 */
export function lockScreen(): void {
  const session = useSession.getState();
  if (!session.user || session.locked) return;
  session.screenLocked();
  lockInFlight = api.lock({});
}

/** Resolves once the latest lock request has been answered. */
export function lockSettled(): Promise<unknown> {
  return lockInFlight;
}

export function useLock(): () => void {
  return useCallback(() => lockScreen(), []);
}
