import { useState, type FormEvent } from 'react';
import { checkEmail, checkPassword, checkUsername } from '../../../shared/password-rules';
import type { PublicUser } from '../../../shared/user';
import { api } from '../api';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { AccountFields } from './AccountFields';
import { Alert } from './Alert';
import { Button } from './Button';
import { checkConfirmation, NewPasswordFields, usePasswordPolicy } from './NewPasswordFields';

const FIELDS = ['username', 'email', 'password', 'confirmPassword'] as const;

/**
 * Creating an account here: the registration screen and the first-run screen (whose account is
 * the device's administrator) use the same form, rules and answers. Every problem the core
 * finds is shown beside its field at once.
 */
export function RegisterForm({ onCreated }: { onCreated: (user: PublicUser) => void | Promise<void> }) {
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
        await onCreated(result.data.user);
        return;
      }
      form.refused(result.error);
    });
  };

  return (
    <>
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
    </>
  );
}
