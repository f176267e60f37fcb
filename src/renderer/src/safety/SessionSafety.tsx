import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { describeError } from '../lib/errors';
import { useSession } from '../session/store';
import { IdleWarning } from './IdleWarning';
import { SessionEndWarning } from './SessionEndWarning';
import { SESSION_END_WARNING_MS } from '../../../shared/session-length';
import { warningLeadMs } from '../../../shared/contract';
import { ACTIVITY_EVENTS, REPORT_INTERVAL_MS, isLockShortcut } from './idle';
import { lockScreen } from './useLock';
import { useSignOut } from '../session/useSignOut';

/** How often the countdown on screen is redrawn between the core's pushes (display only). */
const DISPLAY_TICK_MS = 1_000;

/** Codes after which api.ts has already moved the person on (sign-in, lock screen, forced change). */
const HANDLED_ELSEWHERE = new Set(['SESSION_EXPIRED', 'NOT_AUTHENTICATED', 'SESSION_LOCKED']);

/**
 * Everything that keeps a signed-in window safe to walk away from, mounted while someone is
 * signed in (locked or not). It keeps no idle clock: the core does, and pushes its state.
 * - input anywhere in the window is passed on to the core, at most every 15 s (at once when the
 *   core starts warning, so input it has not heard of yet closes the warning);
 * - Ctrl/Cmd+L locks;
 * - the core's pushed warning is shown, its countdown ticking down on screen between pushes.
 *   "Stay signed in" reports activity, which the core counts; its next push closes the warning.
 */
export function SessionSafety() {
  const locked = useSession((s) => s.locked);
  const idleWarning = useSession((s) => s.idleWarning);
  const idleTimeoutMs = useSession((s) => s.appInfo?.policy.idleTimeoutMs ?? 0);
  const [now, setNow] = useState(() => Date.now());
  const [staying, setStaying] = useState(false);
  const [problem, setProblem] = useState<{ message: string } | null>(null);
  const signOut = useSignOut();

  /** The latest input seen in this window (renderer clock), and when it was last passed on. */
  const lastInputAt = useRef(0);
  const lastReportAt = useRef(0);

  const report = () => {
    lastReportAt.current = Date.now();
    void api.reportActivity({});
  };

  // Input counts while the screen is unlocked and no warning is asking "are you still there?".
  useEffect(() => {
    if (locked) return;
    // Signing in or opening the app has just told the core; the next report is due in 15 s.
    lastReportAt.current = Date.now();
    const noteInput = () => {
      const { idleWarning: open } = useSession.getState();
      if (open) return;
      lastInputAt.current = Date.now();
      if (lastInputAt.current - lastReportAt.current >= REPORT_INTERVAL_MS) report();
    };
    // Input within the last interval is passed on when the interval is up, not dropped.
    const timer = window.setInterval(() => {
      if (lastInputAt.current > lastReportAt.current && Date.now() - lastReportAt.current >= REPORT_INTERVAL_MS) report();
    }, DISPLAY_TICK_MS);
    const options = { capture: true, passive: true };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, noteInput, options);
    return () => {
      window.clearInterval(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, noteInput, options);
    };
  }, [locked]);

  // A warning over input the core has not heard of yet (held back by the throttle) is answered
  // at once, and not shown: the person was there. The core's next push says what it counted.
  const [answered, setAnswered] = useState<typeof idleWarning>(null);
  useEffect(
    () =>
      useSession.subscribe((state, previous) => {
        if (!state.idleWarning) setProblem(null);
        if (!state.idleWarning || state.idleWarning === previous.idleWarning || state.locked) return;
        // The hard limit's warning is not an "are you there?": no input answers it.
        if (state.idleWarning.final) return;
        if (lastInputAt.current <= lastReportAt.current) return;
        setAnswered(state.idleWarning);
        report();
      }),
    [],
  );

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

  // Display only: redraw the countdown every second while the warning is open. A `now` older
  // than the push counts as the push's own moment.
  useEffect(() => {
    if (!idleWarning) return;
    const timer = window.setInterval(() => setNow(Date.now()), DISPLAY_TICK_MS);
    return () => window.clearInterval(timer);
  }, [idleWarning]);

  const stay = () => {
    setStaying(true);
    setProblem(null);
    lastReportAt.current = Date.now();
    void api.reportActivity({}).then((result) => {
      setStaying(false);
      // The core counted it: close now rather than wait for its next push to say 'active'.
      if (result.ok) useSession.getState().idleWarningChanged(null);
      else if (!HANDLED_ELSEWHERE.has(result.error.code)) setProblem({ message: describeError(result.error) });
    });
  };

  if (!idleWarning || locked || idleWarning === answered) return null;
  const remainingMs = Math.max(0, idleWarning.msLeft - Math.max(0, now - idleWarning.receivedAt));
  if (idleWarning.final) return <SessionEndWarning remainingMs={remainingMs} leadMs={SESSION_END_WARNING_MS} />;
  return (
    <IdleWarning
      remainingMs={remainingMs}
      leadMs={Math.max(warningLeadMs(idleTimeoutMs), idleWarning.msLeft)}
      locks={idleWarning.locks}
      staying={staying}
      problem={problem}
      onStay={stay}
      signingOut={signOut.busy}
      onSignOut={() => void signOut.signOut(setProblem)}
    />
  );
}
