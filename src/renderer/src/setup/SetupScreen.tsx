import { Navigate } from 'react-router';
import type { PublicUser } from '../../../shared/user';
import { api } from '../api';
import { Notice } from '../components/Notice';
import { RegisterForm } from '../components/RegisterForm';
import { Screen } from '../components/Screen';
import { useRefreshAppInfo } from '../session/useRefreshAppInfo';
import { useSession } from '../session/store';

/** Where the kiosk's staff make its first administrator (the README says the same). */
const CLI_HINT = 'gatehouse create-user --admin';

/**
 * First run (issue 11): a device nobody has set up. At a desk, whoever sets it up creates the
 * administrator's account here. At a walk-up kiosk nobody at the screen may become one (the core
 * refuses too): staff create the first administrator from the command line.
 */
export function SetupScreen() {
  const appInfo = useSession((s) => s.appInfo);
  const signedIn = useSession((s) => s.signedIn);
  const appInfoChanged = useSession((s) => s.appInfoChanged);
  useRefreshAppInfo();

  if (appInfo?.setUp !== false) return <Navigate to="/login" replace />;

  if (appInfo.policy.kioskMode) {
    return (
      <Screen title="Not set up yet — ask staff" intro="This kiosk has no accounts yet, so nobody can sign in here.">
        <Notice tone="info">
          Staff set it up from the computer’s command line, with Gatehouse closed (<code>{CLI_HINT}</code>).
          When it starts again, it shows the sign-in.
        </Notice>
      </Screen>
    );
  }

  const created = async (user: PublicUser) => {
    // The device is set up now: read it back, so signing out later opens the sign-in screen.
    const info = await api.info({});
    if (info.ok) appInfoChanged(info.data);
    signedIn(user);
  };

  return (
    <Screen
      title="Set up this device"
      intro="Nobody has used Gatehouse on this device yet. The account you create here is the administrator’s: it manages the other accounts and the rules."
    >
      <RegisterForm onCreated={created} />
    </Screen>
  );
}
