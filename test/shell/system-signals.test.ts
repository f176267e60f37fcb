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
  it('reports screen locks and suspends until unsubscribed', () => {
    const seen: SystemIdleSignal[] = [];
    const stop = onSystemIdleSignal((signal) => seen.push(signal));
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    stop();
    powerMonitor.emit('lock-screen');
    expect(seen).toEqual(['lock-screen', 'suspend']);
    expect(powerMonitor.listenerCount('lock-screen') + powerMonitor.listenerCount('suspend')).toBe(0);
  });
});

/** A recording stand-in for the core's two shell hooks, in the order things happened. */
function watch(lockFails = false) {
  const log: string[] = [];
  const warnings: string[] = [];
  const stop = watchSystemSignals({
    windowId: 7,
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

  it.each(['lock-screen', 'suspend'])('locks the window session on %s, then reloads the renderer', async (signal) => {
    const { log } = watch();
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
    const { log, stop } = watch();
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
