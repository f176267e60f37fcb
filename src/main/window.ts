/**
 * The one application window: hardened web preferences, kiosk lockdown, restored bounds, and
 * recovery from renderer crashes.
 */
import { BrowserWindow, Menu, nativeTheme, screen, type MenuItemConstructorOptions, type Rectangle } from 'electron';
import type { AppOrigin } from './app-origin';
import { createCrashGuard, DEFAULT_CRASH_GUARD } from './crash-guard';
import { hardenSession, hardenWebContents } from './hardening';
import { isBlockedKioskShortcut } from './kiosk-keys';
import type { WindowBounds } from './machine-settings';

export interface MainWindowOptions {
  origin: AppOrigin;
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
  kiosk: boolean;
  /** `npm run dev` or `--dev-tools` (paths.isDevelopmentRun): devtools and the default menu. */
  development: boolean;
  /** Bounds saved from the last run, or null. Ignored in kiosk mode. */
  bounds: WindowBounds | null;
  saveBounds(bounds: WindowBounds): void;
  /** Kiosk mode: may the window close now? False until an admin chose "Exit kiosk". */
  mayClose(): boolean;
  /** The renderer died: end the window's session before it is reloaded. */
  endCrashedSession(windowId: number): Promise<void>;
  /** For tests of the crash loop; defaults to Date.now. */
  now?: () => number;
  warn?: (message: string) => void;
}

export const SIGN_IN_ROUTE = '/login';
const DEFAULT_SIZE = { width: 1100, height: 760 };
const MIN_SIZE = { width: 420, height: 560 };
/** Shown for a moment before the page paints; matches the system theme to avoid a flash. */
const BACKGROUND = { dark: '#0f172a', light: '#f8fafc' };

/**
 * What a person needs from a menu: copy and paste (and, on macOS, the app menu with Quit). No
 * View menu, so no reload that would drop a half-typed form and no devtools.
 */
const macAppMenu: MenuItemConstructorOptions = {
  role: 'appMenu',
  submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'quit' }],
};

function minimalMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [macAppMenu] : []),
    { label: 'File', submenu: [{ role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ];
  return Menu.buildFromTemplate(template);
}

/** Keeps saved bounds only if they still overlap a connected display (monitors get unplugged). */
export function visibleBounds(bounds: WindowBounds | null, workAreas: readonly Rectangle[]): Partial<Rectangle> {
  if (!bounds) return DEFAULT_SIZE;
  const size = { width: Math.max(bounds.width, MIN_SIZE.width), height: Math.max(bounds.height, MIN_SIZE.height) };
  const { x, y } = bounds;
  if (x === undefined || y === undefined) return size;
  const overlaps = workAreas.some(
    (area) =>
      x < area.x + area.width && x + size.width > area.x && y < area.y + area.height && y + size.height > area.y,
  );
  return overlaps ? { ...size, x, y } : size;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { origin, kiosk } = options;
  const warn = options.warn ?? console.warn;
  const placement = kiosk
    ? DEFAULT_SIZE
    : visibleBounds(options.bounds, screen.getAllDisplays().map((display) => display.workArea));

  // Kiosk: no menu at all. A development run keeps Electron's default menu (reload, devtools).
  if (kiosk) Menu.setApplicationMenu(null);
  else if (!options.development) Menu.setApplicationMenu(minimalMenu());

  const win = new BrowserWindow({
    ...placement,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Gatehouse',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: kiosk,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: options.development && !kiosk,
      spellcheck: false,
    },
  });
  const windowId = win.id;
  const contents = win.webContents;

  hardenSession(contents.session, origin);
  hardenWebContents(contents, origin);

  if (!kiosk && options.bounds?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  if (kiosk) lockDownKiosk(win, options.mayClose);
  else rememberBounds(win, options.saveBounds);

  watchForCrashes(win, {
    origin,
    now: options.now ?? Date.now,
    warn,
    endSession: () => options.endCrashedSession(windowId),
  });

  void win.loadURL(origin.pageUrl(SIGN_IN_ROUTE)).catch((error: unknown) => {
    warn(`Gatehouse could not load its page: ${String(error)}`);
  });
  return win;
}

function lockDownKiosk(win: BrowserWindow, mayClose: () => boolean): void {
  win.webContents.on('before-input-event', (event, input) => {
    if (isBlockedKioskShortcut(input)) event.preventDefault();
  });
  // Pinch zoom on touch screens; keyboard zoom is swallowed above.
  void win.webContents.setVisualZoomLevelLimits(1, 1);
  win.on('close', (event) => {
    if (!mayClose()) event.preventDefault();
  });
}

function rememberBounds(win: BrowserWindow, saveBounds: (bounds: WindowBounds) => void): void {
  win.on('close', () => {
    saveBounds({ ...win.getNormalBounds(), maximized: win.isMaximized() });
  });
}

interface CrashWatch {
  origin: AppOrigin;
  now: () => number;
  warn: (message: string) => void;
  endSession: () => Promise<void>;
}

/**
 * A crashed or killed renderer loses its session and is reloaded at sign-in. A hung one is
 * killed first (Electron then reports it as gone). Three crashes within a minute show the
 * static recovery page instead of reloading forever.
 */
function watchForCrashes(win: BrowserWindow, watch: CrashWatch): void {
  const verdict = createCrashGuard({ ...DEFAULT_CRASH_GUARD, now: watch.now });

  win.on('unresponsive', () => {
    win.webContents.forcefullyCrashRenderer();
  });

  win.webContents.on('render-process-gone', (_event, details) => {
    if (win.isDestroyed()) return;
    watch.warn(`The Gatehouse window's renderer stopped (${details.reason}); its session was ended.`);
    const next = verdict() === 'reload' ? watch.origin.pageUrl(SIGN_IN_ROUTE) : watch.origin.recoveryUrl;
    void watch
      .endSession()
      .catch((error: unknown) => watch.warn(`Ending the crashed window's session failed: ${String(error)}`))
      .then(() => (win.isDestroyed() ? undefined : win.loadURL(next)))
      .catch((error: unknown) => watch.warn(`Reloading the window failed: ${String(error)}`));
  });
}
