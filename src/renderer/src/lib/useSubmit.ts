import { useCallback, useRef, useState } from 'react';

/**
 * Runs one submission at a time. The ref closes the gap between a second Enter press and the
 * re-render that disables the button, so bcrypt never runs twice for one click.
 */
export function useSubmit() {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);

  const run = useCallback(async (action: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await action();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);

  return { busy, run };
}
