import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { PublicUser } from '../../../shared/user';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { PasswordField } from '../components/PasswordField';
import { Screen } from '../components/Screen';
import { describeError } from '../lib/errors';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/store';
import { useSignOut } from '../session/useSignOut';
import { LockIcon } from '../components/Icons';
import { lockSettled } from './useLock';
import './safety.css';

/**
 * Shown instead of every routed screen while the core holds the session locked: nothing of the
 * screen that was open stays in the page. Only the same person's password opens it again;
 * anyone else signs in afresh.
 */
export function LockScreen() {
  // App renders the lock screen only with someone signed in.
  const user = useSession((s) => s.user) as PublicUser;
  const screenUnlocked = useSession((s) => s.screenUnlocked);
  const [password, setPassword] = useState('');
  const [revealed, setRevealed] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const { busy, run } = useSubmit();
  const signOut = useSignOut();
  const passwordRef = useRef<HTMLInputElement>(null);
  const whoId = useId();

  // The one thing to do here is type the password (the heading is still read through the field's description).
  useEffect(() => {
    passwordRef.current?.focus();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password === '') {
      setAlert(null);
      setFieldError('Enter your password.');
      passwordRef.current?.focus();
      return;
    }
    void run(async () => {
      setAlert(null);
      setFieldError(null);
      // Never let an unlock overtake the lock request it answers.
      await lockSettled();
      const result = await api.unlock({ password });
      if (result.ok) {
        screenUnlocked(result.data.user);
        return;
      }
      // Wrong password or a lockout: start the next try from an empty field.
      setPassword('');
      setAlert({ message: describeError(result.error, ['password']) });
    });
  };

  return (
    <Screen title="Gatehouse is locked" intro="Enter your password to carry on where you left off.">
      <div className="lock-identity">
        <span className="lock-identity__badge">
          <LockIcon size={24} />
        </span>
        <p className="lock-identity__text" id={whoId}>
          Signed in as <strong>{user.username}</strong>
        </p>
      </div>
      <Alert error={alert} />
      <form className="form" onSubmit={submit} noValidate>
        <PasswordField
          ref={passwordRef}
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          revealed={revealed}
          toggle={{ label: 'Show password', revealed, onChange: setRevealed }}
          error={fieldError}
          describedBy={[whoId]}
          onChange={(event) => {
            setPassword(event.target.value);
            setFieldError(null);
          }}
        />
        <Button type="submit" busy={busy} busyLabel="Unlocking…" className="button--block">
          Unlock
        </Button>
      </form>
      <div className="lock-switch">
        <p className="lock-switch__text">Not {user.username}?</p>
        <Button
          variant="secondary"
          className="button--block"
          busy={signOut.busy}
          busyLabel="Signing out…"
          disabled={busy}
          onClick={() => void signOut.signOut(setAlert)}
        >
          Sign in as someone else
        </Button>
      </div>
    </Screen>
  );
}
