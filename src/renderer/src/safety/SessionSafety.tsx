import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { describeError } from '../lib/errors';
import { useSession } from '../session/store';
import { IdleWarning } from './IdleWarning';
import { idleSignOutMessage } from '../../../shared/policy-settings';
import { ACTIVITY_EVENTS, REPORT_INTERVAL_MS, isLockShortcut, warningLeadMs } from './idle';
import { lockScreen } from './useLock';

const TICK_MS = 1_000;

/**
 * Near the deadline the renderer asks the core how much time it really has left before it warns
 * or signs out: the core also counts input the Electron shell saw elsewhere on the machine, and
 * keeps remembered sessions without an idle limit. An answer this recent is trusted.
 */
const CHECK_FRESH_MS = 10_000;

/** Codes after which api.ts has already moved the person on (sign-in, lock screen, forced change). */
const HANDLED_ELSEWHERE = new Set(['SESSION_EXPIRED', 'NOT_AUTHENTICATED', 'SESSION_LOCKED']);

/**
 * Everything that keeps a signed-in window safe to walk away from, mounted while someone is
 * signed in (locked or not):
 * - input anywhere in the window is passed on to the core, at most every 15 s;
 * - Ctrl/Cmd+L locks;
 * - the idle clock: a warning for the last minute, then sign-out. The deadline is when the core
 *   last heard of activity plus its idle timeout, so the renderer never promises more time than
 *   the core grants (and the core signs out a renderer that stops reporting anyway); before
 *   warning or signing out it checks with the core, which may know of more activity.
 */
export function SessionSafety() {
  const locked = useSession((s) => s.locked);
  const [warning, setWarning] = useState<{ remainingMs: number; leadMs: number } | null>(null);
  const [staying, setStaying] = useState(false);
  const [problem, setProblem] = useState<{ message: string } | null>(null);

  /** The latest input seen in this window (renderer clock). */
  const lastInputAt = useRef(0);
  /** When input was last passed on to the core, answered or not. */
  const lastReportAttemptAt = useRef(0);
  const reportInFlight = useRef(false);
  const warningOpen = useRef(false);
  const signingOut = useRef(false);
  /** When the core last said how long it keeps the session (renderer clock); 0 = never. */
  const lastCheckAt = useRef(0);
  const checkInFlight = useRef(false);
  /** The core keeps this session without an idle limit (remember me): no warning, no sign-out. */
  const noIdleLimit = useRef(false);

  // Input counts while the screen is unlocked and no warning is asking "are you still there?".
  useEffect(() => {
    if (locked) return;
    const noteInput = () => {
      if (!warningOpen.current) lastInputAt.current = Date.now();
    };
    const options = { capture: true, passive: true };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, noteInput, options);
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, noteInput, options);
    };
  }, [locked]);

  // Ctrl/Cmd+L anywhere. Swallowed while locked too, so it never reaches the browser's own use.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isLockShortcut(event)) return;
      event.preventDefault();
      const { user } = useSession.getState();
      // Someone who must replace a temporary password can do nothing else first, locking included.
      if (user && !user.mustChangePassword) lockScreen();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);

  // The idle clock.
  useEffect(() => {
    const watchStartedAt = Date.now();
    // Signing in or opening the app has just told the core; the next report is due in 15 s.
    lastReportAttemptAt.current = watchStartedAt;

    const report = () => {
      reportInFlight.current = true;
      lastReportAttemptAt.current = Date.now();
      void api.reportActivity({}).finally(() => {
        reportInFlight.current = false;
      });
    };

    const signOutForIdleness = (idleTimeoutMs: number) => {
      if (signingOut.current) return;
      signingOut.current = true;
      void api.logout({}).finally(() => {
        // Whatever the core answered, nobody stays signed in here: it ends the session itself.
        useSession.getState().sessionEnded('signed-out', idleSignOutMessage(idleTimeoutMs));
      });
    };

    const checkWithCore = (idleTimeoutMs: number) => {
      if (checkInFlight.current) return;
      checkInFlight.current = true;
      const sentAt = Date.now();
      void api.session({}).then((result) => {
        checkInFlight.current = false;
        lastCheckAt.current = Date.now();
        // A refusal (expired, locked) has already moved the person on in api.ts.
        if (!result.ok) return;
        if (result.data.idleRemainingMs === null) {
          noIdleLimit.current = true;
          return;
        }
        // The core's deadline is at least ours; where it is later, adopt it.
        useSession.getState().activityConfirmed(sentAt + result.data.idleRemainingMs - idleTimeoutMs);
      });
    };

    const tick = () => {
      const session = useSession.getState();
      const idleTimeoutMs = session.appInfo?.policy.idleTimeoutMs;
      if (!session.user || !idleTimeoutMs || noIdleLimit.current) {
        warningOpen.current = false;
        setWarning(null);
        return;
      }
      const now = Date.now();
      // Until the core has confirmed any activity (a reload while locked), count from now.
      const remainingMs = (session.lastReportedAt ?? watchStartedAt) + idleTimeoutMs - now;
      const leadMs = warningLeadMs(idleTimeoutMs);
      const checked = now - lastCheckAt.current < CHECK_FRESH_MS;
      if (remainingMs <= leadMs && !checked) checkWithCore(idleTimeoutMs);
      let showWarning = false;

      if (remainingMs <= 0) {
        if (checked) signOutForIdleness(idleTimeoutMs);
      } else if (!session.locked) {
        const reported = Math.max(session.lastReportedAt ?? 0, lastReportAttemptAt.current);
        const inputPending = lastInputAt.current > reported;
        const nearDeadline = remainingMs <= leadMs;
        if (inputPending && !reportInFlight.current && (nearDeadline || now - lastReportAttemptAt.current >= REPORT_INTERVAL_MS)) {
          report();
        }
        showWarning = nearDeadline && checked && !inputPending && !reportInFlight.current;
      }

      warningOpen.current = showWarning;
      setWarning((current) => {
        if (!showWarning) return null;
        return current && current.remainingMs === remainingMs && current.leadMs === leadMs ? current : { remainingMs, leadMs };
      });
      if (!showWarning) setProblem(null);
    };

    const timer = window.setInterval(tick, TICK_MS);
    // Re-read at once when the session changes (a report answered, a lock, a new policy).
    const unsubscribe = useSession.subscribe(tick);
    const first = window.setTimeout(tick, 0);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(first);
      unsubscribe();
    };
  }, []);

  const stay = () => {
    setStaying(true);
    setProblem(null);
    void api.reportActivity({}).then((result) => {
      setStaying(false);
      // Success moves the deadline and the clock closes the warning.
      if (!result.ok && !HANDLED_ELSEWHERE.has(result.error.code)) setProblem({ message: describeError(result.error) });
    });
  };

  if (!warning || locked) return null;
  return <IdleWarning remainingMs={warning.remainingMs} leadMs={warning.leadMs} staying={staying} problem={problem} onStay={stay} />;
}
