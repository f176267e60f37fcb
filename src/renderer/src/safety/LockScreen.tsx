import { useEffect, useId } from 'react';
import type { PublicUser } from '../../../shared/user';
import { api } from '../api';
import { Button } from '../components/Button';
import { LockIcon } from '../components/Icons';
import { Screen } from '../components/Screen';
import { useSession } from '../session/store';
import { useSignOut } from '../session/useSignOut';
import { PasswordPrompt, usePasswordPrompt } from './PasswordPrompt';
import { lockSettled } from './useLock';
import { SignOutCountdown } from './SignOutCountdown';
import { FORGOTTEN_PASSWORD_HELP } from '../../../shared/sign-in-messages';
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
  const signOut = useSignOut();
  const whoId = useId();
  const prompt = usePasswordPrompt(async (password) => {
    // Never let an unlock overtake the lock request it answers.
    await lockSettled();
    const result = await api.unlock({ password });
    if (!result.ok) return result.error;
    screenUnlocked(result.data.user);
    return null;
  });
  const { fieldRef } = prompt;

  // The one thing to do here is type the password (the heading is still read through the field's description).
  useEffect(() => {
    fieldRef.current?.focus();
  }, [fieldRef]);

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
      <SignOutCountdown />
      <PasswordPrompt prompt={prompt} submitLabel="Unlock" busyLabel="Unlocking…" revealable describedBy={[whoId]} />
      <p className="lock-help">{FORGOTTEN_PASSWORD_HELP}</p>
      <div className="lock-switch">
        <p className="lock-switch__text">Not {user.username}?</p>
        <Button
          variant="secondary"
          className="button--block"
          busy={signOut.busy}
          busyLabel="Signing out…"
          disabled={prompt.busy}
          onClick={() => void signOut.signOut(prompt.setAlert)}
        >
          Sign in as someone else
        </Button>
      </div>
    </Screen>
  );
}
