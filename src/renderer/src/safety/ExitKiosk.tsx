import { useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { PasswordField } from '../components/PasswordField';
import { Spinner } from '../components/Spinner';
import { describeError } from '../lib/errors';
import { useSubmit } from '../lib/useSubmit';
import { ExitIcon } from '../components/Icons';
import { ModalDialog } from './ModalDialog';
import './safety.css';

/**
 * The header's "Exit kiosk" for administrators of a kiosk. The core checks the role and the
 * password again; on success the Electron shell quits, so the dialog only has to say so.
 */
export function ExitKiosk() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--secondary app-header__button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <ExitIcon />
        <span>Exit kiosk</span>
      </button>
      {open && <ExitKioskDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function ExitKioskDialog({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const textId = useId();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const [leaving, setLeaving] = useState(false);
  const { busy, run } = useSubmit();

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
      const result = await api.exitKiosk({ password });
      setPassword('');
      if (result.ok) {
        setLeaving(true);
        return;
      }
      setAlert({ message: describeError(result.error, ['password']) });
    });
  };

  return (
    <ModalDialog labelledBy={titleId} describedBy={textId} initialFocus={passwordRef} onCancel={leaving ? undefined : onClose}>
      <div className="safety-dialog__body">
        <span className="safety-dialog__badge safety-dialog__badge--danger">
          <ExitIcon size={24} />
        </span>
        <h2 className="safety-dialog__title" id={titleId}>
          Exit kiosk mode
        </h2>
        <p className="safety-dialog__text" id={textId}>
          Confirm with your password. Gatehouse will then close.
        </p>
        <div role="status" className={leaving ? 'safety-leaving' : 'safety-leaving safety-leaving--empty'}>
          {leaving && (
            <>
              <Spinner />
              <span>Leaving kiosk mode…</span>
            </>
          )}
        </div>
        {!leaving && (
          <>
            <Alert error={alert} />
            <form className="form" onSubmit={submit} noValidate>
              <PasswordField
                ref={passwordRef}
                label="Password"
                name="password"
                autoComplete="current-password"
                value={password}
                error={fieldError}
                onChange={(event) => {
                  setPassword(event.target.value);
                  setFieldError(null);
                }}
              />
              <div className="safety-dialog__actions">
                <Button variant="secondary" onClick={onClose} disabled={busy}>
                  Cancel
                </Button>
                <Button type="submit" variant="danger" busy={busy} busyLabel="Checking…">
                  Exit kiosk
                </Button>
              </div>
            </form>
          </>
        )}
      </div>
    </ModalDialog>
  );
}
