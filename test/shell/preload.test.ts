import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, CONTRACT } from '../../src/shared/contract';
import { SESSION_STATE_EVENT, type SessionState } from '../../src/shared/contract';
import { rendererEvents, state } from './fake-electron';

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
  it('exposes exactly one object, window.gatehouse, with one method per channel and onSessionState', () => {
    expect(exposed.map((entry) => entry.key)).toEqual(['gatehouse']);
    const api = theApi();
    expect(Object.keys(api).sort()).toEqual([...CHANNELS.map((c) => CONTRACT[c].method), 'onSessionState'].sort());
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

  it('hands the page each well-formed session state pushed on the one event, until unsubscribed', () => {
    const onSessionState = theApi().onSessionState as (listener: (s: SessionState) => void) => () => void;
    const seen: unknown[] = [];
    const stop = onSessionState((next) => seen.push(next));
    const event = { sender: 'the ipc event must not reach the page' };
    rendererEvents.emit(SESSION_STATE_EVENT, event, { status: 'warning', msLeft: 30_000 });
    rendererEvents.emit(SESSION_STATE_EVENT, event, { status: 'locked', extra: 'refused' });
    rendererEvents.emit(SESSION_STATE_EVENT, event, { status: 'everything-allowed' });
    rendererEvents.emit('some:other-channel', event, { status: 'locked' });
    stop();
    rendererEvents.emit(SESSION_STATE_EVENT, event, { status: 'locked' });
    expect(seen).toEqual([{ status: 'warning', msLeft: 30_000 }]);
    expect(rendererEvents.listenerCount(SESSION_STATE_EVENT)).toBe(0);
  });
});
