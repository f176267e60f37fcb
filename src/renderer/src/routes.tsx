import { createHashRouter, Navigate, Outlet, type RouteObject } from 'react-router';
import { AuditScreen } from './admin/AuditScreen';
import { SettingsScreen } from './admin/SettingsScreen';
import { UserDetailsScreen } from './admin/UserDetailsScreen';
import { UsersScreen } from './admin/UsersScreen';
import { Frame } from './chrome/Frame';
import { ChangePasswordScreen } from './screens/ChangePasswordScreen';
import { DashboardScreen } from './screens/DashboardScreen';
import { LoginScreen } from './screens/LoginScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { RegisterScreen } from './screens/RegisterScreen';
import { PublicOnly, RequireAdmin, RequireUser } from './session/guards';
import { TwoStepScreen } from './two-step/TwoStepScreen';
import { ProfileScreen } from './profile/ProfileScreen';
import { RequireSetUp } from './setup/RequireSetUp';
import { SetupScreen } from './setup/SetupScreen';

/**
 * Hash URLs (#/login) because the app is loaded from a file in Electron, where path URLs would
 * point at files. Admin screens sit inside RequireUser (signed in, password not pending) and
 * then RequireAdmin (role), so the forced password change always comes first.
 */
export const routes: RouteObject[] = [
  {
    element: (
      <Frame routed>
        <Outlet />
      </Frame>
    ),
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      {
        element: <PublicOnly />,
        children: [
          {
            // Issue 11: a device nobody has set up opens on the first-run screen.
            element: <RequireSetUp />,
            children: [
              { path: 'login', element: <LoginScreen /> },
              { path: 'register', element: <RegisterScreen /> },
            ],
          },
          { path: 'setup', element: <SetupScreen /> },
        ],
      },
      {
        element: <RequireUser />,
        children: [
          { path: 'dashboard', element: <DashboardScreen /> },
          { path: 'change-password', element: <ChangePasswordScreen /> },
          { path: 'two-step', element: <TwoStepScreen /> },
          { path: 'profile', element: <ProfileScreen /> },
          {
            element: <RequireAdmin />,
            children: [
              { path: 'admin', element: <Navigate to="/admin/users" replace /> },
              { path: 'admin/users', element: <UsersScreen /> },
              { path: 'admin/users/:userId', element: <UserDetailsScreen /> },
              { path: 'admin/audit', element: <AuditScreen /> },
              { path: 'admin/settings', element: <SettingsScreen /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
];

export function createAppRouter() {
  return createHashRouter(routes);
}
