import { useState, type FormEvent } from 'react';
import type { AdminUserView } from '../../../shared/admin';
import { checkEmail, checkUsername } from '../../../shared/password-rules';
import type { Role } from '../../../shared/user';
import { api } from '../api';
import { AccountFields } from '../components/AccountFields';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { SelectField } from '../components/SelectField';

const FIELDS = ['username', 'email'] as const;

interface CreateUserDialogProps {
  onCancel: () => void;
  onCreated: (user: AdminUserView, temporaryPassword: string) => void;
}

/** A new account with a temporary password the core generates; the same rules as registration. */
export function CreateUserDialog({ onCancel, onCreated }: CreateUserDialogProps) {
  const [role, setRole] = useState<Role>('user');
  const { busy, run } = useSubmit();
  const form = useForm(FIELDS, { username: '', email: '' }, (values) => ({
    username: checkUsername(values.username),
    email: checkEmail(values.email),
  }));
  const { values, bind } = form;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event)) return;
    void run(async () => {
      const result = await api.createUser({ ...values, role });
      if (result.ok) {
        onCreated(result.data.user, result.data.temporaryPassword);
        return;
      }
      form.refused(result.error);
    });
  };

  return (
    <Dialog
      title="Create user"
      description="Gatehouse makes a temporary password for the new account and shows it to you once. They choose their own at first sign-in."
      onCancel={onCancel}
      busy={busy}
    >
      <Alert error={form.alert} />
      <form className="form" onSubmit={submit} noValidate>
        <AccountFields username={bind('username')} email={bind('email')} forSomeoneElse />
        <SelectField label="Role" name="role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          <option value="user">User</option>
          <option value="admin">Administrator</option>
        </SelectField>
        <div className="dialog__actions">
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" busy={busy} busyLabel="Creating user…">
            Create user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
