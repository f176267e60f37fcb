import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, CONTRACT } from '../../src/shared/contract';
import { state } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// The preload does its work when loaded, once, like in a real renderer.
let exposed: Array<{ key: string; api: unknown }> = [];
beforeAll(async () => {
  await import('../../src/preload/index');
  exposed = [...state.exposed];
});

function theApi(): Record<string, unknown> {
  const api = exposed[0]?.api;
  if (typeof api !== 'object' || api === null) throw new Error('nothing was exposed');
  return api as Record<string, unknown>;
}

describe('preload', () => {
  it('exposes exactly one object, window.gatehouse, with one method per channel', () => {
    expect(exposed.map((entry) => entry.key)).toEqual(['gatehouse']);
    const api = theApi();
    expect(Object.keys(api).sort()).toEqual(CHANNELS.map((c) => CONTRACT[c].method).sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const method of Object.values(api)) expect(typeof method).toBe('function');
  });

  it('sends each method over ipcRenderer.invoke on its own channel', async () => {
    const api = theApi();
    state.invoked = [];
    for (const channel of CHANNELS) {
      const method = api[CONTRACT[channel].method] as (payload: unknown) => Promise<unknown>;
      expect(await method({ probe: channel })).toEqual({ ok: true, data: { echoed: channel } });
    }
    expect(state.invoked).toEqual(CHANNELS.map((channel) => ({ channel, payload: { probe: channel } })));
  });
});
