import { Alert } from '../components/Alert';
import { Dialog } from '../components/Dialog';
import { Spinner } from '../components/Spinner';
import { ClockIcon } from '../components/Icons';
import { secondsPhrase } from './idle';

/** Moments at which the countdown is spoken; in between it only changes on screen. */
const SPOKEN_AT_SECONDS = [30, 10] as const;

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
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  // Opening the alertdialog reads its description; after that a polite update at 30 and 10 s,
  // not a number every second.
  const spoken = SPOKEN_AT_SECONDS.filter((mark) => seconds <= mark).at(-1);
  const what = locks ? 'Gatehouse will lock' : 'You will be signed out';
  const fraction = leadMs > 0 ? Math.min(1, Math.max(0, remainingMs / leadMs)) : 0;

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
      <div className="safety-meter" aria-hidden="true">
        <span className="safety-meter__fill" style={{ inlineSize: `${fraction * 100}%` }} />
      </div>
      <p className="visually-hidden" aria-live="polite">
        {spoken !== undefined && `${what} in ${secondsPhrase(spoken)}.`}
      </p>
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
