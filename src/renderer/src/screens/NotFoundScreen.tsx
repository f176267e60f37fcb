import { Link } from 'react-router';
import { Screen } from '../components/Screen';

export function NotFoundScreen() {
  return (
    <Screen title="Page not found" intro="Gatehouse has no screen at this address.">
      <p>
        <Link className="button button--primary button--block" to="/">
          Go to the start
        </Link>
      </p>
    </Screen>
  );
}
