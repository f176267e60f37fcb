import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { checkEmail, normalizeEmail } from '../../../shared/password-rules';
import type { PublicUser } from '../../../shared/user';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { PasswordField } from '../components/PasswordField';
import { Screen } from '../components/Screen';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/store';

const FIELDS = ['email', 'currentPassword'] as const;

/**
 * Edit profile (#/profile, issue 11): the person's own email. Changing it asks for their
 * password again (the core checks it and counts a wrong one like the lock screen does), so a
 * session left open at a shared machine cannot hand the account's contact to someone else.
 * The change is written to the audit log by the core.
 */
export function ProfileScreen() {
  // The guard renders this screen only with someone signed in.
  const user = useSession((s) => s.user) as PublicUser;
  const userChanged = useSession((s) => s.userChanged);
  const [saved, setSaved] = useState<string | null>(null);
  const [revealed, setRevealed] = useState(false);
  const { busy, run } = useSubmit();
  const form = useForm(
    FIELDS,
    { email: user.email, currentPassword: '' },
    (values) => ({
      email: checkEmail(values.email),
      currentPassword: values.currentPassword === '' ? 'Enter your password to change your email.' : null,
    }),
    () => setSaved(null),
  );
  const { values, bind } = form;
  const unchanged = normalizeEmail(values.email) === normalizeEmail(user.email);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (unchanged) {
      event.preventDefault();
      form.setAlert({ message: 'This is already your email. Type the new one to change it.' });
      return;
    }
    if (!form.readyToSend(event)) return;
    void run(async () => {
      setSaved(null);
      const result = await api.updateProfile({ email: values.email, currentPassword: values.currentPassword });
      // The password never stays on screen, whatever the answer.
      form.setValues({ currentPassword: '' });
      if (!result.ok) {
        form.refused(result.error);
        return;
      }
      setRevealed(false);
      form.errors.reset();
      userChanged(result.data.user);
      form.setValues({ email: result.data.user.email, currentPassword: '' });
      setSaved(`Your email is now ${result.data.user.email}.`);
    });
  };

  return (
    <Screen
      title="Edit profile"
      width="medium"
      intro="Your email is how an administrator reaches you about this account. Changing it asks for your password."
      footer={
        <p>
          <Link to="/dashboard">Back to dashboard</Link>
        </p>
      }
    >
      <Notice tone="success">{saved}</Notice>
      <Alert error={form.alert} />
      <dl className="facts">
        <div className="facts__row">
          <dt>Username</dt>
          <dd>{user.username}</dd>
        </div>
      </dl>
      <form className="form" onSubmit={submit} noValidate>
        <Field {...bind('email')} label="Email" type="email" autoComplete="email" spellCheck={false} />
        <PasswordField
          {...bind('currentPassword')}
          label="Your password"
          hint="To confirm it is you."
          autoComplete="current-password"
          revealed={revealed}
          toggle={{ label: 'Show password', revealed, onChange: setRevealed }}
        />
        <Button type="submit" busy={busy} busyLabel="Saving…" className="button--block">
          Save changes
        </Button>
      </form>
    </Screen>
  );
}
