/**
 * What the operating system knows about the person at the machine, fed to the core:
 * - input anywhere on the machine (powerMonitor's idle time) counts as activity, so someone
 *   typing in another program is not signed out of Gatehouse behind their back;
 * - a locked screen or a machine going to sleep means they have probably walked away, so the
 *   window's session is locked behind its password.
 * The core's own idle check stays the authority either way. powerMonitor is only usable once
 * the app is ready.
 */
import { powerMonitor } from 'electron';
import type { GatehouseHandle } from './core';

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

/** How often the machine's idle time is read; input within the last poll counts as activity. */
export const SYSTEM_ACTIVITY_POLL_MS = 15_000;
const RECENT_INPUT_SECONDS = SYSTEM_ACTIVITY_POLL_MS / 1000;

export interface SystemSignalTarget {
  windowId: number;
  handle: Pick<GatehouseHandle, 'noteSystemActivity' | 'lockWindowSession'>;
  /**
   * Makes the renderer show the session's new state. The preload exposes no events, so the
   * shell reloads the page; on start the renderer asks auth:session and sees `locked: true`.
   */
  refreshRenderer(): void;
  warn(message: string): void;
}

/** Feeds the core from powerMonitor until the returned function is called (on quit). */
export function watchSystemSignals(target: SystemSignalTarget): () => void {
  const timer = setInterval(() => {
    if (powerMonitor.getSystemIdleTime() < RECENT_INPUT_SECONDS) target.handle.noteSystemActivity(target.windowId);
  }, SYSTEM_ACTIVITY_POLL_MS);

  // Reloaded even when nobody was signed in: a half-typed password on the sign-in screen
  // should not wait on the screen for whoever comes next.
  const stopListening = onSystemIdleSignal((signal) => {
    target.handle
      .lockWindowSession(target.windowId)
      .then(() => target.refreshRenderer())
      .catch((error: unknown) => target.warn(`Locking the session after '${signal}' failed: ${String(error)}`));
  });

  return () => {
    clearInterval(timer);
    stopListening();
  };
}
