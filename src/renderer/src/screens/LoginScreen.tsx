import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import type { AppError } from '../../../shared/result';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Checkbox';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { PasswordField } from '../components/PasswordField';
import { Screen } from '../components/Screen';
import { describeError } from '../lib/errors';
import { focusField } from '../lib/focusField';
import { useFieldErrors } from '../lib/useFieldErrors';
import { useSubmit } from '../lib/useSubmit';
import { useRefreshAppInfo } from '../session/useRefreshAppInfo';
import { useSession } from '../session/store';

const FIELDS = ['identifier', 'password'] as const;
type FieldName = (typeof FIELDS)[number];

/** Wrong credentials and lockouts leave the password field empty so the next try starts clean. */
const CLEARS_PASSWORD: ReadonlySet<AppError['code']> = new Set(['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED']);

export function LoginScreen() {
  const policy = useSession((s) => s.appInfo?.policy);
  const ended = useSession((s) => s.ended);
  const signedIn = useSession((s) => s.signedIn);
  const location = useLocation();
  useRefreshAppInfo();

  // Someone who ticked "Remember me" is offered their username (and the box ticked again) until
  // they type or choose otherwise; nobody else's name is ever prefilled.
  const rememberedUsername = useSession((s) => (s.appInfo?.policy.rememberAllowed ? s.appInfo.rememberedUsername : null));
  const [typedIdentifier, setIdentifier] = useState<string | null>(null);
  const identifier = typedIdentifier ?? rememberedUsername ?? '';
  const [password, setPassword] = useState('');
  const [rememberChoice, setRemember] = useState<boolean | null>(null);
  const remember = rememberChoice ?? Boolean(rememberedUsername);
  const [revealed, setRevealed] = useState(false);
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const errors = useFieldErrors<FieldName>();
  const { busy, run } = useSubmit();

  const clientErrors: Record<FieldName, string | null> = {
    identifier: identifier.trim() === '' ? 'Enter your username or email.' : null,
    password: password === '' ? 'Enter your password.' : null,
  };

  // Re-read on every render: if policy stops allowing remember-me, a ticked box is not sent.
  const rememberAllowed = policy?.rememberAllowed ?? false;

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
      const result = await api.login({ identifier, password, ...(rememberAllowed ? { remember } : {}) });
      if (result.ok) {
        // The public-only guard now sends the person on (to where they were going, or the dashboard).
        signedIn(result.data.user);
        return;
      }
      if (CLEARS_PASSWORD.has(result.error.code)) setPassword('');
      errors.reset();
      errors.setServerErrors(result.error.fields);
      setAlert({ message: describeError(result.error, FIELDS) });
    });
  };

  return (
    <Screen
      title="Sign in"
      intro="Use the account you have on this device."
      footer={
        policy?.selfRegistration && (
          <p>
            New here?{' '}
            <Link to="/register" state={location.state}>
              Create an account
            </Link>
          </p>
        )
      }
    >
      {!alert && <Notice tone="info">{ended?.message}</Notice>}
      <Alert error={alert} />
      <form className="form" onSubmit={submit} noValidate>
        <Field
          label="Username or email"
          name="identifier"
          type="text"
          autoComplete="username"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          value={identifier}
          error={errors.visible('identifier', clientErrors.identifier)}
          onChange={(e) => {
            setIdentifier(e.target.value);
            errors.edited('identifier');
          }}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          revealed={revealed}
          toggle={{ label: 'Show password', revealed, onChange: setRevealed }}
          error={errors.visible('password', clientErrors.password)}
          onChange={(e) => {
            setPassword(e.target.value);
            errors.edited('password');
          }}
        />
        {rememberAllowed && (
          <Checkbox
            label="Remember me"
            hint="Stay signed in on this device. Do not use on a shared computer."
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
        )}
        <Button type="submit" busy={busy} busyLabel="Signing in…" className="button--block">
          Sign in
        </Button>
      </form>
    </Screen>
  );
}
