import { useEffect, useState } from 'react';
import { sessionEndsPhrase } from '../../../shared/session-length';
import { useSession } from '../session/store';

/**
 * The time left before the hard session limit, in the header during its last 10 minutes (the
 * core pushes it only then). Redrawn every second between pushes; display only.
 */
export function SessionTimeLeft() {
  const endsAt = useSession((s) => s.sessionEndsAt);
  const [now, setNow] = useState(() => Date.now());
  // Ticks while mounted (the header of a signed-in window), so `now` is never older than a second.
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, []);
  if (endsAt === null) return null;
  return (
    <span className="app-header__time-left" role="timer" aria-label="Time left in this session">
      {sessionEndsPhrase(Math.max(0, endsAt - now))}
    </span>
  );
}
