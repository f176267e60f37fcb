/**
 * What the operating system knows about the person at the machine, fed to the core:
 * - input anywhere on the machine (powerMonitor's idle time) counts as activity, so someone
 *   typing in another program is not signed out of Gatehouse behind their back;
 * - a locked screen or a machine going to sleep means they have probably walked away, so the
 *   window's session is locked behind its password.
 * The core's own idle check stays the authority either way. powerMonitor is only usable once
 * the app is ready.
 *
 * Electron 45 facts this module is built on (checked against its documentation and source):
 * - `lock-screen` is emitted on macOS and Windows only. On Linux the screen lock is read by
 *   polling `getSystemIdleState(n) === 'locked'`.
 * - On Wayland compositors without an idle protocol Chromium understands (wlroots-based: cage,
 *   sway, labwc, Weston), `getSystemIdleTime()` always reads 0. A 0 is only believed once some
 *   reading since launch was non-zero; until then there is no signal, and only the app's own
 *   input counts as activity.
 */
import { powerMonitor } from 'electron';
import type { GatehouseHandle } from './core/types';

export type SystemIdleSignal = 'lock-screen' | 'suspend';

/** Calls `listener` on each signal Electron emits on `platform`; returns a function that stops. */
export function onSystemIdleSignal(
  listener: (signal: SystemIdleSignal) => void,
  platform: NodeJS.Platform = process.platform,
): () => void {
  const onLockScreen = () => listener('lock-screen');
  const onSuspend = () => listener('suspend');
  const lockScreenEmitted = platform !== 'linux';
  if (lockScreenEmitted) powerMonitor.on('lock-screen', onLockScreen);
  powerMonitor.on('suspend', onSuspend);
  return () => {
    if (lockScreenEmitted) powerMonitor.off('lock-screen', onLockScreen);
    powerMonitor.off('suspend', onSuspend);
  };
}

/** How often the machine's idle time is read; input within the last poll counts as activity. */
export const SYSTEM_ACTIVITY_POLL_MS = 15_000;
const RECENT_INPUT_SECONDS = SYSTEM_ACTIVITY_POLL_MS / 1000;
/** getSystemIdleState's threshold; only its 'locked' answer is used, so any value would do. */
const IDLE_STATE_THRESHOLD_SECONDS = 60;

export interface SystemReading {
  /** Seconds since the last input anywhere on the machine, or null when the OS gives no signal. */
  lastInputSecondsAgo: number | null;
  /** Linux only: the screen locker is up (elsewhere the 'lock-screen' event says so). */
  screenLocked: boolean;
}

/** Reads powerMonitor, remembering whether the idle time was ever non-zero since launch. */
export function createSystemReader(platform: NodeJS.Platform = process.platform): () => SystemReading {
  let idleTimeWorks = false;
  return () => {
    const seconds = powerMonitor.getSystemIdleTime();
    if (seconds > 0) idleTimeWorks = true;
    return {
      lastInputSecondsAgo: idleTimeWorks ? seconds : null,
      screenLocked: platform === 'linux' && powerMonitor.getSystemIdleState(IDLE_STATE_THRESHOLD_SECONDS) === 'locked',
    };
  };
}

export interface SystemSignalTarget {
  windowId: number;
  handle: Pick<GatehouseHandle, 'noteSystemActivity' | 'lockWindowSession'>;
  /**
   * Makes the renderer show the session's new state. The preload exposes no events, so the
   * shell reloads the page; on start the renderer asks auth:session and sees `locked: true`.
   */
  refreshRenderer(): void;
  warn(message: string): void;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
}

/** Feeds the core from powerMonitor until the returned function is called (on quit). */
export function watchSystemSignals(target: SystemSignalTarget): () => void {
  const platform = target.platform ?? process.platform;
  const read = createSystemReader(platform);

  // Reloaded even when nobody was signed in: a half-typed password on the sign-in screen
  // should not wait on the screen for whoever comes next.
  const lock = (signal: string) => {
    target.handle
      .lockWindowSession(target.windowId)
      .then(() => target.refreshRenderer())
      .catch((error: unknown) => target.warn(`Locking the session after '${signal}' failed: ${String(error)}`));
  };

  let screenWasLocked = false;
  const timer = setInterval(() => {
    const reading = read();
    // Only the moment the screen locks counts, not every poll while it stays locked.
    if (reading.screenLocked && !screenWasLocked) lock('screen-locked');
    screenWasLocked = reading.screenLocked;
    if (reading.lastInputSecondsAgo !== null && reading.lastInputSecondsAgo < RECENT_INPUT_SECONDS) {
      target.handle.noteSystemActivity(target.windowId);
    }
  }, SYSTEM_ACTIVITY_POLL_MS);

  const stopListening = onSystemIdleSignal(lock, platform);

  return () => {
    clearInterval(timer);
    stopListening();
  };
}
