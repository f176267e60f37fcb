import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import type { AppError } from '../../../shared/result';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Checkbox';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { PasswordField } from '../components/PasswordField';
import { Screen } from '../components/Screen';
import { SignInHelp } from '../account/SignInHelp';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { useRefreshAppInfo } from '../session/useRefreshAppInfo';
import { useSession } from '../session/store';
import { SecondStepScreen } from '../two-step/SecondStepScreen';

const FIELDS = ['identifier', 'password'] as const;

/** Wrong credentials and lockouts leave the password field empty so the next try starts clean. */
const CLEARS_PASSWORD: ReadonlySet<AppError['code']> = new Set(['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED']);

export function LoginScreen() {
  const policy = useSession((s) => s.appInfo?.policy);
  const ended = useSession((s) => s.ended);
  const signedIn = useSession((s) => s.signedIn);
  const location = useLocation();
  useRefreshAppInfo();

  // Someone who ticked "Remember me" and has not signed out is offered their username; signing
  // out forgets it. The box itself is never ticked for anyone (issue 11): each person chooses.
  const rememberedUsername = useSession((s) => (s.appInfo?.policy.rememberAllowed ? s.appInfo.rememberedUsername : null));
  const [remember, setRemember] = useState(false);
  const [revealed, setRevealed] = useState(false);
  // Issue 13: the password was right and the account has two-step verification.
  const [secondStep, setSecondStep] = useState(false);
  const { busy, run } = useSubmit();
  const form = useForm(FIELDS, { identifier: rememberedUsername ?? '', password: '' }, (values) => ({
    identifier: values.identifier.trim() === '' ? 'Enter your username or email.' : null,
    password: values.password === '' ? 'Enter your password.' : null,
  }));
  const { values } = form;
  // The cursor is put in these fields for the person (on load, after a refusal), so leaving one
  // still empty is not scolded for (nor does the message push the link being clicked away):
  // the check on submit says it.
  const bind = (name: (typeof FIELDS)[number]) => {
    const bound = form.bind(name);
    return { ...bound, onBlur: () => values[name] !== '' && bound.onBlur() };
  };
  const identifierRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  // As on every OS login screen, the cursor starts in the first empty field (issue 11).
  useEffect(() => {
    (identifierRef.current?.value ? passwordRef.current : identifierRef.current)?.focus();
  }, []);

  // Re-read on every render: if policy stops allowing remember-me, a ticked box is not sent.
  const rememberAllowed = policy?.rememberAllowed ?? false;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event)) return;
    void run(async () => {
      const result = await api.login({ ...values, ...(rememberAllowed ? { remember } : {}) });
      if (result.ok) {
        // The public-only guard now sends the person on (to where they were going, or the dashboard).
        signedIn(result.data.user);
        return;
      }
      if (result.error.code === 'SECOND_STEP_REQUIRED') {
        form.setValues({ password: '' });
        setRevealed(false);
        setSecondStep(true);
        return;
      }
      if (CLEARS_PASSWORD.has(result.error.code)) form.setValues({ password: '' });
      form.refused(result.error);
      // The next try starts in the (emptied) password field; the alert is still announced (role="alert").
      passwordRef.current?.focus();
    });
  };

  if (secondStep) {
    return (
      <SecondStepScreen
        onBack={(alert) => {
          setSecondStep(false);
          form.setAlert(alert);
        }}
      />
    );
  }

  return (
    <Screen
      title="Sign in"
      focusHeading={false}
      intro="Use the account you have on this device."
      footer={<SignInHelp selfRegistration={policy?.selfRegistration ?? false} kiosk={policy?.kioskMode ?? false} state={location.state} />}
    >
      {!form.alert && <Notice tone="info">{ended?.message}</Notice>}
      <Alert error={form.alert} focus={false} />
      <form className="form" onSubmit={submit} noValidate>
        <Field
          {...bind('identifier')}
          ref={identifierRef}
          label="Username or email"
          type="text"
          autoComplete="username"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
        />
        <PasswordField
          {...bind('password')}
          ref={passwordRef}
          label="Password"
          autoComplete="current-password"
          revealed={revealed}
          toggle={{ label: 'Show password', revealed, onChange: setRevealed }}
        />
        {rememberAllowed && (
          <Checkbox
            label="Remember me"
            hint="Keeps you signed in here after Gatehouse closes. It still locks when you step away; sign out when you leave."
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
