import { useState, type KeyboardEvent, type FocusEvent } from 'react';
import { Field, type FieldProps } from './Field';
import { EyeIcon, EyeOffIcon, WarningIcon } from './Icons';

export interface RevealToggle {
  /** Accessible name of the toggle, e.g. "Show password"; the pressed state says whether it is on. */
  label: string;
  revealed: boolean;
  onChange: (revealed: boolean) => void;
}

interface PasswordFieldProps extends Omit<FieldProps, 'type' | 'trailing'> {
  /** Whether the characters are visible. A form may reveal several fields with one toggle. */
  revealed?: boolean;
  /** Renders a show/hide button inside this field. */
  toggle?: RevealToggle;
}

/**
 * A password input with an optional show/hide toggle and a Caps Lock warning. Paste is never
 * blocked: people paste from password managers, and blocking it pushes them to weaker passwords.
 */
export function PasswordField({ revealed = false, toggle, onKeyDown, onKeyUp, onBlur, after, ...field }: PasswordFieldProps) {
  const [capsLock, setCapsLock] = useState(false);

  const readCapsLock = (event: KeyboardEvent<HTMLInputElement>) => {
    // getModifierState is missing on some synthetic events (e.g. autofill); treat that as "off".
    setCapsLock(typeof event.getModifierState === 'function' && event.getModifierState('CapsLock'));
  };

  return (
    <Field
      {...field}
      type={revealed ? 'text' : 'password'}
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      onKeyDown={(event) => {
        readCapsLock(event);
        onKeyDown?.(event);
      }}
      onKeyUp={(event) => {
        readCapsLock(event);
        onKeyUp?.(event);
      }}
      onBlur={(event: FocusEvent<HTMLInputElement>) => {
        setCapsLock(false);
        onBlur?.(event);
      }}
      trailing={
        toggle && (
          <button
            type="button"
            className="field__toggle"
            aria-label={toggle.label}
            aria-pressed={toggle.revealed}
            onClick={() => toggle.onChange(!toggle.revealed)}
          >
            {toggle.revealed ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        )
      }
      after={
        <>
          {/* aria-live without role="status": several of these can share a screen with the form's own status. */}
          <div className="field__live" aria-live="polite">
            {capsLock && (
              <p className="field__caps">
                <WarningIcon className="field__caps-icon" />
                <span>Caps Lock is on.</span>
              </p>
            )}
          </div>
          {after}
        </>
      }
    />
  );
}
