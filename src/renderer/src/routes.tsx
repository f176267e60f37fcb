import { createHashRouter, Navigate, Outlet, type RouteObject } from 'react-router';
import { Frame } from './components/Frame';
import { ChangePasswordScreen } from './screens/ChangePasswordScreen';
import { DashboardScreen } from './screens/DashboardScreen';
import { LoginScreen } from './screens/LoginScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { RegisterScreen } from './screens/RegisterScreen';
import { PublicOnly, RequireUser } from './session/guards';

/**
 * Hash URLs (#/login) because the app is loaded from a file in Electron, where path URLs would
 * point at files. Admin screens (issue 5) go under RequireUser inside their own role guard:
 *   { element: <RequireAdmin />, children: [{ path: 'admin/users', element: <UsersScreen /> }, …] }
 * and wide screens pass width="wide" to <Screen>.
 */
export const routes: RouteObject[] = [
  {
    element: (
      <Frame>
        <Outlet />
      </Frame>
    ),
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      {
        element: <PublicOnly />,
        children: [
          { path: 'login', element: <LoginScreen /> },
          { path: 'register', element: <RegisterScreen /> },
        ],
      },
      {
        element: <RequireUser />,
        children: [
          { path: 'dashboard', element: <DashboardScreen /> },
          { path: 'change-password', element: <ChangePasswordScreen /> },
        ],
      },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
];

export function createAppRouter() {
  return createHashRouter(routes);
}
