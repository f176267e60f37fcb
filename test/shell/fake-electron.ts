/**
 * A stand-in for the `electron` module, for the shell's unit tests only (no Electron binary can
 * run here). It records what the shell asks of Electron and lets a test fire the events
 * Electron would fire. Each test file mocks electron with it:
 *
 *   vi.mock('electron', async () => (await import('./fake-electron')).electronModule);
 *
 * Never import the real `electron` package from a test: without its binary it tries to
 * download one.
 */
import { EventEmitter } from 'node:events';

/** The event object Electron hands to cancellable listeners. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent<T extends object>(fields: T = {} as T): T & FakeEvent {
  return {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

type RequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

export class FakeSession extends EventEmitter {
  permissionRequestHandler: ((...args: unknown[]) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  beforeRequest: RequestListener | null = null;
  headersReceived: HeadersListener | null = null;

  setPermissionRequestHandler(handler: (...args: unknown[]) => void) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean) {
    this.devicePermissionHandler = handler;
  }
  webRequest = {
    onBeforeRequest: (listener: RequestListener) => {
      this.beforeRequest = listener;
    },
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersReceived = listener;
    },
  };
}

export class FakeWebContents extends EventEmitter {
  session = new FakeSession();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  visualZoomLimits: [number, number] | null = null;
  crashCount = 0;
  reloadCount = 0;
  /** What the main process pushed to this renderer with send(channel, ...args). */
  sent: Array<{ channel: string; args: unknown[] }> = [];

  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }

  /** Reloads the current page (route included); the fake only counts. */
  reload() {
    this.reloadCount += 1;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  setVisualZoomLevelLimits(min: number, max: number) {
    this.visualZoomLimits = [min, max];
    return Promise.resolve();
  }
  /** As documented: Electron then emits render-process-gone with reason 'killed'. */
  forcefullyCrashRenderer() {
    this.crashCount += 1;
    this.emit('render-process-gone', fakeEvent(), { reason: 'killed', exitCode: 0 });
  }
}

class FakeBrowserWindowClass extends EventEmitter {
  static all: FakeBrowserWindowClass[] = [];
  private static nextId = 1;

  /** Like Electron: the windows not yet destroyed. */
  static getAllWindows(): FakeBrowserWindowClass[] {
    return FakeBrowserWindowClass.all.filter((win) => !win.destroyed);
  }

  static fromWebContents(contents: unknown): FakeBrowserWindowClass | null {
    return FakeBrowserWindowClass.all.find((win) => win.webContents === contents) ?? null;
  }

  readonly id = FakeBrowserWindowClass.nextId++;
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  shown = false;
  maximized = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindowClass.all.push(this);
  }

  minimized = false;
  focused = false;

  loadURL(url: string) {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  focus() {
    this.focused = true;
  }
  /**
   * What Electron does when a window closes for good: 'close' (cancellable), then 'closed',
   * then the app's 'window-all-closed' when it was the last window (not while quitting).
   */
  close() {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.finishClosing();
    return true;
  }
  /**
   * `window.close()` called by the page itself: Electron closes the window without the
   * cancellable 'close' event, so a kiosk's refusal never runs.
   */
  closeFromPage() {
    this.finishClosing();
  }
  /** Electron's destroy(): no 'close' event, but 'closed' is guaranteed. */
  destroy() {
    if (!this.destroyed) this.finishClosing();
  }
  private finishClosing() {
    this.destroyed = true;
    this.emit('closed');
    if (!shared.app.quitting && FakeBrowserWindowClass.all.every((win) => win.destroyed)) {
      shared.app.emit('window-all-closed');
    }
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 900, height: 700 };
  }
}

/**
 * powerMonitor as Electron 45 behaves: the events it emits, and the machine's idle readings the
 * test sets. Two platform facts the fake enforces so a test cannot hope otherwise:
 * - 'lock-screen' is emitted on macOS and Windows only; on Linux emitting it throws.
 * - on wlroots Wayland compositors (cage, sway, labwc, Weston) the idle time always reads 0,
 *   which is the default here.
 */
