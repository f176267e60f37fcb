import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  onSystemIdleSignal,
  SYSTEM_ACTIVITY_POLL_MS,
  type SystemIdleSignal,
  watchSystemSignals,
} from '../../src/main/system-signals';
import { powerMonitor, resetFakeElectron, settle } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => {
  resetFakeElectron();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('onSystemIdleSignal', () => {
  it('reports screen locks and suspends until unsubscribed (macOS, Windows)', () => {
    powerMonitor.platform = 'darwin';
    const seen: SystemIdleSignal[] = [];
    const stop = onSystemIdleSignal((signal) => seen.push(signal), 'darwin');
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    stop();
    powerMonitor.emit('lock-screen');
    expect(seen).toEqual(['lock-screen', 'suspend']);
    expect(powerMonitor.listenerCount('lock-screen') + powerMonitor.listenerCount('suspend')).toBe(0);
  });

  it("does not rely on 'lock-screen' on Linux, where Electron never emits it", () => {
    powerMonitor.platform = 'linux';
    const stop = onSystemIdleSignal(() => {}, 'linux');
    expect(powerMonitor.listenerCount('lock-screen')).toBe(0);
    expect(powerMonitor.listenerCount('suspend')).toBe(1);
    stop();
  });
});

/** A recording stand-in for the core's two shell hooks, in the order things happened. */
function watch(lockFails = false, platform: NodeJS.Platform = 'linux') {
  powerMonitor.platform = platform;
  const log: string[] = [];
  const warnings: string[] = [];
  const stop = watchSystemSignals({
    windowId: 7,
    platform,
    handle: {
      noteSystemActivity: (windowId) => log.push(`activity ${windowId}`),
      lockWindowSession: async (windowId) => {
        log.push(`lock ${windowId}`);
        if (lockFails) throw new Error('store is closed');
      },
    },
    refreshRenderer: () => log.push('reload'),
    warn: (message) => warnings.push(message),
  });
  return { log, warnings, stop };
}

describe('watchSystemSignals', () => {
  it('counts input elsewhere on the machine as activity, checked every 15 seconds', () => {
    vi.useFakeTimers();
    const { log } = watch();
    powerMonitor.systemIdleSeconds = 3;
    vi.advanceTimersByTime(SYSTEM_ACTIVITY_POLL_MS - 1);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['activity 7']);

    // Nobody has touched the machine since the last check: no activity is reported.
    powerMonitor.systemIdleSeconds = 15;
    vi.advanceTimersByTime(SYSTEM_ACTIVITY_POLL_MS);
    powerMonitor.systemIdleSeconds = 600;
    vi.advanceTimersByTime(SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual(['activity 7']);

    powerMonitor.systemIdleSeconds = 14;
    vi.advanceTimersByTime(SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual(['activity 7', 'activity 7']);
  });

  it('takes a reading of 0 as "no signal" until some reading was non-zero (wlroots Wayland reads 0 forever)', () => {
    vi.useFakeTimers();
    const { log } = watch();
    // cage, sway, labwc, Weston: the idle time never moves from 0. That is not "someone typed".
    vi.advanceTimersByTime(10 * SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual([]);

    // A desktop whose idle time works: once seen non-zero, a 0 does mean input just now.
    powerMonitor.systemIdleSeconds = 40;
    vi.advanceTimersByTime(SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual([]);
    powerMonitor.systemIdleSeconds = 0;
    vi.advanceTimersByTime(SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual(['activity 7']);
  });

  it('locks the window session when the Linux screen locker comes up, once per lock', async () => {
    vi.useFakeTimers();
    const { log } = watch(false, 'linux');
    powerMonitor.screenLocked = true;
    await vi.advanceTimersByTimeAsync(SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual(['lock 7', 'reload']);
    await vi.advanceTimersByTimeAsync(3 * SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual(['lock 7', 'reload']);

    // Unlocked, then locked again: a second lock.
    powerMonitor.screenLocked = false;
    await vi.advanceTimersByTimeAsync(SYSTEM_ACTIVITY_POLL_MS);
    powerMonitor.screenLocked = true;
    await vi.advanceTimersByTimeAsync(SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual(['lock 7', 'reload', 'lock 7', 'reload']);
  });

  it('never reads the idle state for a lock on macOS or Windows, which have the event', async () => {
    vi.useFakeTimers();
    const { log } = watch(false, 'win32');
    powerMonitor.screenLocked = true;
    await vi.advanceTimersByTimeAsync(SYSTEM_ACTIVITY_POLL_MS);
    expect(log).toEqual([]);
  });

  it.each([
    ['lock-screen', 'darwin'],
    ['suspend', 'darwin'],
    ['suspend', 'linux'],
  ] as const)('locks the window session on %s (%s), then reloads the renderer', async (signal, platform) => {
    const { log } = watch(false, platform);
    powerMonitor.emit(signal);
    await settle();
    // The reload comes after the lock landed, so the renderer's auth:session sees locked: true.
    expect(log).toEqual(['lock 7', 'reload']);
  });

  it('warns and leaves the page alone when the lock fails', async () => {
    const { log, warnings } = watch(true);
    powerMonitor.emit('suspend');
    await settle();
    expect(log).toEqual(['lock 7']);
    expect(warnings).toEqual([expect.stringContaining("after 'suspend' failed: Error: store is closed")]);
  });

  it('stops polling and listening once stopped', async () => {
    vi.useFakeTimers();
    const { log, stop } = watch(false, 'darwin');
    expect(vi.getTimerCount()).toBe(1);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * SYSTEM_ACTIVITY_POLL_MS);
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('suspend');
    await vi.runAllTimersAsync();
    expect(log).toEqual([]);
    expect(powerMonitor.listenerCount('lock-screen') + powerMonitor.listenerCount('suspend')).toBe(0);
  });
});
