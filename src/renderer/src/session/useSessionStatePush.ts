import { useEffect } from 'react';
import { api } from '../api';
import { useSession } from './store';

/**
 * Follows the core's session clock, pushed by the shell (the harness polls for the same
 * event): the idle warning with its time left, a lock or an ending shows at once, whoever caused it (the OS screen lock, the idle
 * timeout, an administrator), with no page reload. Mounted for the app's whole life, so an
 * ending that arrives just after a racing call signed the window out still gives its reason.
 */
export function useSessionStatePush(): void {
  useEffect(
    () =>
      api.onSessionState((state) => {
        const session = useSession.getState();
        session.idleWarningChanged(
          state.status === 'warning' ? { msLeft: state.msLeft, locks: state.then === 'lock', final: state.final === true } : null,
        );
        // The hard limit's time left (its last 10 minutes); the final warning counts down on its own.
        const endsInMs = state.status === 'active' || state.status === 'warning' ? (state.endsInMs ?? null) : null;
        session.sessionEndChanged(state.status === 'warning' && state.final ? state.msLeft : endsInMs);
        if (state.status === 'locked') session.screenLocked();
        // The core's reason wins over a bare "no longer signed in" that a call racing the tick
        // brought a moment earlier. 'signed-out' is not acted on: one sent just before a
        // sign-in must not undo it.
        else if (state.status === 'ended' && (session.user || session.ended?.reason === 'not-authenticated')) {
          session.sessionEnded('expired', state.message);
        }
      }),
    [],
  );
}
