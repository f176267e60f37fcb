/**
 * What the operating system knows about the person at the machine, fed to the core:
 * - input anywhere on the machine (powerMonitor's idle time) counts as activity, so someone
 *   typing in another program is not signed out of Gatehouse behind their back;
 * - a locked screen or a machine going to sleep means they have probably walked away, so the
 *   window's session is locked behind its password.
 * The core alone decides what that means for each window (see core/session-clock.ts); this
 * module only reads the machine, ticks the core and pushes the answers. powerMonitor is only
 * usable once the app is ready.
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
import type { SessionState } from '../shared/contract';
import type { GatehouseHandle } from './core';

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

/**
 * The session clock's one timer: every second it reads the machine, feeds the core, asks the
 * core for each window's session state and pushes any change to that window's renderer.
 */
export const SESSION_TICK_MS = 1_000;
/** Input this recent (in whole seconds, as powerMonitor reports) counts as activity now. */
const RECENT_INPUT_SECONDS = 2;
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

/** A window as the clock sees it: its id, and how to hand its renderer a new state. */
export interface ClockWindow {
  id: number;
  push(state: SessionState): void;
}

export interface SessionClockTarget {
  handle: Pick<GatehouseHandle, 'noteSystemActivity' | 'lockWindowSession' | 'tick'>;
  /** The open windows, read at every tick. */
  windows(): ClockWindow[];
  warn(message: string): void;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
}

/** Runs the session clock until the returned function is called (on quit). */
export function startSessionClock(target: SessionClockTarget): () => void {
  const platform = target.platform ?? process.platform;
  const read = createSystemReader(platform);
  /** The last state pushed to each window, so only changes are sent. */
  const pushed = new Map<number, string>();
  let stopped = false;
  let ticking: Promise<void> | null = null;

  const tick = async () => {
    const windows = target.windows();
    const states = await target.handle.tick(windows.map((win) => win.id));
    if (stopped) return;
    for (const win of windows) {
      const state = states.get(win.id);
      if (!state) continue;
      const text = JSON.stringify(state);
      if (pushed.get(win.id) === text) continue;
      pushed.set(win.id, text);
      win.push(state);
    }
    const open = new Set(windows.map((win) => win.id));
    for (const id of pushed.keys()) if (!open.has(id)) pushed.delete(id);
  };
  const tickOnce = () => {
    // One tick at a time: a slow store write must not pile ticks up behind it.
    ticking ??= tick()
      .catch((error: unknown) => target.warn(`The session clock failed to tick: ${String(error)}`))
      .finally(() => (ticking = null));
    return ticking;
  };

  // Locked even when nobody was signed in: nothing to do then, and nothing lost.
  const lockAll = (signal: string) => {
    const locks = target.windows().map((win) => target.handle.lockWindowSession(win.id));
    void Promise.all(locks)
      .then(tickOnce)
      .catch((error: unknown) => target.warn(`Locking the session after '${signal}' failed: ${String(error)}`));
  };

  let screenWasLocked = false;
  const timer = setInterval(() => {
    const reading = read();
    // Only the moment the screen locks counts, not every tick while it stays locked.
    if (reading.screenLocked && !screenWasLocked) lockAll('screen-locked');
    screenWasLocked = reading.screenLocked;
    if (reading.lastInputSecondsAgo !== null && reading.lastInputSecondsAgo < RECENT_INPUT_SECONDS) {
      for (const win of target.windows()) target.handle.noteSystemActivity(win.id);
    }
    void tickOnce();
  }, SESSION_TICK_MS);

  const stopListening = onSystemIdleSignal(lockAll, platform);

  return () => {
    stopped = true;
    clearInterval(timer);
    stopListening();
  };
}