class FakePowerMonitor extends EventEmitter {
  /** Which platform's Electron this is; defaults to the test machine's. */
  platform: NodeJS.Platform = process.platform;
  /** Seconds since the last keyboard or mouse input anywhere on the machine. */
  systemIdleSeconds = 0;
  /** The screen saver or lock screen is up (getSystemIdleState answers 'locked'). */
  screenLocked = false;
  getSystemIdleTime() {
    return this.systemIdleSeconds;
  }
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    if (this.screenLocked) return 'locked';
    return this.systemIdleSeconds >= idleThreshold ? 'idle' : 'active';
  }
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'lock-screen' && this.platform === 'linux') {
      throw new Error("Electron never emits powerMonitor 'lock-screen' on Linux");
    }
    return super.emit(event, ...args);
  }
}

/**
 * Electron's default application menu (what a window gets when the app never sets one): it
 * offers reload and devtools. `applicationMenu` starts as this, as in real Electron.
 */
export const DEFAULT_MENU = { template: [{ role: 'viewMenu', submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] }] };

function freshState() {
  return {
    clipboardText: '',
  applicationMenu: DEFAULT_MENU as unknown,
  errorBoxes: [] as Array<{ title: string; content: string }>,
  messageBoxes: [] as unknown[],
  encryptionAvailable: true,
  exposed: [] as Array<{ key: string; api: unknown }>,
  invoked: [] as Array<{ channel: string; payload: unknown }>,
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  };
}

/** What app.setLoginItemSettings was last given (Electron 45's `Settings`, macOS and Windows). */
export interface FakeLoginItem {
  openAtLogin: boolean;
  path: string;
  args: string[];
}

/** The app object: an event emitter that records what the shell asks of it. */
class FakeApp extends EventEmitter {
  isPackaged = false;
  appPath = '/nonexistent/app';
  /** The executable Electron reports as process.execPath (the default login-item path). */
  execPath = '/nonexistent/electron';
  loginItem: FakeLoginItem | null = null;
  loginItemCalls: Array<Record<string, unknown>> = [];
  sandboxEnabled = false;
  hasSingleInstanceLock = true;
  paths = new Map<string, string>();
  quitRequests = 0;
  exitCode: number | null = null;
  /** Between app.quit() and the end of 'will-quit' (Electron emits no window-all-closed then). */
  quitting = false;

  constructor() {
    super();
    this.reset();
  }
  reset() {
    this.removeAllListeners();
    this.isPackaged = false;
    this.sandboxEnabled = false;
    this.hasSingleInstanceLock = true;
    this.paths = new Map([['userData', '/nonexistent/electron-user-data']]);
    this.quitRequests = 0;
    this.exitCode = null;
    this.quitting = false;
    this.loginItem = null;
    this.loginItemCalls = [];
  }

  getAppPath() {
    return this.appPath;
  }
  /** As documented: `path` defaults to process.execPath and `args` to []; openAtLogin to false. */
  setLoginItemSettings(settings: { openAtLogin?: boolean; path?: string; args?: string[]; enabled?: boolean; name?: string }) {
    this.loginItemCalls.push({ ...settings });
    this.loginItem = { openAtLogin: settings.openAtLogin ?? false, path: settings.path ?? this.execPath, args: [...(settings.args ?? [])] };
  }
  /**
   * As documented for Windows: openAtLogin is true only when the item was registered with the
   * same `path` and `args` as asked about (defaults: process.execPath and []);
   * executableWillLaunchAtLogin ignores the args.
   */
  getLoginItemSettings(options: { path?: string; args?: string[] } = {}) {
    const item = this.loginItem;
    const path = options.path ?? this.execPath;
    const args = options.args ?? [];
    const samePath = item !== null && item.openAtLogin && item.path === path;
    const sameArgs = item !== null && item.args.length === args.length && item.args.every((arg, i) => arg === args[i]);
    return {
      openAtLogin: samePath && sameArgs,
      wasOpenedAtLogin: false,
      status: samePath ? ('enabled' as const) : ('not-registered' as const),
      executableWillLaunchAtLogin: samePath,
      launchItems: item?.openAtLogin ? [{ name: 'gatehouse', path: item.path, args: item.args, scope: 'user', enabled: true }] : [],
    };
  }

