import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../../src/shared/contract';
import { onSystemIdleSignal, SESSION_TICK_MS, type SystemIdleSignal, startSessionClock } from '../../src/main/system-signals';
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

/**
 * A recording stand-in for the core's shell hooks, in the order things happened, and one
 * window (id 7) whose pushed states are kept. `states` is what the core's tick answers.
 */
function clock(options: { lockFails?: boolean; platform?: NodeJS.Platform } = {}) {
  const platform = options.platform ?? 'linux';
  powerMonitor.platform = platform;
  const log: string[] = [];
  const warnings: string[] = [];
  const pushed: SessionState[] = [];
  let state: SessionState = { status: 'active' };
  const stop = startSessionClock({
    platform,
    handle: {
      noteSystemActivity: (windowId) => log.push(`activity ${windowId}`),
      lockWindowSession: async (windowId) => {
        log.push(`lock ${windowId}`);
        if (options.lockFails) throw new Error('store is closed');
        state = { status: 'locked' };
      },
      tick: async (windowIds) => new Map(windowIds.map((id) => [id, state])),
    },
    windows: () => [{ id: 7, push: (next) => pushed.push(next) }],
    warn: (message) => warnings.push(message),
  });
  return {
    log,
    warnings,
    pushed,
    stop,
    setState: (next: SessionState) => {
      state = next;
    },
  };
}

describe('the session clock', () => {
  it('ticks the core every second and pushes each change of state once', async () => {
    vi.useFakeTimers();
    const { pushed, setState } = clock();
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(pushed).toEqual([{ status: 'active' }]);
    await vi.advanceTimersByTimeAsync(5 * SESSION_TICK_MS);
    expect(pushed).toEqual([{ status: 'active' }]);
    setState({ status: 'warning', msLeft: 2_000 });
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    setState({ status: 'warning', msLeft: 1_000 });
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    setState({ status: 'ended', message: 'You were signed out.' });
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(pushed.slice(1)).toEqual([
      { status: 'warning', msLeft: 2_000 },
      { status: 'warning', msLeft: 1_000 },
      { status: 'ended', message: 'You were signed out.' },
    ]);
  });

  it('counts input elsewhere on the machine as activity', async () => {
    vi.useFakeTimers();
    const { log } = clock();
    powerMonitor.systemIdleSeconds = 30;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(log).toEqual([]);
    powerMonitor.systemIdleSeconds = 1;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(log).toEqual(['activity 7']);
    powerMonitor.systemIdleSeconds = 5;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(log).toEqual(['activity 7']);
  });

  it('takes a reading of 0 as "no signal" until some reading was non-zero (wlroots Wayland reads 0 forever)', async () => {
    vi.useFakeTimers();
    const { log } = clock();
    // cage, sway, labwc, Weston: the idle time never moves from 0. That is not "someone typed".
    await vi.advanceTimersByTimeAsync(30 * SESSION_TICK_MS);
    expect(log).toEqual([]);

    // A desktop whose idle time works: once seen non-zero, a 0 does mean input just now.
    powerMonitor.systemIdleSeconds = 40;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(log).toEqual([]);
    powerMonitor.systemIdleSeconds = 0;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(log).toEqual(['activity 7']);
  });

  it('locks when the Linux screen locker comes up, once per lock, and pushes the lock at once', async () => {
    vi.useFakeTimers();
    const { log, pushed } = clock({ platform: 'linux' });
    powerMonitor.systemIdleSeconds = 90;
    powerMonitor.screenLocked = true;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(log).toEqual(['lock 7']);
    expect(pushed.at(-1)).toEqual({ status: 'locked' });
    await vi.advanceTimersByTimeAsync(3 * SESSION_TICK_MS);
    expect(log).toEqual(['lock 7']);

    powerMonitor.screenLocked = false;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    powerMonitor.screenLocked = true;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(log).toEqual(['lock 7', 'lock 7']);
  });

  it('does not read the idle state for a lock on macOS or Windows, which have the event', async () => {
    vi.useFakeTimers();
    const { log } = clock({ platform: 'win32' });
    powerMonitor.screenLocked = true;
    await vi.advanceTimersByTimeAsync(SESSION_TICK_MS);
    expect(log).toEqual([]);
  });

  it.each([
    ['lock-screen', 'darwin'],
    ['suspend', 'darwin'],
    ['suspend', 'linux'],
  ] as const)('locks on %s (%s) and pushes the lock without a page reload', async (signal, platform) => {
    const { log, pushed } = clock({ platform });
    powerMonitor.emit(signal);
    await settle();
    await settle();
    expect(log).toEqual(['lock 7']);
    expect(pushed).toEqual([{ status: 'locked' }]);
  });

  it('warns when the lock fails', async () => {
    const { log, warnings } = clock({ lockFails: true });
    powerMonitor.emit('suspend');
    await settle();
    expect(log).toEqual(['lock 7']);
    expect(warnings).toEqual([expect.stringContaining("after 'suspend' failed: Error: store is closed")]);
  });

  it('stops ticking and listening once stopped', async () => {
    vi.useFakeTimers();
    const { log, pushed, stop } = clock({ platform: 'darwin' });
    expect(vi.getTimerCount()).toBe(1);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    powerMonitor.systemIdleSeconds = 1;
    await vi.advanceTimersByTimeAsync(10 * SESSION_TICK_MS);
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('suspend');
    await vi.runAllTimersAsync();
    expect(log).toEqual([]);
    expect(pushed).toEqual([]);
    expect(powerMonitor.listenerCount('lock-screen') + powerMonitor.listenerCount('suspend')).toBe(0);
  });
});
