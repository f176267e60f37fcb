import { QRCodeSVG } from 'qrcode.react';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { TwoStepSetup, TwoStepStatus } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { PublicUser } from '../../../shared/user';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { PasswordField } from '../components/PasswordField';
import { Screen } from '../components/Screen';
import { describeError } from '../lib/errors';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { useSignOut } from '../session/useSignOut';
import { useSession } from '../session/store';
import { useLoaded } from '../admin/useLoaded';
import { RecoveryCodes } from './RecoveryCodes';
import './two-step.css';

/** What the screen shows: one task at a time, so every field has one clear label. */
type View =
  | { kind: 'status' }
  | { kind: 'setting-up'; setup: TwoStepSetup }
  | { kind: 'codes'; codes: string[]; then: string }
  | { kind: 'turning-off' }
  | { kind: 'new-codes' };

/** The setup key in groups of four, for reading aloud or typing into the app. */
export function groupSetupKey(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

const ENTER_CODE = 'Enter the 6-digit code from your app.';

/**
 * The Two-step verification screen (issue 13): set it up (QR code and setup key, then a code),
 * see the recovery codes once, and later turn it off or make new recovery codes. When policy
 * requires it, this is the only screen open until it is on.
 */
export function TwoStepScreen() {
  // The guard renders this screen only with someone signed in.
  const user = useSession((s) => s.user) as PublicUser;
  const userChanged = useSession((s) => s.userChanged);
  const forced = user.twoStepSetupRequired === true;
  const [reloads, setReloads] = useState(0);
  const loaded = useLoaded(`two-step-status-${reloads}`, () => api.twoStepStatus({}));
  const status: TwoStepStatus | null = loaded.data;
  const [view, setView] = useState<View>({ kind: 'status' });
  const [notice, setNotice] = useState<string | null>(null);
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const signOut = useSignOut();
  const setUp = useSubmit();

  const loadAlert = useMemo(() => (loaded.error ? { message: describeError(loaded.error) } : null), [loaded.error]);

  const backToStatus = (message: string | null) => {
    setView({ kind: 'status' });
    setNotice(message);
    setReloads((n) => n + 1);
  };

  const beginSetup = () =>
    void setUp.run(async () => {
      setAlert(null);
      setNotice(null);
      const result = await api.beginTwoStepSetup({});
      if (result.ok) setView({ kind: 'setting-up', setup: result.data });
      else setAlert({ message: describeError(result.error) });
    });

  return (
    <Screen
      title="Two-step verification"
      width="medium"
      intro={
        forced
          ? 'Your administrator requires two-step verification for your account. Set it up to continue.'
          : 'After your password, Gatehouse asks for a code from an authenticator app on your phone, so a watched or guessed password is not enough.'
      }
      footer={
        forced ? (
          <Button variant="secondary" busy={signOut.busy} busyLabel="Signing out…" onClick={() => void signOut.signOut(setAlert)}>
            Sign out
          </Button>
        ) : (
          <p>
            <Link to="/dashboard">Back to dashboard</Link>
          </p>
        )
      }
    >
      <Notice tone="success">{notice}</Notice>
      <Alert error={alert ?? loadAlert} />
      {view.kind === 'setting-up' && (
        <SetupPanel
          setup={view.setup}
          onCancel={() => backToStatus(null)}
          onEnabled={(codes, updated) => {
            userChanged(updated);
            setView({ kind: 'codes', codes, then: 'Done: from now on Gatehouse asks for a code from your app at every sign-in.' });
          }}
        />
      )}
      {view.kind === 'codes' && <RecoveryCodes codes={view.codes} onDone={() => backToStatus(view.then)} />}
      {view.kind === 'turning-off' && <TurnOffPanel onCancel={() => backToStatus(null)} onDone={() => backToStatus('Two-step verification was turned off: your password alone signs you in.')} />}
      {view.kind === 'new-codes' && (
        <NewCodesPanel
          onCancel={() => backToStatus(null)}
          onDone={(codes) => setView({ kind: 'codes', codes, then: 'Your new recovery codes are ready; the old ones no longer work.' })}
        />
      )}
      {view.kind === 'status' && status && (
        <div className="two-step__panel">
          {status.enabled ? (
            <>
              <p className="two-step__state two-step__state--on">Two-step verification is on.</p>
              <p>
                {status.recoveryCodesLeft === 1 ? '1 recovery code is' : `${status.recoveryCodesLeft} recovery codes are`} left.
                {status.recoveryCodesLeft <= 3 && ' Make new ones before you run out.'}
              </p>
              <div className="actions actions--start">
                <Button variant="secondary" onClick={() => setView({ kind: 'new-codes' })}>
                  New recovery codes
                </Button>
                {status.policy !== 'required' && (
                  <Button variant="danger" onClick={() => setView({ kind: 'turning-off' })}>
                    Turn off
                  </Button>
                )}
              </div>
              {status.policy === 'required' && <p className="muted">Your administrator requires it, so it cannot be turned off.</p>}
            </>
          ) : status.policy === 'off' ? (
            <p className="two-step__state">Two-step verification is not offered on this device.</p>
          ) : (
            <>
              <p className="two-step__state">Two-step verification is off.</p>
              <p>You need an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator, FreeOTP or Aegis.</p>
              <div className="actions actions--start">
                <Button busy={setUp.busy} busyLabel="Preparing…" onClick={beginSetup}>
                  Set up
                </Button>
              </div>
            </>
          )}
        </div>
      )}
    </Screen>
  );
}

function SetupPanel({
  setup,
  onCancel,
  onEnabled,
}: {
  setup: TwoStepSetup;
  onCancel: () => void;
  onEnabled: (codes: string[], user: PublicUser) => void;
}) {
  const keyId = useId();
  const { form, busy, submit } = useCodeForm(
    (code) => api.confirmTwoStepSetup({ code }),
    (data) => onEnabled(data.recoveryCodes, data.user),
  );

  return (
    <section className="two-step__panel" aria-label="Set up two-step verification">
      <ol className="two-step__steps">
        <li>Open your authenticator app and add an account.</li>
        <li>Scan this QR code, or type the setup key.</li>
        <li>Enter the 6-digit code the app then shows.</li>
      </ol>
      <div className="two-step__qr">
        <QRCodeSVG value={setup.uri} size={192} marginSize={4} level="M" title="QR code for your authenticator app" />
      </div>
      <div className="setup-key">
        <p className="setup-key__label" id={keyId}>
          Setup key
        </p>
        <p className="secret">
          <code className="secret__value setup-key__value" aria-labelledby={keyId}>
            {groupSetupKey(setup.secret)}
          </code>
        </p>
        <p className="field__hint">Time-based; the spaces do not matter.</p>
      </div>
      <Alert error={form.alert} />
      <form className="form" onSubmit={submit} noValidate>
        <Field {...form.bind('code')} label="6-digit code" type="text" inputMode="numeric" autoComplete="one-time-code" spellCheck={false} />
        <div className="actions">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" busy={busy} busyLabel="Turning on…">
            Turn on
          </Button>
        </div>
      </form>
    </section>
  );
}

function TurnOffPanel({ onCancel, onDone }: { onCancel: () => void; onDone: () => void }) {
  const [withRecoveryCode, setWithRecoveryCode] = useState(false);
  const { busy, run } = useSubmit();
  const form = useForm(['password', 'code', 'recoveryCode'] as const, { password: '', code: '', recoveryCode: '' }, (values) => ({
    password: values.password === '' ? 'Enter your password.' : null,
    code: !withRecoveryCode && values.code.trim() === '' ? ENTER_CODE : null,
    recoveryCode: withRecoveryCode && values.recoveryCode.trim() === '' ? 'Enter one of your recovery codes.' : null,
  }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event)) return;
    void run(async () => {
      const { password, code, recoveryCode } = form.values;
      const result = await api.disableTwoStep(withRecoveryCode ? { password, recoveryCode } : { password, code });
      if (result.ok) {
        onDone();
        return;
      }
      form.setValues({ password: '', code: '', recoveryCode: '' });
      form.refused(result.error);
    });
  };

  return (
    <section className="two-step__panel" aria-label="Turn off two-step verification">
      <p>Your password alone will sign you in again. Confirm it is you:</p>
      <Alert error={form.alert} />
      <form className="form" onSubmit={submit} noValidate>
        <PasswordField {...form.bind('password')} label="Password" autoComplete="current-password" />
        {withRecoveryCode ? (
          <Field {...form.bind('recoveryCode')} key="recoveryCode" label="Recovery code" type="text" autoComplete="off" spellCheck={false} />
        ) : (
          <Field {...form.bind('code')} key="code" label="6-digit code" type="text" inputMode="numeric" autoComplete="one-time-code" spellCheck={false} />
        )}
        <button type="button" className="link-button" onClick={() => setWithRecoveryCode((v) => !v)}>
          {withRecoveryCode ? 'Use the code from your app' : 'Use a recovery code'}
        </button>
        <div className="actions">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" busy={busy} busyLabel="Turning off…">
            Turn off
          </Button>
        </div>
      </form>
    </section>
  );
}

