import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMain } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppOrigin } from '../../src/main/app-origin';
import type { GatehouseHandle } from '../../src/main/core/types';
import { registerIpc } from '../../src/main/ipc';
import { resolveAppFiles } from '../../src/main/paths';
import { CHANNELS } from '../../src/shared/contract';
import { isResult } from '../../src/shared/result';
import { electronModule, FakeBrowserWindow, ipcHandlers, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const files = resolveAppFiles(join('/opt', 'gatehouse', 'out', 'main'));
const origin = createAppOrigin(files, null);
const appPage = pathToFileURL(files.rendererHtml).href;
/** The fake records handlers by channel; its listener type is looser than Electron's. */
const ipcMain = electronModule.ipcMain as unknown as Pick<IpcMain, 'handle'>;

interface Call {
  channel: unknown;
  payload: unknown;
  caller: unknown;
}

function fakeHandle(answer: GatehouseHandle['invoke'] = async () => ({ ok: true, data: {} })) {
  const calls: Call[] = [];
  const handle: Pick<GatehouseHandle, 'invoke'> = {
    invoke: async (channel, payload, caller) => {
      calls.push({ channel, payload, caller });
      return answer(channel, payload, caller);
    },
  };
  return { handle, calls };
}

/** An IPC event as Electron builds it: the sender's contents and the frame that sent it. */
function eventFrom(sender: unknown, frame: { url: string; parent: unknown } | null) {
  return { sender, senderFrame: frame };
}

beforeEach(() => {
  resetFakeElectron();
});

describe('registerIpc', () => {
  it('registers exactly one handler per contract channel', () => {
    registerIpc(ipcMain, fakeHandle().handle, origin.isAppUrl);
    expect([...ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('passes channel and payload through and names the calling window', async () => {
    const { handle, calls } = fakeHandle(async () => ({ ok: true, data: { user: null } }));
    registerIpc(ipcMain, handle, origin.isAppUrl);
    const win = new FakeBrowserWindow({ webPreferences: {} });

    const answer = await ipcHandlers.get('auth:session')?.(
      eventFrom(win.webContents, { url: `${appPage}#/dashboard`, parent: null }),
      {},
    );

    expect(answer).toEqual({ ok: true, data: { user: null } });
    expect(calls).toEqual([{ channel: 'auth:session', payload: {}, caller: { windowId: win.id, fromAppPage: true } }]);
  });

  it('marks a call from a foreign page as not from the app', async () => {
    const { handle, calls } = fakeHandle();
    registerIpc(ipcMain, handle, origin.isAppUrl);
    const win = new FakeBrowserWindow({ webPreferences: {} });
    await ipcHandlers.get('auth:login')?.(eventFrom(win.webContents, { url: 'https://evil.example/', parent: null }), {});
    expect(calls[0]?.caller).toEqual({ windowId: win.id, fromAppPage: false });
  });

  it('marks a call from a subframe as not from the app, even with the app URL', async () => {
    const { handle, calls } = fakeHandle();
    registerIpc(ipcMain, handle, origin.isAppUrl);
    const win = new FakeBrowserWindow({ webPreferences: {} });
    const mainFrame = { url: appPage, parent: null };
    await ipcHandlers.get('auth:login')?.(eventFrom(win.webContents, { url: appPage, parent: mainFrame }), {});
    expect(calls[0]?.caller).toEqual({ windowId: win.id, fromAppPage: false });
  });

  it('handles a destroyed frame and an unknown sender', async () => {
    const { handle, calls } = fakeHandle();
    registerIpc(ipcMain, handle, origin.isAppUrl);
    await ipcHandlers.get('auth:logout')?.(eventFrom({}, null), {});
    expect(calls[0]?.caller).toEqual({ windowId: -1, fromAppPage: false });
  });

  it('answers a typed INTERNAL result, without details, if the core throws anyway', async () => {
    const { handle } = fakeHandle(async () => {
      throw new Error('disk on fire at /secret/path');
    });
    registerIpc(ipcMain, handle, origin.isAppUrl);
    const win = new FakeBrowserWindow({ webPreferences: {} });
    const answer = await ipcHandlers.get('app:info')?.(eventFrom(win.webContents, { url: appPage, parent: null }), {});
    expect(isResult(answer)).toBe(true);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });
});

describe('kiosk exit', () => {
  it('lets the shell know only after the core accepted an exit from the app page', async () => {
    let accept = false;
    const { handle } = fakeHandle(async () =>
      accept ? { ok: true, data: {} } : { ok: false, error: { code: 'INVALID_CREDENTIALS', message: 'No.' } },
    );
    let exits = 0;
    registerIpc(ipcMain, handle, origin.isAppUrl, () => (exits += 1));
    const win = new FakeBrowserWindow({ webPreferences: {} });
    const fromApp = eventFrom(win.webContents, { url: appPage, parent: null });
    const exitKiosk = ipcHandlers.get('kiosk:exit');

    await exitKiosk?.(fromApp, { password: 'wrong' });
    expect(exits).toBe(0);

    accept = true;
    await exitKiosk?.(eventFrom(win.webContents, { url: 'https://evil.example/', parent: null }), { password: 'x' });
    await ipcHandlers.get('auth:logout')?.(fromApp, {});
    expect(exits).toBe(0);

    await exitKiosk?.(fromApp, { password: 'right' });
    expect(exits).toBe(1);
  });
});
