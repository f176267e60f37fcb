import { Navigate, Outlet } from 'react-router';
import { useSession } from '../session/store';

/**
 * Sign-in and registration need a device that has been set up: until its first account exists,
 * they lead to the first-run screen (issue 11).
 */
export function RequireSetUp() {
  const notSetUp = useSession((s) => s.appInfo?.setUp === false);
  return notSetUp ? <Navigate to="/setup" replace /> : <Outlet />;
}
