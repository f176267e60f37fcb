import { useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/result';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Screen } from '../components/Screen';
import { describeError } from '../lib/errors';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/store';
import { DeviceTime } from './DeviceTime';

const FIELDS = ['code', 'recoveryCode'] as const;
/** After this many refused codes the device's time is shown (issue 13). */
const SHOW_TIME_AFTER = 2;
/** Answers after which this half-done sign-in is over: back to the password. */
const ENDS_SIGN_IN: ReadonlySet<AppError['code']> = new Set(['SESSION_EXPIRED', 'NOT_FOUND', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED']);

interface SecondStepScreenProps {
  /** Back to the password step, with why when the core ended this sign-in. */
  onBack: (alert: { message: string } | null) => void;
}

/**
 * The second sign-in step: "Enter your code". The password was right; the session starts only
 * when the core accepts a code from the app or one of the recovery codes.
 */
export function SecondStepScreen({ onBack }: SecondStepScreenProps) {
  const signedIn = useSession((s) => s.signedIn);
  const [withRecoveryCode, setWithRecoveryCode] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const { busy, run } = useSubmit();
  const cancel = useSubmit();
  const form = useForm(FIELDS, { code: '', recoveryCode: '' }, (values) => ({
    code: !withRecoveryCode && values.code.trim() === '' ? 'Enter the 6-digit code from your app.' : null,
    recoveryCode: withRecoveryCode && values.recoveryCode.trim() === '' ? 'Enter one of your recovery codes.' : null,
  }));
  const { values, bind } = form;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event)) return;
    void run(async () => {
      const result = await api.verifySecondStep(withRecoveryCode ? { recoveryCode: values.recoveryCode } : { code: values.code });
      if (result.ok) {
        signedIn(result.data.user);
        return;
      }
      if (ENDS_SIGN_IN.has(result.error.code)) {
        onBack({ message: describeError(result.error) });
        return;
      }
      if (result.error.code === 'INVALID_CREDENTIALS') setRefusals((n) => n + 1);
      form.setValues({ code: '', recoveryCode: '' });
      form.refused(result.error);
    });
  };

  const switchTo = (recovery: boolean) => {
    setWithRecoveryCode(recovery);
    form.errors.reset();
    form.setAlert(null);
  };

  const back = () =>
    void cancel.run(async () => {
      // Forget the half-done sign-in in the core too, so nobody else can finish it here.
      await api.logout({});
      onBack(null);
    });

  return (
    <Screen
      title="Enter your code"
      intro={
        withRecoveryCode
          ? 'Enter one of the recovery codes you saved when you set up two-step verification. Each works once.'
          : 'Open the authenticator app on your phone and enter the 6-digit code it shows for Gatehouse.'
      }
      footer={
        <Button variant="secondary" busy={cancel.busy} busyLabel="Going back…" onClick={back}>
          Back to sign in
        </Button>
      }
    >
      <Alert error={form.alert} />
      <form className="form" onSubmit={submit} noValidate>
        {withRecoveryCode ? (
          <Field
            {...bind('recoveryCode')}
            key="recoveryCode"
            label="Recovery code"
            type="text"
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
          />
        ) : (
          <Field
            {...bind('code')}
            key="code"
            label="6-digit code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
          />
        )}
        <Button type="submit" busy={busy} busyLabel="Checking…" className="button--block">
          Verify
        </Button>
        <button type="button" className="link-button" onClick={() => switchTo(!withRecoveryCode)}>
          {withRecoveryCode ? 'Use the code from your app' : 'Use a recovery code'}
        </button>
      </form>
      {refusals >= SHOW_TIME_AFTER && <DeviceTime />}
    </Screen>
  );
}
