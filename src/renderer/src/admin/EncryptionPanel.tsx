import { useState, type FormEvent } from 'react';
import { MIN_PASSPHRASE_LENGTH, passphraseLength, type EncryptionStatus } from '../../../shared/encryption';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { WarningIcon } from '../components/Icons';
import { checkConfirmation } from '../components/NewPasswordFields';
import { PasswordField } from '../components/PasswordField';
import { describeError } from '../lib/errors';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { useLoaded } from './useLoaded';

type Pending = 'off' | 'rotate' | 'passphrase' | null;

const PROTECTION_TEXT: Record<NonNullable<EncryptionStatus['protection']>, string> = {
  'os-keyring': 'On. The key is protected by this computer’s OS keyring, so Gatehouse starts without anyone typing a secret.',
  passphrase: 'On. The key is protected by a passphrase that must be typed at every start.',
  'test-file': 'On, with the TEST key file (browser harness and tests only: it protects nothing).',
};

/**
 * Encryption at rest (issue 12): its state, and turning it on, off or rotating the key. The
 * recovery key comes back once, is shown in a dialog and is dropped when the dialog closes.
 */
export function EncryptionPanel() {
  const [reload, setReload] = useState(0);
  const loaded = useLoaded(`encryption-${reload}`, () => api.encryptionStatus({}));
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const { busy, run } = useSubmit();
  const status = loaded.data;

  const act = (perform: () => ReturnType<typeof api.disableEncryption | typeof api.enableEncryption>) =>
    run(async () => {
      setAlert(null);
      const result = await perform();
      setPending(null);
      if (!result.ok) {
        setAlert({ message: describeError(result.error) });
        return;
      }
      if ('recoveryKey' in result.data) setRecoveryKey(result.data.recoveryKey);
      setReload((n) => n + 1);
    });

  return (
    <section className="settings-group encryption" aria-labelledby="encryption-heading">
      <h2 id="encryption-heading" className="settings-group__legend">
        Encryption at rest
      </h2>
      <Alert error={loaded.error ? { message: describeError(loaded.error) } : alert} />
      {!status ? (
        !loaded.error && <p className="muted">Loading…</p>
      ) : status.on ? (
        <>
          <p data-testid="encryption-state">{PROTECTION_TEXT[status.protection ?? 'os-keyring']}</p>
          <p className="muted">
            Key {status.keyId}, made {status.keyCreatedAt ? new Date(status.keyCreatedAt).toLocaleString() : 'earlier'}. The database, its
            journal, its backup, the backups you make, and everything in them (accounts, password hashes, sessions, the audit
            log) are encrypted with AES-256-GCM.
          </p>
          <div className="actions">
            <Button variant="secondary" disabled={busy} onClick={() => setPending('rotate')}>
              Rotate key
            </Button>
            <Button variant="danger" disabled={busy} onClick={() => setPending('off')}>
              Turn encryption off
            </Button>
          </div>
        </>
      ) : (
        <>
          <div className="encryption__warning" data-testid="encryption-state">
            <WarningIcon className="alert__icon" />
            <p>{status.warning}</p>
          </div>
          {status.keyringUnavailable && <p className="muted">OS keyring: {status.keyringUnavailable}</p>}
          {!status.passphraseAtStart && (
            <p className="muted">
              Passphrase mode (for attended machines) is turned on from the command line: <code>npm run gatehouse -- enable-encryption --passphrase</code>.
            </p>
          )}
          <div className="actions">
            <Button
              disabled={busy || Boolean(status.keyringUnavailable)}
              busy={busy}
              busyLabel="Encrypting…"
              onClick={() => void act(() => api.enableEncryption({ mode: 'os-keyring' }))}
            >
              Turn on with the OS keyring
            </Button>
            {status.passphraseAtStart && (
              <Button variant="secondary" disabled={busy} onClick={() => setPending('passphrase')}>
                Turn on with a passphrase
              </Button>
            )}
          </div>
        </>
      )}
      {pending === 'passphrase' && (
        <PassphraseDialog
          busy={busy}
          onCancel={() => setPending(null)}
          onConfirm={(passphrase) => void act(() => api.enableEncryption({ mode: 'passphrase', passphrase }))}
        />
      )}
      {(pending === 'off' || pending === 'rotate') && (
        <ConfirmEncryptionDialog
          pending={pending}
          busy={busy}
          onCancel={() => setPending(null)}
          onConfirm={() => void act(() => (pending === 'off' ? api.disableEncryption({}) : api.rotateEncryptionKey({})))}
        />
      )}
      {recoveryKey && <RecoveryKeyDialog recoveryKey={recoveryKey} onClose={() => setRecoveryKey(null)} />}
    </section>
  );
}

