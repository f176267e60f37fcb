import { useEffect, useId } from 'react';
import type { StoreUnlockState } from '../../../shared/encryption';
import { api } from '../api';
import { LockIcon } from '../components/Icons';
import { Screen } from '../components/Screen';
import { PasswordPrompt, usePasswordPrompt } from '../safety/PasswordPrompt';
import '../safety/safety.css';

type Asking = Extract<StoreUnlockState, { state: 'asking' }>;

const TEXT: Record<Asking['kind'], { intro: string; label: string; help: string; empty: string }> = {
  passphrase: {
    intro: 'Gatehouse keeps its accounts encrypted with a passphrase, typed each time it starts.',
    label: 'Passphrase or recovery key',
    help: 'An administrator knows the passphrase. The recovery key shown when encryption was turned on opens it too.',
    empty: 'Type the passphrase or the recovery key.',
  },
  recovery: {
    intro: 'Gatehouse’s accounts are encrypted, and this computer’s keyring can no longer open them (a new or reset keyring, or another computer).',
    label: 'Recovery key',
    help: 'The recovery key was shown once, when encryption was turned on or its key last rotated: eight groups of four letters and digits. Once it is typed, the keyring here opens the accounts again on its own.',
    empty: 'Type the recovery key.',
  },
};

/**
 * Shown before anything else while the account store is encrypted and needs a person to open
 * it (issue 12): its passphrase, or its recovery key when the OS keyring lost the key. Nobody is
 * signed in yet and nothing else can be reached; `onOpen` carries on starting the app.
 */
export function UnlockStoreScreen({ asking, onOpen }: { asking: Asking; onOpen: () => void }) {
  const text = TEXT[asking.kind];
  const helpId = useId();
  const prompt = usePasswordPrompt(async (secret) => {
    const result = await api.unlockStore({ secret });
    if (!result.ok) return result.error;
    onOpen();
    return null;
  }, text.empty);
  const { fieldRef, setAlert } = prompt;

  // A reload after a wrong answer says so again; the cursor waits in the field.
  useEffect(() => {
    if (asking.wrongAnswer) setAlert({ message: asking.wrongAnswer });
    fieldRef.current?.focus();
  }, [asking.wrongAnswer, fieldRef, setAlert]);

  return (
    <Screen title="Unlock Gatehouse" intro={text.intro} focusHeading={false}>
      <div className="lock-identity">
        <span className="lock-identity__badge">
          <LockIcon size={24} />
        </span>
        <p className="lock-identity__text" id={helpId}>
          {text.help}
        </p>
      </div>
      <PasswordPrompt prompt={prompt} label={text.label} submitLabel="Unlock" busyLabel="Checking…" revealable describedBy={[helpId]} />
    </Screen>
  );
}
