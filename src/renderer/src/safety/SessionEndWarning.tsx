import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { Spinner } from '../components/Spinner';
import { ClockIcon } from '../components/Icons';
import { useSignOut } from '../session/useSignOut';
import { useState } from 'react';
import { CountdownProgress, secondsLeft } from './Countdown';
import { secondsPhrase } from './idle';

/**
 * The last minute of the hard session limit (issue 14): a countdown nothing can extend. Its one
 * button signs out now; otherwise the core signs out when the time is up.
 */
export function SessionEndWarning({ remainingMs, leadMs }: { remainingMs: number; leadMs: number }) {
  const seconds = secondsLeft(remainingMs);
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
      <CountdownProgress remainingMs={remainingMs} leadMs={leadMs} what="You will be signed out" />
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
