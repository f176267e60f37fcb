import { Link } from 'react-router';
import { FORGOTTEN_PASSWORD_HELP } from '../../../shared/sign-in-messages';

interface SignInHelpProps {
  selfRegistration: boolean;
  kiosk: boolean;
  /** The sign-in screen's location state (where the person was heading), passed on to registration. */
  state: unknown;
}

/**
 * The foot of the sign-in screen (issue 11): where to get an account, and where a forgotten
 * password is mended. Never a dead end: a walk-up stranger at a kiosk that takes no sign-ups is
 * told to ask staff.
 */
export function SignInHelp({ selfRegistration, kiosk, state }: SignInHelpProps) {
  return (
    <>
      {selfRegistration ? (
        <p>
          New here?{' '}
          <Link to="/register" state={state}>
            Create an account
          </Link>
        </p>
      ) : (
        kiosk && <p>No account yet? Ask staff: they create accounts for this kiosk.</p>
      )}
      <p>{FORGOTTEN_PASSWORD_HELP}</p>
    </>
  );
}
