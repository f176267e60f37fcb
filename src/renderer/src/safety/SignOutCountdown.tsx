import { useEffect, useState } from 'react';
import { minutesPhrase, minutesUntil } from '../../../shared/sign-in-messages';
import { api } from '../api';
import { formatDateTime } from '../lib/format';

/** How often the minutes are redrawn; they are always counted from the core's absolute time. */
const REDRAW_MS = 15_000;

/**
 * On the lock screen (issue 11): how long until the session is signed out if nobody unlocks it.
 * Asked of the core once (asking is not activity), fixed as an absolute time on this page's
 * clock, then counted down from it, rounded as the lockout's minutes are, so it never jumps back.
 */
export function SignOutCountdown() {
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // The core's time left is read once per showing; redraws count down from it.

  useEffect(() => {
    let current = true;
    void api.session({}).then((result) => {
      // The core's duration, placed on this page's clock (the two clocks may differ).
      if (current && result.ok && typeof result.data.signOutInMs === 'number') setEndsAt(Date.now() + result.data.signOutInMs);
    });
    const timer = window.setInterval(() => setNow(Date.now()), REDRAW_MS);
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, []);

  if (endsAt === null) return <p className="lock-countdown" />;
  const soon = endsAt - now < 24 * 60 * 60_000;
  return (
    <p className="lock-countdown">
      {soon
        ? `If nobody unlocks it, this session is signed out in ${minutesPhrase(minutesUntil(endsAt, now))}.`
        : `If nobody unlocks it, this session is signed out on ${formatDateTime(new Date(endsAt).toISOString())}.`}
    </p>
  );
}
