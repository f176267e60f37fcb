import { secondsPhrase } from './idle';

/** Moments at which a countdown is spoken; in between it only changes on screen. */
const SPOKEN_AT_SECONDS = [30, 10] as const;

/** Whole seconds left, never below zero: what a warning's description shows. */
export function secondsLeft(remainingMs: number): number {
  return Math.max(0, Math.ceil(remainingMs / 1000));
}

/**
 * The bar and the spoken updates under a countdown dialog (the idle warning, the session's end).
 * Opening the alertdialog reads its description; after that a polite update at 30 and 10 s, not
 * a number every second. `what` completes "… in N seconds."
 */
export function CountdownProgress({ remainingMs, leadMs, what }: { remainingMs: number; leadMs: number; what: string }) {
  const spoken = SPOKEN_AT_SECONDS.filter((mark) => secondsLeft(remainingMs) <= mark).at(-1);
  const fraction = leadMs > 0 ? Math.min(1, Math.max(0, remainingMs / leadMs)) : 0;
  return (
    <>
      <div className="safety-meter" aria-hidden="true">
        <span className="safety-meter__fill" style={{ inlineSize: `${fraction * 100}%` }} />
      </div>
      <p className="visually-hidden" aria-live="polite">
        {spoken !== undefined && `${what} in ${secondsPhrase(spoken)}.`}
      </p>
    </>
  );
}
