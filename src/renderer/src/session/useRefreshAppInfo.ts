import { useEffect } from 'react';
import { api } from '../api';
import { useSession } from './store';

/**
 * Re-reads the policy when a sign-in screen opens: an administrator may have closed
 * self-registration or disallowed remember-me since start-up, and that applies without a restart.
 */
export function useRefreshAppInfo(): void {
  const appInfoChanged = useSession((s) => s.appInfoChanged);
  useEffect(() => {
    let current = true;
    void api.info({}).then((result) => {
      if (current && result.ok) appInfoChanged(result.data);
    });
    return () => {
      current = false;
    };
  }, [appInfoChanged]);
}