  enableSandbox() {
    this.sandboxEnabled = true;
  }
  getPath(name: string) {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`no fake path for ${name}`);
    return path;
  }
  setPath(name: string, path: string) {
    this.paths.set(name, path);
  }
  getVersion() {
    return '0.0.0-test';
  }
  requestSingleInstanceLock() {
    return this.hasSingleInstanceLock;
  }
  whenReady() {
    return Promise.resolve();
  }
  /**
   * As Electron does: 'before-quit', then close every window (any that refuses cancels the
   * quit), then 'will-quit'; unless that is cancelled, the app exits with code 0.
   */
  quit() {
    this.quitRequests += 1;
    if (this.exitCode !== null) return;
    this.quitting = true;
    try {
      const before = fakeEvent();
      this.emit('before-quit', before);
      if (before.defaultPrevented) return;
      for (const win of shared.FakeBrowserWindow.all) {
        if (!win.isDestroyed() && !win.close()) return;
      }
      const willQuit = fakeEvent();
      this.emit('will-quit', willQuit);
      if (!willQuit.defaultPrevented) this.exit(0);
    } finally {
      this.quitting = false;
    }
  }
  exit(code = 0) {
    this.exitCode ??= code;
  }
}

/**
 * One set of fakes per test process, even when vi.resetModules() loads this file again for a
 * fresh launch of src/main/index.ts: the mocked `electron` and the test must see the same app.
 */
interface Shared {
  app: FakeApp;
  FakeBrowserWindow: typeof FakeBrowserWindowClass;
  /** Handlers registered with ipcMain.handle, by channel. */
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>;
  state: ReturnType<typeof freshState>;
  powerMonitor: FakePowerMonitor;
}
const shared = ((globalThis as { __gatehouseFakeElectron?: Shared }).__gatehouseFakeElectron ??= {
  app: new FakeApp(),
  FakeBrowserWindow: FakeBrowserWindowClass,
  ipcHandlers: new Map(),
  state: freshState(),
  powerMonitor: new FakePowerMonitor(),
});
export const { app, FakeBrowserWindow, ipcHandlers, state, powerMonitor } = shared;

export function resetFakeElectron(): void {
  FakeBrowserWindow.all = [];
  ipcHandlers.clear();
  Object.assign(state, freshState());
  app.reset();
  powerMonitor.removeAllListeners();
  powerMonitor.systemIdleSeconds = 0;
  powerMonitor.screenLocked = false;
  powerMonitor.platform = process.platform;
}

/** What the main process sends the preload's ipcRenderer (a test emits on it). */
export const rendererEvents = new EventEmitter();

const members = {
  app,
  dialog: {
    showErrorBox(title: string, content: string) {
      state.errorBoxes.push({ title, content });
    },
    showMessageBox(...args: unknown[]) {
      state.messageBoxes.push(args);
      return Promise.resolve({ response: 0, checkboxChecked: false });
    },
  },
  /** Reversible "encryption" so tests can tell ciphertext from the token. */
  safeStorage: {
    isAsyncEncryptionAvailable: () => Promise.resolve(state.encryptionAvailable),
    encryptStringAsync: (text: string) => Promise.resolve(Buffer.from(`enc:${text}`).map((b) => b ^ 0x2a)),
    decryptStringAsync: (data: Buffer) =>
      Promise.resolve({ result: Buffer.from(data.map((b) => b ^ 0x2a)).toString().slice(4), shouldReEncrypt: false }),
    getSelectedStorageBackend: () => 'gnome_libsecret',
  },
  BrowserWindow: FakeBrowserWindow,
  Menu: {
    setApplicationMenu(menu: unknown) {
      state.applicationMenu = menu;
    },
    /** The fake menu is its template, so a test can read the roles it offers. */
    buildFromTemplate(template: unknown[]) {
      return { template };
    },
  },
  nativeTheme: { shouldUseDarkColors: false },
  /**
   * Electron 45's clipboard: one shared text the whole machine sees (the page's copy lands here
   * too); reading and writing are promises there, clear() is not.
   */
  clipboard: {
    readText: () => Promise.resolve(state.clipboardText),
    writeText(text: string) {
      state.clipboardText = text;
      return Promise.resolve();
    },
    clear() {
      state.clipboardText = '';
    },
  },
  screen: { getAllDisplays: () => state.displays },
  powerMonitor,
  ipcMain: {
    handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, listener);
    },
  },
  contextBridge: {
    exposeInMainWorld(key: string, api: unknown) {
      state.exposed.push({ key, api });
    },
  },
  ipcRenderer: {
    on(channel: string, listener: (...args: unknown[]) => void) {
      rendererEvents.on(channel, listener);
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      rendererEvents.removeListener(channel, listener);
    },
    invoke(channel: string, payload: unknown) {
      state.invoked.push({ channel, payload });
      return Promise.resolve({ ok: true, data: { echoed: channel } });
    },
  },
};

export const electronModule = { ...members, default: members };

/** Waits for promise chains the shell starts without awaiting (crash recovery). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
