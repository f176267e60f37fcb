/**
 * The route guards. They turn session state into navigation, so sign-in, sign-out, expiry and a
 * forced password change all move the person the same way, wherever they happen.
 */
import { Navigate, Outlet, useLocation } from 'react-router';
import { NotAllowedScreen } from '../screens/NotAllowedScreen';
import { returnPathFrom, safeReturnPath, type ReturnState } from '../lib/returnPath';
import { useSession } from './store';

export const CHANGE_PASSWORD_PATH = '/change-password';
export const TWO_STEP_PATH = '/two-step';

/** Screens for signed-in people. */
export function RequireUser() {
  const user = useSession((s) => s.user);
  const ended = useSession((s) => s.ended);
  const location = useLocation();

  if (!user) {
    // Someone who chose to sign out is not sent back into their account by the next person.
    const from = ended?.reason === 'signed-out' ? null : safeReturnPath(location.pathname + location.search);
    const state: ReturnState | null = from ? { from } : null;
    return <Navigate to="/login" replace state={state} />;
  }
  if (user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  // Then two-step setup, when policy requires it (issue 13): the core refuses everything else anyway.
  if (!user.mustChangePassword && user.twoStepSetupRequired && location.pathname !== TWO_STEP_PATH) {
    return <Navigate to={TWO_STEP_PATH} replace />;
  }
  return <Outlet />;
}

/** Sign-in and registration: a signed-in person goes on to where they were heading. */
export function PublicOnly() {
  const user = useSession((s) => s.user);
  const location = useLocation();
  if (user) return <Navigate to={returnPathFrom(location.state) ?? '/dashboard'} replace />;
  return <Outlet />;
}

/**
 * Administration screens, inside RequireUser. A non-admin gets a "Not allowed" screen rather than
 * a silent redirect, so a bookmarked admin address explains itself.
 */
export function RequireAdmin() {
  const role = useSession((s) => s.user?.role);
  return role === 'admin' ? <Outlet /> : <NotAllowedScreen />;
}
