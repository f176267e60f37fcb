import { useState } from 'react';
import { Link } from 'react-router';
import type { PublicUser } from '../../../shared/user';
import { AdministrationLinks } from '../admin/AdministrationLinks';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { Screen } from '../components/Screen';
import { PasswordChangedNotice } from '../account/PasswordChangedNotice';
import { PreviousSignIn } from '../account/PreviousSignIn';
import { formatDate } from '../lib/format';
import { useSignOut } from '../session/useSignOut';
import { useSession } from '../session/store';

const ROLE_NAMES: Record<PublicUser['role'], string> = { admin: 'Administrator', user: 'User' };

export function DashboardScreen() {
  // The guard renders this screen only with someone signed in.
  const user = useSession((s) => s.user) as PublicUser;
  const { busy, signOut } = useSignOut();
  const [alert, setAlert] = useState<{ message: string } | null>(null);

  return (
    <Screen title={`Welcome, ${user.username}`} intro="You are signed in on this device." width="medium">
      <PasswordChangedNotice />
      <Alert error={alert} />
      {user.signedInOffline && (
        <Notice tone="info">
          Signed in offline: the organisation&rsquo;s directory could not be reached, so your password was checked against the copy
          kept here.
        </Notice>
      )}
      <dl className="facts">
        <div className="facts__row">
          <dt>Email</dt>
          <dd>{user.email}</dd>
        </div>
        <div className="facts__row">
          <dt>Role</dt>
          <dd>{ROLE_NAMES[user.role]}</dd>
        </div>
        <div className="facts__row">
          <dt>Member since</dt>
          <dd>
            <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>
          </dd>
        </div>
        <PreviousSignIn />
      </dl>
      {user.role === 'admin' && <AdministrationLinks />}
      <div className="actions">
        <Link className="button button--secondary" to="/two-step">
          Two-step verification
        </Link>
        <Link className="button button--secondary" to="/profile">
          Edit profile
        </Link>
        <Link className="button button--secondary" to="/change-password">
          Change password
        </Link>
        <Button variant="primary" busy={busy} busyLabel="Signing out…" onClick={() => void signOut(setAlert)}>
          Sign out
        </Button>
      </div>
    </Screen>
  );
}
