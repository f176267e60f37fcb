import { useEffect, useRef } from 'react';
import { WarningIcon } from './Icons';

interface AlertProps {
  /**
   * The error to show. Focus moves here whenever a new value arrives (compared by identity, so
   * the same failure twice in a row is still announced and focused).
   */
  error: { message: string } | null;
  /**
   * Whether focus moves to the alert (the default). A password prompt keeps focus in its emptied
   * field instead, so the next try can be typed at once; role="alert" still announces it.
   */
  focus?: boolean;
}

/** An error a person must notice: role="alert" and focused, so keyboard and screen-reader users land on it. */
export function Alert({ error, focus = true }: AlertProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error && focus) ref.current?.focus();
  }, [error, focus]);

  if (!error) return null;
  return (
    <div ref={ref} className="alert alert--error" role="alert" tabIndex={-1}>
      <WarningIcon className="alert__icon" />
      <p className="alert__text">{error.message}</p>
    </div>
  );
}
