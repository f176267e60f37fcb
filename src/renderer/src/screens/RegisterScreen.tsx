import { Link, useLocation } from 'react-router';
import { Notice } from '../components/Notice';
import { RegisterForm } from '../components/RegisterForm';
import { Screen } from '../components/Screen';
import { useRefreshAppInfo } from '../session/useRefreshAppInfo';
import { useSession } from '../session/store';

export function RegisterScreen() {
  const appPolicy = useSession((s) => s.appInfo?.policy);
  const signedIn = useSession((s) => s.signedIn);
  const location = useLocation();
  useRefreshAppInfo();

  const signInLink = (
    <p>
      Already have an account?{' '}
      <Link to="/login" state={location.state}>
        Sign in
      </Link>
    </p>
  );

  if (appPolicy && !appPolicy.selfRegistration) {
    return (
      <Screen title="Create account" footer={signInLink}>
        <Notice tone="info">
          Creating accounts is turned off on this device. Ask an administrator for an account.
        </Notice>
      </Screen>
    );
  }

  return (
    <Screen title="Create account" intro="Your account stays on this device." footer={signInLink}>
      {/* Signed in at once; the public-only guard takes the person to the dashboard. */}
      <RegisterForm onCreated={signedIn} />
    </Screen>
  );
}
