import { useState, type FormEvent } from 'react';
import type { AdminUserView } from '../../../shared/admin';
import { checkEmail, checkUsername, USERNAME_MAX, USERNAME_MIN } from '../../../shared/policy';
import type { Role } from '../../../shared/user';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { describeError } from '../lib/errors';
import { focusField } from '../lib/focusField';
import { useFieldErrors } from '../lib/useFieldErrors';
import { useSubmit } from '../lib/useSubmit';
import { Modal } from './Modal';
import { SelectField } from './SelectField';

const FIELDS = ['username', 'email'] as const;
type FieldName = (typeof FIELDS)[number];

interface CreateUserDialogProps {
  onCancel: () => void;
  onCreated: (user: AdminUserView, temporaryPassword: string) => void;
}

/** A new account with a temporary password the core generates; the same rules as registration. */
export function CreateUserDialog({ onCancel, onCreated }: CreateUserDialogProps) {
  const [values, setValues] = useState<Record<FieldName, string>>({ username: '', email: '' });
  const [role, setRole] = useState<Role>('user');
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const errors = useFieldErrors<FieldName>();
  const { busy, run } = useSubmit();

  const clientErrors: Record<FieldName, string | null> = {
    username: checkUsername(values.username),
    email: checkEmail(values.email),
  };

  const bind = (name: FieldName) => ({
    name,
    value: values[name],
    error: errors.visible(name, clientErrors[name]),
    onChange: (event: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: event.target.value }));
      errors.edited(name);
    },
    onBlur: () => errors.blurred(name),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.markSubmitted();
    const firstInvalid = FIELDS.find((name) => clientErrors[name] !== null);
    if (firstInvalid) {
      setAlert(null);
      focusField(event.currentTarget, firstInvalid);
      return;
    }
    void run(async () => {
      setAlert(null);
      const result = await api.createUser({ ...values, role });
      if (result.ok) {
        onCreated(result.data.user, result.data.temporaryPassword);
        return;
      }
      errors.reset();
      errors.setServerErrors(result.error.fields);
      setAlert({ message: describeError(result.error, FIELDS) });
    });
  };

  return (
    <Modal
      title="Create user"
      description="Gatehouse makes a temporary password for the new account and shows it to you once. They choose their own at first sign-in."
      onClose={onCancel}
      busy={busy}
    >
      <Alert error={alert} />
      <form className="form" onSubmit={submit} noValidate>
        <Field
          {...bind('username')}
          label="Username"
          type="text"
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          hint={`${USERNAME_MIN} to ${USERNAME_MAX} letters, digits, dots, underscores or hyphens.`}
          data-autofocus=""
        />
        <Field {...bind('email')} label="Email" type="email" autoComplete="off" spellCheck={false} />
        <SelectField label="Role" name="role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          <option value="user">User</option>
          <option value="admin">Administrator</option>
        </SelectField>
        <div className="modal__actions">
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" busy={busy} busyLabel="Creating user…">
            Create user
          </Button>
        </div>
      </form>
    </Modal>
  );
}
