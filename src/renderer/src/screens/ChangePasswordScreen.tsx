import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { checkPassword } from '../../../shared/password-rules';
import type { PublicUser } from '../../../shared/user';
import { passwordChangedState } from '../account/PasswordChangedNotice';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { checkConfirmation, NewPasswordFields, usePasswordPolicy } from '../components/NewPasswordFields';
import { PasswordField } from '../components/PasswordField';
import { Screen } from '../components/Screen';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { useSignOut } from '../session/useSignOut';
import { useSession } from '../session/store';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;
type FieldName = (typeof FIELDS)[number];

const EMPTY: Record<FieldName, string> = { currentPassword: '', newPassword: '', confirmPassword: '' };
/** A wrong current password belongs next to that field, even if the core named no field. */
const WRONG_CURRENT = 'This is not your current password.';

export function ChangePasswordScreen() {
  // The guard renders this screen only with someone signed in.
  const user = useSession((s) => s.user) as PublicUser;
  const userChanged = useSession((s) => s.userChanged);
  const forced = user.mustChangePassword;

  // One toggle reveals all three fields.
  const [revealed, setRevealed] = useState(false);
  const navigate = useNavigate();
  const { busy, run } = useSubmit();
  const signOut = useSignOut();
  const policy = usePasswordPolicy();
  const form = useForm(
    FIELDS,
    EMPTY,
    (values) => ({
      currentPassword: values.currentPassword === '' ? 'Enter your current password.' : null,
      newPassword:
        checkPassword(values.newPassword, policy, { username: user.username }) ??
        (values.newPassword === values.currentPassword ? 'Choose a password different from your current one.' : null),
      confirmPassword: checkConfirmation(values.confirmPassword, values.newPassword, 'new password'),
    }),
  );
  const { values, bind } = form;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event)) return;
    void run(async () => {
      const result = await api.changePassword({ ...values });
      if (!result.ok) {
        const fields = { ...result.error.fields };
        if (result.error.code === 'INVALID_CREDENTIALS') fields.currentPassword ??= WRONG_CURRENT;
        form.refused(result.error, fields);
        return;
      }
      // Nothing of the old or new password stays on screen: the form is left for the dashboard,
      // which confirms the change (issue 11).
      form.setValues(EMPTY);
      setRevealed(false);
      form.errors.reset();
      // The core cleared any forced change; ask it for the fresh account rather than guessing.
      const session = await api.session({});
      userChanged(session.ok && session.data.user ? session.data.user : { ...user, mustChangePassword: false });
      void navigate('/dashboard', { replace: true, state: passwordChangedState() });
    });
  };

  return (
    <Screen
      title="Change password"
      width="medium"
      intro={
        forced
          ? 'Choose a new password to continue. Your administrator asked you to replace the temporary one.'
          : 'Choose a new password for your account.'
      }
      footer={
        forced ? (
          <Button variant="secondary" busy={signOut.busy} busyLabel="Signing out…" onClick={() => void signOut.signOut(form.setAlert)}>
            Sign out
          </Button>
        ) : (
          <p>
            <Link to="/dashboard">Back to dashboard</Link>
          </p>
        )
      }
    >
      <Alert error={form.alert} />
      <form className="form" onSubmit={submit} noValidate>
        <PasswordField
          {...bind('currentPassword')}
          label="Current password"
          autoComplete="current-password"
          revealed={revealed}
        />
        <NewPasswordFields
          password={bind('newPassword')}
          confirmation={bind('confirmPassword')}
          labels={{ password: 'New password', confirmation: 'Confirm new password' }}
          policy={policy}
          username={user.username}
          revealed={revealed}
          onReveal={setRevealed}
        />
        <Button type="submit" busy={busy} busyLabel="Changing password…" className="button--block">
          Change password
        </Button>
      </form>
    </Screen>
  );
}
