import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { WarningIcon } from './Icons';

export interface FieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-describedby' | 'aria-invalid' | 'children'> {
  label: string;
  /** Shown under the input, tied to it with aria-describedby and aria-invalid. */
  error?: string | null;
  /** Guidance shown under the label before the person types. */
  hint?: ReactNode;
  /** Ids of other elements that describe the input (e.g. a rules list rendered by the caller). */
  describedBy?: string[];
  /** Rendered inside the input row, after the input (e.g. a show-password button). */
  trailing?: ReactNode;
  /** Rendered after the error (e.g. a strength meter). */
  after?: ReactNode;
  ref?: Ref<HTMLInputElement>;
  id?: string;
}

/** One labelled input with its hint and error, wired together for assistive technology. */
export function Field({ label, error, hint, describedBy = [], trailing, after, id, ref, className, ...input }: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  // The error comes first so it is what a screen reader says right after the label.
  const describers = [error ? errorId : null, hint ? hintId : null, ...describedBy].filter(Boolean);

  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      <div className={trailing ? 'field__row field__row--trailing' : 'field__row'}>
        <input
          {...input}
          ref={ref}
          id={inputId}
          className={className ? `field__input ${className}` : 'field__input'}
          aria-invalid={error ? true : undefined}
          aria-describedby={describers.length > 0 ? describers.join(' ') : undefined}
        />
        {trailing}
      </div>
      {error && (
        <p className="field__error" id={errorId}>
          <WarningIcon className="field__error-icon" />
          <span>{error}</span>
        </p>
      )}
      {after}
    </div>
  );
}
