/**
 * The composition root: wires Electron to the core and opens the window. All decisions live in
 * the modules it calls; this file only puts them in order.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, powerMonitor, safeStorage } from 'electron';
import { SESSION_STATE_EVENT } from '../shared/contract';
import { createAppOrigin } from './app-origin';
import { applyStartAtLogin } from './autostart';
import { startGatehouse, type GatehouseHandle } from './core';
import { registerIpc } from './ipc';
import { devServerUrl, isDevelopmentRun, isKioskRequested, resolveAppFiles, resolveDataDir } from './paths';
import { openMachineSettings, safeStorageCipher } from './machine-settings';
import { safeStorageKeyStorage } from './store-key-storage';
import { createSecretClipboard } from './secret-clipboard';
import { startSessionClock } from './system-signals';
import { createMainWindow } from './window';

const warn = (message: string) => console.warn(`[gatehouse] ${message}`);

function failToStart(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Gatehouse cannot start', message);
  app.exit(1);
}

/** Window-session endings still in flight; the core is closed only after they land. */
const pendingWork = new Set<Promise<unknown>>();
function track(work: Promise<unknown>): void {
  pendingWork.add(work);
  void work.finally(() => pendingWork.delete(work));
}

let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  const win = mainWindow;
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function start(dataDir: string, kioskRequested: boolean, chosenDataDir: string | null, development: boolean): Promise<void> {
  await app.whenReady();

  const files = resolveAppFiles(dirname(fileURLToPath(import.meta.url)));
  const origin = createAppOrigin(files, devServerUrl(process.env, app.isPackaged));
  const settings = openMachineSettings(dataDir, safeStorageCipher(safeStorage, process.platform), warn);
  const starting = startGatehouse({
    dataDir,
    rememberStore: settings.rememberStore,
    usernameStore: { load: () => settings.rememberedUsername(), save: (username) => settings.setRememberedUsername(username) },
    kiosk: kioskRequested,
    warn,
    // Issue 14: "Back up now" asks the administrator for a folder in the OS's own dialog, so the
    // page never names a path; the core then writes the backup there.
    chooseBackupFolder: async () => {
      const options = { title: 'Choose a folder for the Gatehouse backup', properties: ['openDirectory' as const, 'createDirectory' as const] };
      const parent = BrowserWindow.getFocusedWindow();
      const answer = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
    // Encryption at rest: the OS keyring wraps the store's key. A store in passphrase mode, or one
    // the keyring can no longer open, asks on the unlock screen (core/store-gate.ts).
    encryption: { keyStorage: safeStorageKeyStorage(safeStorage, process.platform) },
  });

  // Only an administrator's accepted "Exit kiosk", or the machine shutting down, lets a kiosk
  // window close.
  let mayCloseKiosk = false;
  const quitCleanly = () => {
    mayCloseKiosk = true;
    app.quit();
  };
  // Known once the store is open: the stored policy can ask for kiosk mode too.
  let kiosk = kioskRequested;
  let handle: GatehouseHandle | null = null;
  const secrets = createSecretClipboard(clipboard);
  // IPC answers from the first moment: the unlock gate until the store is open, then the core.
  registerIpc(
    ipcMain,
    starting,
    origin.isAppUrl,
    () => {
      if (kiosk) quitCleanly();
    },
    secrets,
  );

  const pageWindow = (kioskWindow: boolean): BrowserWindow =>
    createMainWindow({
      origin,
      preloadPath: files.preload,
      kiosk: kioskWindow,
      development,
      bounds: settings.windowBounds(),
      saveBounds: settings.saveWindowBounds,
      // Before the store opens nobody is signed in: the unlock screen may be closed, which quits.
      mayClose: () => mayCloseKiosk || handle === null,
      endCrashedSession: (windowId) => handle?.endWindowSession(windowId, 'renderer-crashed') ?? Promise.resolve(),
      warn,
    });

  // A store that needs a person shows the unlock screen in the app's window. Closing that
  // window gives up: the app quits, and the store is left as it was.
  let unlockWindow: BrowserWindow | null = null;
  let unlockClosed = false;
  // Until the store is open, the last window closing must not make Electron quit by itself
  // mid-open: the gate closes whatever opened after a give-up, and then the app quits (below).
  const waitForTheGate = () => {};
  app.on('window-all-closed', waitForTheGate);
  if ((await starting.settled) === 'asking') {
    unlockWindow = pageWindow(kioskRequested);
    mainWindow = unlockWindow;
    unlockWindow.on('closed', () => {
      if (handle) return;
      unlockClosed = true;
      starting.giveUp();
    });
  }
  const opened = await starting.opened.catch((error: unknown) => {
    if (unlockClosed) return null;
    throw error;
  });
  app.off('window-all-closed', waitForTheGate);
  if (!opened) {
    app.quit();
    return;
  }
  handle = opened;
  const core: GatehouseHandle = opened;
  kiosk = core.provisioning.policy().kioskMode;
  // Start at login follows the setting; applied again on quit, so a change in Settings holds.
  const applyAutostart = () =>
    applyStartAtLogin(
      { enabled: core.provisioning.policy().startAtLogin, kiosk, dataDir: chosenDataDir },
      { platform: process.platform, env: process.env, execPath: process.execPath, warn },
    );
  applyAutostart();

  const stopSessionClock = startSessionClock({
    handle: core,
    windows: () =>
      BrowserWindow.getAllWindows()
        .filter((win) => !win.isDestroyed())
        .map((win) => ({
          id: win.id,
          push: (state) => {
            // A session the clock ended (idle, lifetime, an administrator) takes its secrets along.
            if (state.status === 'ended' || state.status === 'signed-out') void secrets.clearNow();
            win.webContents.send(SESSION_STATE_EVENT, state);
          },
        })),
    warn,
  });

  /** The unlock screen's window carries on as the app's when its kiosk mode is already right. */
  const adoptOrOpen = (): BrowserWindow => {
    const unlocked = unlockWindow;
    unlockWindow = null;
    if (unlocked && !unlocked.isDestroyed() && kiosk === kioskRequested) return unlocked;
    const win = pageWindow(kiosk);
    if (unlocked && !unlocked.isDestroyed()) unlocked.destroy();
    return win;
  };
  const openWindow = (win: BrowserWindow = pageWindow(kiosk)): BrowserWindow => {
    mainWindow = win;
    const windowId = win.id;
    win.on('closed', () => {
      track(core.endWindowSession(windowId, 'window-closed'));
      // The page's own window.close() skips the cancellable 'close' event, so a kiosk window
      // can vanish without an accepted Exit kiosk: a fresh one takes its place at sign-in.
      if (kiosk && !mayCloseKiosk) openWindow();
    });
    return win;
  };
  const win = openWindow(adoptOrOpen());

  const recovery = core.recovery;
  if (recovery) {
    win.once('ready-to-show', () => {
      void dialog.showMessageBox(win, {
        type: 'warning',
        title: 'Gatehouse repaired its data',
        message: recovery.message,
        detail: `The unreadable file was kept at ${recovery.movedAsideTo}.`,
      });
    });
  }

  app.on('window-all-closed', () => {
    // A kiosk window closed without an accepted exit has already been replaced (see above).
    if (!kiosk || mayCloseKiosk) app.quit();
  });

  // The OS is shutting down (Linux, macOS) or asked us to stop (SIGTERM): a kiosk window that
  // refused to close would leave the OS waiting for SIGKILL and the data folder lock stale, so
  // close everything cleanly. preventDefault asks the OS to wait until app.quit() has finished.
  // electron.d.ts types the listener without arguments, but Electron passes the event.
  const onShutdown = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    quitCleanly();
  };
  const onSigterm = () => quitCleanly();
  powerMonitor.on('shutdown', onShutdown);
  process.on('SIGTERM', onSigterm);

  // 'will-quit' rather than 'before-quit': a kiosk window may refuse to close, and then the
  // quit is cancelled; the core must only be closed once quitting is certain.
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    stopSessionClock();
    track(secrets.clearNow());
    powerMonitor.off('shutdown', onShutdown);
    process.off('SIGTERM', onSigterm);
    applyAutostart();
    void Promise.allSettled(pendingWork)
      .then(() => core.close())
      .then(
        () => app.exit(0),
        (error: unknown) => {
          warn(`Closing the account store failed: ${String(error)}`);
          app.exit(1);
        },
      );
  });
}

function main(): void {
  // Every renderer sandboxed, including any created by accident; must precede 'ready'.
  app.enableSandbox();

  const kiosk = isKioskRequested(process.argv, process.env);
  const { dataDir, explicit } = resolveDataDir(process.argv, process.env, () => app.getPath('userData'));
  // A chosen data directory is a separate installation: its own Chromium profile, and so its
  // own single-instance lock (parallel test runs with different directories do not collide).
  if (explicit) app.setPath('userData', join(dataDir, 'chromium-profile'));

  if (!app.requestSingleInstanceLock()) {
    // The first instance focuses its window (see 'second-instance').
    app.quit();
    return;
  }
  app.on('second-instance', focusMainWindow);
  start(dataDir, kiosk, explicit ? dataDir : null, isDevelopmentRun(process.argv, process.env, app.isPackaged)).catch(failToStart);
}

try {
  main();
} catch (error) {
  failToStart(error);
}
