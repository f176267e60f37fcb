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

export class FakeSession {
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

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  private static nextId = 1;

  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.all.find((win) => win.webContents === contents) ?? null;
  }

  readonly id = FakeBrowserWindow.nextId++;
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  shown = false;
  maximized = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.all.push(this);
  }

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
  getNormalBounds() {
    return { x: 10, y: 20, width: 900, height: 700 };
  }
}

/** Handlers registered with ipcMain.handle, by channel. */
export const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();

export const state = {
  applicationMenu: undefined as unknown,
  exposed: [] as Array<{ key: string; api: unknown }>,
  invoked: [] as Array<{ channel: string; payload: unknown }>,
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

export const app = { isPackaged: false };

export const powerMonitor = new EventEmitter();

export function resetFakeElectron(): void {
  FakeBrowserWindow.all = [];
  ipcHandlers.clear();
  state.applicationMenu = undefined;
  state.exposed = [];
  state.invoked = [];
  state.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
  app.isPackaged = false;
  powerMonitor.removeAllListeners();
}

const members = {
  app,
  BrowserWindow: FakeBrowserWindow,
  Menu: {
    setApplicationMenu(menu: unknown) {
      state.applicationMenu = menu;
    },
  },
  nativeTheme: { shouldUseDarkColors: false },
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
