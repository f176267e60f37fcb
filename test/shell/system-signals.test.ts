import { beforeEach, describe, expect, it, vi } from 'vitest';
import { onSystemIdleSignal, type SystemIdleSignal } from '../../src/main/system-signals';
import { powerMonitor, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => {
  resetFakeElectron();
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
