import { useId, type InputHTMLAttributes } from 'react';

interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'id'> {
  label: string;
  hint?: string;
}

/** A checkbox whose whole row (at least 44 px high) is the click target. */
export function Checkbox({ label, hint, ...input }: CheckboxProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="checkbox">
      <input {...input} type="checkbox" id={id} className="checkbox__input" aria-describedby={hint ? hintId : undefined} />
      <label htmlFor={id} className="checkbox__label">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="checkbox__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
