import { useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/result';
import { describeError } from './errors';
import { focusField } from './focusField';
import { useFieldErrors } from './useFieldErrors';

/** What bind() hands a Field or PasswordField: its name, value, error and handlers. */
export interface BoundField {
  name: string;
  value: string;
  error: string | null;
  onChange: (event: { target: { value: string } }) => void;
  onBlur: () => void;
}

/**
 * The text fields of one form: their values, which errors show where (useFieldErrors), and the
 * two moments every form shares: checking before anything is sent (the first invalid field gets
 * focus, the core is not asked) and showing a refusal (per-field messages next to their fields,
 * the rest in the alert).
 *
 * A field nobody has edited shows its `initial` value as it is now, so a value that arrives
 * later (the remembered username on sign-in) still fills it.
 */
export function useForm<Name extends string>(
  fields: readonly Name[],
  initial: Record<Name, string>,
  validate: (values: Record<Name, string>) => Record<Name, string | null>,
  onEdit?: () => void,
) {
  const [edited, setEdited] = useState<Partial<Record<Name, string>>>({});
  const values = { ...initial, ...edited };
  /** Sets some fields, as if typed. */
  const setValues = (next: Partial<Record<Name, string>>) => setEdited((current) => ({ ...current, ...next }));
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const errors = useFieldErrors<Name>();
  const clientErrors = validate(values);

  /** Props for a Field or PasswordField bound to `name`. */
  const bind = (name: Name): BoundField => ({
    name,
    value: values[name],
    error: errors.visible(name, clientErrors[name]),
    onChange: (event: { target: { value: string } }) => {
      setEdited((current) => ({ ...current, [name]: event.target.value }));
      errors.edited(name);
      onEdit?.();
    },
    onBlur: () => errors.blurred(name),
  });

  /** Call first in onSubmit: false when a client check failed (its field now has focus). */
  const readyToSend = (event: FormEvent<HTMLFormElement>): boolean => {
    event.preventDefault();
    errors.markSubmitted();
    const firstInvalid = fields.find((name) => clientErrors[name] !== null);
    setAlert(null);
    if (firstInvalid === undefined) return true;
    focusField(event.currentTarget, firstInvalid);
    return false;
  };

  /** Shows a refusal: `fields` (the core's, perhaps amended) next to their inputs, the rest in the alert. */
  const refused = (error: AppError, fieldErrors: Record<string, string> | undefined = error.fields) => {
    errors.reset();
    errors.setServerErrors(fieldErrors);
    setAlert({ message: describeError(error, fields) });
  };

  return { values, setValues, bind, readyToSend, refused, errors, alert, setAlert };
}
