import { USERNAME_MAX, USERNAME_MIN } from '../../../shared/password-rules';
import type { BoundField } from '../lib/useForm';
import { Field } from './Field';

interface AccountFieldsProps {
  /** bind() of the username and of the email. */
  username: BoundField;
  email: BoundField;
  /**
   * Someone else's account (an administrator creating it): the browser must not offer the
   * administrator's own saved username or email.
   */
  forSomeoneElse?: boolean;
}

/** Username and email of a new account, with the same hint wherever an account is made. */
export function AccountFields({ username, email, forSomeoneElse = false }: AccountFieldsProps) {
  return (
    <>
      <Field
        {...username}
        label="Username"
        type="text"
        autoComplete={forSomeoneElse ? 'off' : 'username'}
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        hint={`${USERNAME_MIN} to ${USERNAME_MAX} letters, digits, dots, underscores or hyphens.`}
        {...(forSomeoneElse ? { 'data-autofocus': '' } : {})}
      />
      <Field {...email} label="Email" type="email" autoComplete={forSomeoneElse ? 'off' : 'email'} spellCheck={false} />
    </>
  );
}
