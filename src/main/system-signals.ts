/**
 * The operating system telling us the person has probably walked away: the screen was locked
 * or the machine is going to sleep. The idle sign-out (issue 5) subscribes here; the core's own
 * idle check stays the authority either way. powerMonitor is only usable once the app is ready.
 */
import { powerMonitor } from 'electron';

export type SystemIdleSignal = 'lock-screen' | 'suspend';

/** Calls `listener` on each signal; returns a function that stops listening. */
export function onSystemIdleSignal(listener: (signal: SystemIdleSignal) => void): () => void {
  const onLockScreen = () => listener('lock-screen');
  const onSuspend = () => listener('suspend');
  powerMonitor.on('lock-screen', onLockScreen);
  powerMonitor.on('suspend', onSuspend);
  return () => {
    powerMonitor.off('lock-screen', onLockScreen);
    powerMonitor.off('suspend', onSuspend);
  };
}
