/**
 * One ipcMain handler per contract channel, each a straight call into the core. The shell adds
 * only what the renderer must never supply itself: which window is calling, and whether the
 * call came from the app's own page in the window's main frame.
 */
import { BrowserWindow, type IpcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Caller } from '../shared/contract';
import { fail, type Result } from '../shared/result';
import type { GatehouseHandle } from './core';
import { secretsIn, type SecretClipboard } from './secret-clipboard';

export function callerOf(event: IpcMainInvokeEvent, isAppUrl: (url: string | undefined) => boolean): Caller {
  const frame = event.senderFrame;
  // A subframe is never the app, whatever its URL: the app has no iframes, so one is foreign.
  const isMainFrame = frame !== null && frame.parent === null;
  return {
    windowId: BrowserWindow.fromWebContents(event.sender)?.id ?? -1,
    fromAppPage: isMainFrame && isAppUrl(frame.url),
  };
}

/**
 * `onKioskExit` runs after the core accepted an administrator's "Exit kiosk" (it checked the
 * role and the password again); the shell then lets the kiosk window close. `secrets` hears of
 * every secret an answer carries to the page, and of every sign-out, to clear the clipboard.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handle: Pick<GatehouseHandle, 'invoke'>,
  isAppUrl: (url: string | undefined) => boolean,
  onKioskExit: () => void = () => {},
  secrets?: SecretClipboard,
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Result<unknown>> => {
      try {
        const caller = callerOf(event, isAppUrl);
        const result = await handle.invoke(channel, payload, caller);
        if (channel === 'kiosk:exit' && result.ok && caller.fromAppPage) onKioskExit();
        if (result.ok) for (const secret of secretsIn(result.data)) secrets?.noteSecret(secret);
        if (channel === 'auth:logout') await secrets?.clearNow();
        return result;
      } catch {
        // invoke promises never to throw; if it does anyway, the renderer still gets a Result
        // and no stack trace crosses the boundary.
        return fail('INTERNAL', 'Something went wrong in Gatehouse. Please try again.');
      }
    });
  }
}
