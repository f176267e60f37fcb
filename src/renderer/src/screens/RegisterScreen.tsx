import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { checkEmail, checkPassword, checkUsername } from '../../../shared/password-rules';
import { api } from '../api';
import { AccountFields } from '../components/AccountFields';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { checkConfirmation, NewPasswordFields, usePasswordPolicy } from '../components/NewPasswordFields';
import { Notice } from '../components/Notice';
import { Screen } from '../components/Screen';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { useRefreshAppInfo } from '../session/useRefreshAppInfo';
import { useSession } from '../session/store';

const FIELDS = ['username', 'email', 'password', 'confirmPassword'] as const;

export function RegisterScreen() {
  const appPolicy = useSession((s) => s.appInfo?.policy);
  const signedIn = useSession((s) => s.signedIn);
  const location = useLocation();
  useRefreshAppInfo();

  const [revealed, setRevealed] = useState(false);
  const { busy, run } = useSubmit();
  const policy = usePasswordPolicy();
  const form = useForm(FIELDS, { username: '', email: '', password: '', confirmPassword: '' }, (values) => ({
    username: checkUsername(values.username),
    email: checkEmail(values.email),
    password: checkPassword(values.password, policy, { username: values.username }),
    confirmPassword: checkConfirmation(values.confirmPassword, values.password, 'password'),
  }));
  const { values, bind } = form;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event)) return;
    void run(async () => {
      const result = await api.register({ ...values });
      if (result.ok) {
        // Signed in at once; the public-only guard takes the person to the dashboard.
        signedIn(result.data.user);
        return;
      }
      form.refused(result.error);
    });
  };

  const signInLink = (
    <p>
      Already have an account?{' '}
      <Link to="/login" state={location.state}>
        Sign in
      </Link>
    </p>
  );

  if (appPolicy && !appPolicy.selfRegistration) {
    return (
      <Screen title="Create account" footer={signInLink}>
        <Notice tone="info">
          Creating accounts is turned off on this device. Ask an administrator for an account.
        </Notice>
      </Screen>
    );
  }

  return (
    <Screen title="Create account" intro="Your account stays on this device." footer={signInLink}>
      <Alert error={form.alert} />
      <form className="form" onSubmit={submit} noValidate>
        <AccountFields username={bind('username')} email={bind('email')} />
        <NewPasswordFields
          password={bind('password')}
          confirmation={bind('confirmPassword')}
          labels={{ password: 'Password', confirmation: 'Confirm password' }}
          policy={policy}
          username={values.username}
          revealed={revealed}
          onReveal={setRevealed}
        />
        <Button type="submit" busy={busy} busyLabel="Creating account…" className="button--block">
          Create account
        </Button>
      </form>
    </Screen>
  );
}