function ConfirmEncryptionDialog({ pending, busy, onCancel, onConfirm }: { pending: 'off' | 'rotate'; busy: boolean; onCancel: () => void; onConfirm: () => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onConfirm();
  };
  return (
    <Dialog
      title={pending === 'off' ? 'Turn encryption off?' : 'Rotate the encryption key?'}
      description={
        pending === 'off'
          ? 'The database and its backup are rewritten unencrypted. Anyone who can copy the data folder can then read every account. This is recorded in the audit log.'
          : 'A new key encrypts the database and its backup, and a new recovery key is shown once. The old recovery key will no longer open this store.'
      }
      tone={pending === 'off' ? 'danger' : 'default'}
      busy={busy}
      onCancel={onCancel}
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="dialog__actions">
          <Button variant="secondary" onClick={onCancel} disabled={busy} data-autofocus="">
            Cancel
          </Button>
          <Button type="submit" variant={pending === 'off' ? 'danger' : 'primary'} busy={busy} busyLabel="Working…">
            {pending === 'off' ? 'Turn off' : 'Rotate key'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

const PASSPHRASE_FIELDS = ['passphrase', 'confirmation'] as const;

/**
 * Passphrase mode: typed twice here, then at every start on the unlock screen. The dialog says
 * what that costs (no unattended start) before anything is changed.
 */
function PassphraseDialog({ busy, onCancel, onConfirm }: { busy: boolean; onCancel: () => void; onConfirm: (passphrase: string) => void }) {
  const [revealed, setRevealed] = useState(false);
  const form = useForm(PASSPHRASE_FIELDS, { passphrase: '', confirmation: '' }, (values) => ({
    passphrase:
      passphraseLength(values.passphrase) >= MIN_PASSPHRASE_LENGTH ? null : `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`,
    confirmation: checkConfirmation(values.confirmation, values.passphrase, 'passphrase'),
  }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event)) return;
    onConfirm(form.values.passphrase);
  };
  return (
    <Dialog
      title="Turn on with a passphrase?"
      description="Gatehouse will ask for this passphrase every time it starts, before anyone can sign in, so it cannot start unattended: choose this for attended machines. A recovery key is shown once after this; it opens the store too."
      busy={busy}
      onCancel={onCancel}
    >
      <form className="form" onSubmit={submit} noValidate>
        <PasswordField
          {...form.bind('passphrase')}
          label="Passphrase"
          hint={`At least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to type and hard to guess.`}
          autoComplete="new-password"
          revealed={revealed}
          toggle={{ label: 'Show passphrase', revealed, onChange: setRevealed }}
          data-autofocus=""
        />
        <PasswordField {...form.bind('confirmation')} label="Passphrase again" autoComplete="new-password" revealed={revealed} />
        <div className="dialog__actions">
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" busy={busy} busyLabel="Encrypting…">
            Turn on
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function RecoveryKeyDialog({ recoveryKey, onClose }: { recoveryKey: string; onClose: () => void }) {
  return (
    <Dialog
      title="Recovery key"
      description="Write this down and keep it away from this computer. It is shown only now. With it the store opens from the command line, on another machine, or after the OS keyring was reset; without it and the keyring, the data cannot be recovered."
      onCancel={onClose}
    >
      <p className="secret">
        <span className="visually-hidden">Recovery key: </span>
        <code className="secret__value">{recoveryKey}</code>
      </p>
      <div className="dialog__actions">
        <Button onClick={onClose} data-autofocus="">
          I have written it down
        </Button>
      </div>
    </Dialog>
  );
}
