import { Link } from 'react-router';
import { Screen } from '../components/Screen';

/**
 * What a signed-in non-administrator sees at an admin address. Hiding the screen is only
 * courtesy: the core answers FORBIDDEN to every admin channel whatever the renderer shows.
 */
export function NotAllowedScreen() {
  return (
    <Screen title="Not allowed" intro="This screen is for administrators, and your account is not one.">
      <p>
        <Link className="button button--primary button--block" to="/dashboard">
          Back to dashboard
        </Link>
      </p>
    </Screen>
  );
}
