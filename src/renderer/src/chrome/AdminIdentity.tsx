import { useState } from 'react';
import { useLocation } from 'react-router';
import type { PublicUser } from '../../../shared/user';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { useSignOut } from '../session/useSignOut';

/**
 * On the admin screens the header says who is signed in and offers Sign out beside Lock
 * (issue 11), as an admin console does: an administrator at a shared machine sees at once
 * whose powers the screen carries, and can leave from any admin screen.
 */
export function AdminIdentity({ user }: { user: PublicUser }) {
  const { busy, signOut } = useSignOut();
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  if (!useLocation().pathname.startsWith('/admin')) return null;
  return (
    <>
      <p className="app-header__who">
        Signed in as <strong>{user.username}</strong>
      </p>
      <Button variant="secondary" className="app-header__button" busy={busy} busyLabel="Signing out…" onClick={() => void signOut(setAlert)}>
        Sign out
      </Button>
      {alert && (
        <div className="app-header__alert">
          <Alert error={alert} />
        </div>
      )}
    </>
  );
}
