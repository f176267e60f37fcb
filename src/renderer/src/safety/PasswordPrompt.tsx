import { useRef, useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/result';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { PasswordField } from '../components/PasswordField';
import { describeError } from '../lib/errors';
import { useSubmit } from '../lib/useSubmit';

type Problem = { message: string } | null;

/**
 * The state of one "confirm with your password" prompt (the lock screen, Exit kiosk). `send`
 * asks the core and resolves to its refusal, or null when the password was accepted. The
 * caller gets `busy` and `setAlert` too, for what it shows beside the prompt (signing out).
 */
export function usePasswordPrompt(send: (password: string) => Promise<AppError | null>, emptyMessage = 'Enter your password.') {
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [alert, setAlert] = useState<Problem>(null);
  const { busy, run } = useSubmit();
  const fieldRef = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password === '') {
      setAlert(null);
      setFieldError(emptyMessage);
      fieldRef.current?.focus();
      return;
    }
    void run(async () => {
      setAlert(null);
      setFieldError(null);
      const refusal = await send(password);
      // Whatever the answer, the next try starts from an empty field.
      setPassword('');
      if (refusal) {
        setAlert({ message: describeError(refusal, ['password']) });
        // The cursor waits in the emptied field for the next try; the alert is announced (role="alert").
        fieldRef.current?.focus();
      }
    });
  };

  const edit = (value: string) => {
    setPassword(value);
    setFieldError(null);
  };

  return { password, edit, fieldError, fieldRef, alert, setAlert, busy, submit };
}

interface PasswordPromptProps {
  prompt: ReturnType<typeof usePasswordPrompt>;
  submitLabel: string;
  busyLabel: string;
  variant?: 'primary' | 'danger';
  /** A show/hide toggle on the field. */
  revealable?: boolean;
  /** Ids of what else describes the field (whose session this is). */
  describedBy?: string[];
  /** In a dialog: a Cancel button beside the submit button. */
  onCancel?: () => void;
  /** The field's label (the unlock screen asks for a passphrase or recovery key). */
  label?: string;
}

/**
 * The alert, the password field and the button of a password prompt. The field is marked
 * data-autofocus for a Dialog; a screen focuses `prompt.fieldRef` itself.
 */
export function PasswordPrompt({ prompt, submitLabel, busyLabel, variant = 'primary', revealable = false, describedBy, onCancel, label = 'Password' }: PasswordPromptProps) {
  const [revealed, setRevealed] = useState(false);
  const { fieldRef, busy } = prompt;

  const submitButton = (
    <Button type="submit" variant={variant} busy={busy} busyLabel={busyLabel} className={onCancel ? undefined : 'button--block'}>
      {submitLabel}
    </Button>
  );

  return (
    <>
      <Alert error={prompt.alert} focus={false} />
      <form className="form" onSubmit={prompt.submit} noValidate>
        <PasswordField
          ref={fieldRef}
          label={label}
          name="password"
          autoComplete="current-password"
          value={prompt.password}
          revealed={revealed}
          toggle={revealable ? { label: `Show ${label.toLowerCase()}`, revealed, onChange: setRevealed } : undefined}
          error={prompt.fieldError}
          describedBy={describedBy}
          data-autofocus=""
          onChange={(event) => prompt.edit(event.target.value)}
        />
        {onCancel ? (
          <div className="dialog__actions">
            <Button variant="secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            {submitButton}
          </div>
        ) : (
          submitButton
        )}
      </form>
    </>
  );
}
