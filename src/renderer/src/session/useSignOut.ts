import { api } from '../api';
import { describeError } from '../lib/errors';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from './store';

/**
 * Signs out through the core, then forgets the person. The route guard takes over from there:
 * it shows the sign-in screen with "You have been signed out." and no way back to their screens.
 */
export function useSignOut() {
  const sessionEnded = useSession((s) => s.sessionEnded);
  const { busy, run } = useSubmit();

  const signOut = (onError: (alert: { message: string }) => void) =>
    run(async () => {
      const result = await api.logout({});
      // A session the core already ended is as signed out as it gets.
      if (result.ok || result.error.code === 'SESSION_EXPIRED' || result.error.code === 'NOT_AUTHENTICATED') {
        sessionEnded('signed-out');
        return;
      }
      onError({ message: `You are still signed in. ${describeError(result.error)}` });
    });

  return { busy, signOut };
}
