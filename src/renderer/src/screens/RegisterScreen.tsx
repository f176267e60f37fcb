import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import {
  checkEmail,
  checkPassword,
  checkUsername,
  DEFAULT_MIN_PASSWORD_LENGTH,
  USERNAME_MAX,
  USERNAME_MIN,
} from '../../../shared/password-rules';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { PasswordField } from '../components/PasswordField';
import { PasswordRules } from '../components/PasswordRules';
import { Screen } from '../components/Screen';
import { StrengthMeter } from '../components/StrengthMeter';
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
  const rulesId = useId();
  const policy = { minLength: appPolicy?.minPasswordLength ?? DEFAULT_MIN_PASSWORD_LENGTH };
  const form = useForm(FIELDS, { username: '', email: '', password: '', confirmPassword: '' }, (values) => ({
    username: checkUsername(values.username),
    email: checkEmail(values.email),
    password: checkPassword(values.password, policy, { username: values.username }),
    confirmPassword:
      values.confirmPassword === ''
        ? 'Enter the password again.'
        : values.confirmPassword !== values.password
          ? 'The two passwords do not match.'
          : null,
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
        <Field
          {...bind('username')}
          label="Username"
          type="text"
          autoComplete="username"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          hint={`${USERNAME_MIN} to ${USERNAME_MAX} letters, digits, dots, underscores or hyphens.`}
        />
        <Field {...bind('email')} label="Email" type="email" autoComplete="email" spellCheck={false} />
        <PasswordField
          {...bind('password')}
          label="Password"
          autoComplete="new-password"
          revealed={revealed}
          toggle={{ label: 'Show password', revealed, onChange: setRevealed }}
          describedBy={[rulesId]}
          after={
            <>
              <StrengthMeter password={values.password} />
              <PasswordRules id={rulesId} policy={policy} password={values.password} username={values.username} />
            </>
          }
        />
        <PasswordField {...bind('confirmPassword')} label="Confirm password" autoComplete="new-password" revealed={revealed} />
        <Button type="submit" busy={busy} busyLabel="Creating account…" className="button--block">
          Create account
        </Button>
      </form>
    </Screen>
  );
}