function NewCodesPanel({ onCancel, onDone }: { onCancel: () => void; onDone: (codes: string[]) => void }) {
  const { form, busy, submit } = useCodeForm(
    (code) => api.newRecoveryCodes({ code }),
    (data) => onDone(data.recoveryCodes),
  );

  return (
    <section className="two-step__panel" aria-label="New recovery codes">
      <p>Ten new codes replace the ones you have now, used or not.</p>
      <Alert error={form.alert} />
      <form className="form" onSubmit={submit} noValidate>
        <Field {...form.bind('code')} label="6-digit code" type="text" inputMode="numeric" autoComplete="one-time-code" spellCheck={false} />
        <div className="actions">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" busy={busy} busyLabel="Making codes…">
            New recovery codes
          </Button>
        </div>
      </form>
    </section>
  );
}

/**
 * A form of one field, the current 6-digit code, sent by `send`: a refused code is emptied for
 * the next try and its message shown at the field.
 */
function useCodeForm<T>(send: (code: string) => Promise<Result<T>>, onAccepted: (data: T) => void) {
  const { busy, run } = useSubmit();
  const form = useForm(['code'] as const, { code: '' }, (values) => ({ code: values.code.trim() === '' ? ENTER_CODE : null }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event)) return;
    void run(async () => {
      const result = await send(form.values.code);
      if (result.ok) {
        onAccepted(result.data);
        return;
      }
      form.setValues({ code: '' });
      form.refused(result.error);
    });
  };
  return { form, busy, submit };
}
