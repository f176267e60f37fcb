import { useId } from 'react';
import { DEFAULT_MIN_PASSWORD_LENGTH, type PasswordPolicy } from '../../../shared/password-rules';
import type { BoundField } from '../lib/useForm';
import { useSession } from '../session/store';
import { PasswordField } from './PasswordField';
import { PasswordRules } from './PasswordRules';
import { StrengthMeter } from './StrengthMeter';

/** The password rules this device applies, as the core last said (the default until it has). */
export function usePasswordPolicy(): PasswordPolicy {
  const minLength = useSession((s) => s.appInfo?.policy.minPasswordLength);
  return { minLength: minLength ?? DEFAULT_MIN_PASSWORD_LENGTH };
}

/**
 * The check on the confirmation field. `noun` is what the form calls the password
 * ("password", "new password").
 */
export function checkConfirmation(confirmation: string, password: string, noun: string): string | null {
  if (confirmation === '') return `Enter the ${noun} again.`;
  return confirmation === password ? null : `The two ${noun}s do not match.`;
}

interface NewPasswordFieldsProps {
  /** bind() of the new password and of its confirmation. */
  password: BoundField;
  confirmation: BoundField;
  labels: { password: string; confirmation: string };
  policy: PasswordPolicy;
  /** Whose password it is: a password that contains the username breaks a rule. */
  username: string;
  /** One toggle reveals every password field of the form: a second "Show …" button would only add noise. */
  revealed: boolean;
  onReveal: (revealed: boolean) => void;
}

/**
 * Choosing a password (register, change password): the field with its show toggle, strength
 * meter and rules ticked off while typing, then the confirmation.
 */
export function NewPasswordFields({ password, confirmation, labels, policy, username, revealed, onReveal }: NewPasswordFieldsProps) {
  const rulesId = useId();
  return (
    <>
      <PasswordField
        {...password}
        label={labels.password}
        autoComplete="new-password"
        revealed={revealed}
        toggle={{ label: 'Show password', revealed, onChange: onReveal }}
        describedBy={[rulesId]}
        after={
          <>
            <StrengthMeter password={password.value} policy={policy} username={username} refusal={password.error} />
            <PasswordRules id={rulesId} policy={policy} password={password.value} username={username} />
          </>
        }
      />
      <PasswordField {...confirmation} label={labels.confirmation} autoComplete="new-password" revealed={revealed} />
    </>
  );
}
