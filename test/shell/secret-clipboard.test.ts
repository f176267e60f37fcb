/**
 * Issue 10 §7: a copied secret does not wait on a shared clipboard for the next person. It is
 * cleared 60 s later or at sign-out, and only if the clipboard still holds that very secret.
 */
import type { IpcMain } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GatehouseHandle } from '../../src/main/core/types';
import { registerIpc } from '../../src/main/ipc';
import { createSecretClipboard, SECRET_CLIPBOARD_MS } from '../../src/main/secret-clipboard';
import { electronModule, FakeBrowserWindow, ipcHandlers, resetFakeElectron, state } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const TEMPORARY = 'abcd-efgh-jkmn-pqrs';
const clipboard = electronModule.clipboard;

beforeEach(() => {
  resetFakeElectron();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the secret clipboard', () => {
  it('clears a copied secret after 60 s', async () => {
    const secrets = createSecretClipboard(clipboard);
    secrets.noteSecret(TEMPORARY);
    void clipboard.writeText(TEMPORARY); // the page's Copy
    await vi.advanceTimersByTimeAsync(SECRET_CLIPBOARD_MS - 1);
    expect(state.clipboardText).toBe(TEMPORARY);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.clipboardText).toBe('');
  });

  it('leaves alone what the person copied since', async () => {
    const secrets = createSecretClipboard(clipboard);
    secrets.noteSecret(TEMPORARY);
    void clipboard.writeText(TEMPORARY);
    void clipboard.writeText('my own notes');
    await vi.advanceTimersByTimeAsync(SECRET_CLIPBOARD_MS);
    await secrets.clearNow();
    expect(state.clipboardText).toBe('my own notes');
  });

  it('clears at once when a session ends, and then has nothing left to do', async () => {
    const secrets = createSecretClipboard(clipboard);
    secrets.noteSecret(TEMPORARY);
    void clipboard.writeText(TEMPORARY);
    await secrets.clearNow();
    expect(state.clipboardText).toBe('');
    void clipboard.writeText(TEMPORARY); // the same text copied again later, from elsewhere
    await vi.advanceTimersByTimeAsync(SECRET_CLIPBOARD_MS);
    expect(state.clipboardText).toBe(TEMPORARY);
  });
});

describe('through IPC', () => {
  const ipcMain = electronModule.ipcMain as unknown as Pick<IpcMain, 'handle'>;
  const appUrl = 'file:///opt/gatehouse/out/renderer/index.html';

  function call(channel: string, payload: unknown = {}) {
    const win = new FakeBrowserWindow({ webPreferences: {} });
    const event = { sender: win.webContents, senderFrame: { url: appUrl, parent: null } };
    return ipcHandlers.get(channel)!(event, payload);
  }

  it('a temporary password in an answer is cleared after 60 s, and at sign-out', async () => {
    const handle: Pick<GatehouseHandle, 'invoke'> = {
      invoke: async (channel) =>
        channel === 'admin:reset-password' ? { ok: true, data: { user: {}, temporaryPassword: TEMPORARY } } : { ok: true, data: {} },
    };
    registerIpc(ipcMain, handle, (url) => url === appUrl, () => {}, createSecretClipboard(clipboard));

    await call('admin:reset-password', { userId: 2 });
    void clipboard.writeText(TEMPORARY);
    await call('auth:logout');
    expect(state.clipboardText).toBe('');

    await call('admin:reset-password', { userId: 2 });
    void clipboard.writeText(TEMPORARY);
    await vi.advanceTimersByTimeAsync(SECRET_CLIPBOARD_MS);
    expect(state.clipboardText).toBe('');
  });
});
