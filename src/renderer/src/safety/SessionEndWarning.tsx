import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { Spinner } from '../components/Spinner';
import { ClockIcon } from '../components/Icons';
import { useSignOut } from '../session/useSignOut';
import { useState } from 'react';
import { secondsPhrase } from './idle';

const SPOKEN_AT_SECONDS = [30, 10] as const;

/**
 * The last minute of the hard session limit (issue 14): a countdown nothing can extend. Its one
 * button signs out now; otherwise the core signs out when the time is up.
 */
export function SessionEndWarning({ remainingMs, leadMs }: { remainingMs: number; leadMs: number }) {
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const spoken = SPOKEN_AT_SECONDS.filter((mark) => seconds <= mark).at(-1);
  const fraction = leadMs > 0 ? Math.min(1, Math.max(0, remainingMs / leadMs)) : 0;
  const { busy, signOut } = useSignOut();
  const [problem, setProblem] = useState<{ message: string } | null>(null);

  return (
    <Dialog
      role="alertdialog"
      title="Your session is ending"
      description={
        <>
          You will be signed out in <strong className="safety-countdown">{secondsPhrase(seconds)}</strong>. Sessions on this
          computer have a time limit, and it cannot be extended.
        </>
      }
      icon={<ClockIcon size={26} />}
      tone="warning"
    >
      <div className="safety-meter" aria-hidden="true">
        <span className="safety-meter__fill" style={{ inlineSize: `${fraction * 100}%` }} />
      </div>
      <p className="visually-hidden" aria-live="polite">
        {spoken !== undefined && `You will be signed out in ${secondsPhrase(spoken)}.`}
      </p>
      <Alert error={problem} />
      <button
        data-autofocus=""
        type="button"
        className="button button--secondary button--block"
        aria-busy={busy || undefined}
        onClick={() => {
          if (!busy) void signOut(setProblem);
        }}
      >
        {busy && <Spinner />}
        <span>Sign out now</span>
      </button>
    </Dialog>
  );
}
