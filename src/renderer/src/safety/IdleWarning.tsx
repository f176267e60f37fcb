import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { Spinner } from '../components/Spinner';
import { ClockIcon } from '../components/Icons';
import { CountdownProgress, secondsLeft } from './Countdown';
import { secondsPhrase } from './idle';

interface IdleWarningProps {
  remainingMs: number;
  /** How long the warning lasts in all (for the bar). */
  leadMs: number;
  /** A remembered session is locked, not signed out, when the time is up. */
  locks: boolean;
  staying: boolean;
  problem: { message: string } | null;
  onStay: () => void;
  /** "Sign out now" (issue 11): someone leaving need not wait for the countdown. */
  signingOut: boolean;
  onSignOut: () => void;
}

/**
 * "Are you still there?" for the last minute before an idle sign-out. Only its button counts as
 * an answer: anything else typed or clicked while it is open is not taken as activity.
 */
export function IdleWarning({ remainingMs, leadMs, locks, staying, problem, onStay, signingOut, onSignOut }: IdleWarningProps) {
  const seconds = secondsLeft(remainingMs);
  const what = locks ? 'Gatehouse will lock' : 'You will be signed out';

  return (
    <Dialog
      role="alertdialog"
      title="Are you still there?"
      description={
        <>
          {what} in <strong className="safety-countdown">{secondsPhrase(seconds)}</strong>.
        </>
      }
      icon={<ClockIcon size={26} />}
      tone="warning"
    >
      <CountdownProgress remainingMs={remainingMs} leadMs={leadMs} what={what} />
      <Alert error={problem} />
      <button
        data-autofocus=""
        type="button"
        className="button button--primary button--block"
        // Not disabled while busy: a disabled button would drop focus out of the dialog.
        aria-busy={staying || undefined}
        onClick={() => {
          if (!staying) onStay();
        }}
      >
        {staying && <Spinner />}
        <span>Stay signed in</span>
      </button>
      <button
        type="button"
        className="button button--secondary button--block"
        aria-busy={signingOut || undefined}
        onClick={() => {
          if (!signingOut && !staying) onSignOut();
        }}
      >
        {signingOut && <Spinner />}
        <span>Sign out now</span>
      </button>
    </Dialog>
  );
}
