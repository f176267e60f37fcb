import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { describeError } from '../lib/errors';
import { useSubmit } from '../lib/useSubmit';
import type { ActionOutcome, UserAction } from './userActions';

interface ConfirmActionDialogProps {
  action: UserAction;
  username: string;
  onCancel: () => void;
  onDone: (outcome: ActionOutcome) => void;
}

/**
 * Asks before any action on an account, saying what will happen. A refusal from the core (the
 * last administrator, acting on your own account, …) is shown here, in the dialog the person is
 * looking at, rather than behind it.
 */
export function ConfirmActionDialog({ action, username, onCancel, onDone }: ConfirmActionDialogProps) {
  const { busy, run } = useSubmit();
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);
  const typedRef = useRef<HTMLInputElement>(null);

  const confirm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (action.typeToConfirm && typed.trim() !== username) {
      setTypedError(typed.trim() === '' ? `Type ${username} to confirm.` : `That is not ${username}. Type the username exactly.`);
      typedRef.current?.focus();
      return;
    }
    void run(async () => {
      setAlert(null);
      const result = await action.perform();
      if (result.ok) onDone(result.data);
      else setAlert({ message: describeError(result.error) });
    });
  };

  return (
    <Dialog
      title={action.title}
      description={action.consequence}
      onCancel={onCancel}
      busy={busy}
      tone={action.danger ? 'danger' : 'default'}
    >
      <Alert error={alert} />
      <form className="form" onSubmit={confirm} noValidate>
        {action.typeToConfirm && (
          <Field
            ref={typedRef}
            label={`Type ${username} to confirm`}
            name="confirmUsername"
            type="text"
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            value={typed}
            error={typedError}
            data-autofocus=""
            onChange={(event) => {
              setTyped(event.target.value);
              setTypedError(null);
            }}
          />
        )}
        <div className="dialog__actions">
          <Button variant="secondary" onClick={onCancel} disabled={busy} {...(action.typeToConfirm ? {} : { 'data-autofocus': '' })}>
            Cancel
          </Button>
          <Button type="submit" variant={action.danger ? 'danger' : 'primary'} busy={busy} busyLabel={action.busyLabel}>
            {action.label}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
