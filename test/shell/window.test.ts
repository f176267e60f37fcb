import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppOrigin } from '../../src/main/app-origin';
import { CONTENT_SECURITY_POLICY } from '../../src/main/hardening';
import { resolveAppFiles } from '../../src/main/paths';
import { createMainWindow, type MainWindowOptions, visibleBounds } from '../../src/main/window';
import { keyDown as key } from '../support/keys';
import { app, DEFAULT_MENU, FakeBrowserWindow, fakeEvent, resetFakeElectron, settle, state } from './fake-electron';

/** Every role in a fake menu (the fake's Menu.buildFromTemplate keeps the template). */
function menuRoles(menu: unknown): string[] {
  const roles: string[] = [];
  const walk = (items: unknown) => {
    if (!Array.isArray(items)) return;
    for (const item of items as Array<{ role?: string; submenu?: unknown }>) {
      if (item.role) roles.push(item.role);
      walk(item.submenu);
    }
  };
  walk((menu as { template?: unknown } | null)?.template);
  return roles;
}

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const files = resolveAppFiles(join('/opt', 'gatehouse', 'out', 'main'));
const origin = createAppOrigin(files, null);
const appPage = pathToFileURL(files.rendererHtml).href;

function open(overrides: Partial<MainWindowOptions> = {}) {
  const ended: number[] = [];
  const saved: unknown[] = [];
  const warnings: string[] = [];
  const options: MainWindowOptions = {
    origin,
    preloadPath: files.preload,
    kiosk: false,
    development: false,
    bounds: null,
    saveBounds: (bounds) => saved.push(bounds),
    mayClose: () => false,
    endCrashedSession: async (windowId) => {
      ended.push(windowId);
    },
    warn: (message) => warnings.push(message),
    ...overrides,
  };
  createMainWindow(options);
  const win = FakeBrowserWindow.all.at(-1);
  if (!win) throw new Error('no window was created');
  return { win, contents: win.webContents, session: win.webContents.session, ended, saved, warnings };
}


beforeEach(() => {
  resetFakeElectron();
});

describe('web preferences', () => {
  it('isolates and sandboxes the page, with Node and webviews off', () => {
    const { win } = open();
    expect(win.options.webPreferences).toMatchObject({
      preload: files.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(files.preload.endsWith(join('out', 'preload', 'index.cjs'))).toBe(true);
  });

  it('allows devtools only in a development run outside kiosk mode', () => {
    // An unpackaged run (npm start) is not a development run.
    expect(app.isPackaged).toBe(false);
    expect(open().win.options.webPreferences.devTools).toBe(false);
    expect(open({ development: true }).win.options.webPreferences.devTools).toBe(true);
    expect(open({ development: true, kiosk: true }).win.options.webPreferences.devTools).toBe(false);
  });

  it('stays hidden until the page is ready, then shows', () => {
    const { win } = open();
    expect(win.options.show).toBe(false);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('loads the sign-in route of the built page', () => {
    const { win } = open();
    expect(win.loadedUrls).toEqual([`${appPage}#/login`]);
  });

  it('loads from the dev server when one is configured', () => {
    const dev = createAppOrigin(files, new URL('http://localhost:5173/'));
    const { win } = open({ origin: dev });
    expect(win.loadedUrls).toEqual(['http://localhost:5173/#/login']);
  });
});

describe('window.open and navigation', () => {
  it('denies every window.open', () => {
    const { contents } = open();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: appPage })).toEqual({ action: 'deny' });
  });

  it('prevents navigation and redirects away from the app and allows the app page', () => {
    const { contents } = open();
    for (const eventName of ['will-navigate', 'will-redirect']) {
      const away = fakeEvent({ url: 'https://evil.example/' });
      contents.emit(eventName, away);
      expect(away.defaultPrevented, eventName).toBe(true);

      const otherFile = fakeEvent({ url: 'file:///etc/passwd' });
      contents.emit(eventName, otherFile);
      expect(otherFile.defaultPrevented, eventName).toBe(true);

      const home = fakeEvent({ url: `${appPage}#/dashboard` });
      contents.emit(eventName, home);
      expect(home.defaultPrevented, eventName).toBe(false);
    }
  });

  it('refuses to attach a webview', () => {
    const { contents } = open();
    const attach = fakeEvent();
    contents.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
  });
});

describe('session', () => {
  it("grants exactly 'clipboard-sanitized-write' (Copy), and only to the app's own page in the main frame", () => {
    const { session } = open();
    const request = (permission: string, requestingUrl: string, isMainFrame = true) => {
      let granted: boolean | undefined;
      session.permissionRequestHandler?.({}, permission, (answer: boolean) => (granted = answer), { requestingUrl, isMainFrame });
      const checked = session.permissionCheckHandler?.({}, permission, new URL(requestingUrl).origin, { requestingUrl, isMainFrame });
      return [granted, checked];
    };
    expect(request('clipboard-sanitized-write', `${appPage}#/admin/users`)).toEqual([true, true]);
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toEqual([false, false]);
    expect(request('clipboard-sanitized-write', `${appPage}#/admin/users`, false)).toEqual([false, false]);
    expect(request('clipboard-read', `${appPage}#/admin/users`)).toEqual([false, false]);
  });

  it('denies every permission request and check', () => {
    const { session } = open();
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      session.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted), {});
      expect(session.permissionCheckHandler?.({}, permission, 'file:///', {})).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(session.devicePermissionHandler?.({})).toBe(false);
  });

  it('adds the strict Content-Security-Policy header and keeps the other headers', () => {
    const { session } = open();
    let headers: Record<string, string | string[]> | undefined;
    session.headersReceived?.(
      { url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it("lets the app's own blob downloads through (audit CSV) and refuses every other download", () => {
    const { session } = open();
    const download = (url: string) => {
      let prevented = false;
      session.emit('will-download', { preventDefault: () => (prevented = true) }, { getURL: () => url });
      return prevented ? 'refused' : 'allowed';
    };
    expect(download('blob:file:///0b6c7f1e-4d2a')).toBe('allowed');
    expect(download('https://evil.example/payload.exe')).toBe('refused');
    expect(download('blob:https://evil.example/0b6c7f1e')).toBe('refused');
  });

  it('leaves the dev server its own development policy, and only the dev server', () => {
    const { session } = open({ origin: createAppOrigin(files, new URL('http://localhost:5173/')) });
    const headersFor = (url: string) => {
      let response: { responseHeaders?: Record<string, string | string[]> } | undefined;
      session.headersReceived?.({ url, responseHeaders: { 'Content-Type': ['text/html'] } }, (answer) => (response = answer));
      return response?.responseHeaders;
    };
    expect(headersFor('http://localhost:5173/')).toBeUndefined();
    expect(headersFor('http://localhost:9999/')?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('cancels every request that is not the app build, its resources or the dev server', () => {
    const { session } = open();
    const cancelled = (url: string) => {
      let cancel: boolean | undefined;
      session.beforeRequest?.({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(cancelled(appPage)).toBe(false);
    expect(cancelled(pathToFileURL(join(files.rendererDir, 'assets', 'index-abc.js')).href)).toBe(false);
    expect(cancelled(pathToFileURL(files.recoveryHtml).href)).toBe(false);
    expect(cancelled('https://evil.example/script.js')).toBe(true);
    expect(cancelled('http://localhost:5173/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled(`${pathToFileURL(files.rendererDir).href}/../../secrets.txt`)).toBe(true);
  });
});

describe('kiosk mode', () => {
  it('is full screen kiosk without a menu', () => {
    const { win } = open({ kiosk: true });
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
    expect(state.applicationMenu).toBeNull();
    expect(win.webContents.visualZoomLimits).toEqual([1, 1]);
  });

  it('runs windowed with a minimal menu (no reload, no devtools) outside kiosk mode', () => {
    const { win } = open();
    expect(win.options).toMatchObject({ kiosk: false, fullscreen: false });
    const roles = menuRoles(state.applicationMenu);
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools', 'viewMenu']) expect(roles).not.toContain(role);
  });

  it("keeps Electron's default menu (reload, devtools) for a development run", () => {
    open({ development: true });
    expect(state.applicationMenu).toBe(DEFAULT_MENU);
  });

  it('swallows reload, close, devtools and zoom shortcuts and lets ordinary keys through', () => {
    const { contents } = open({ kiosk: true });
    const swallowed = (input: ReturnType<typeof key>) => {
      const event = fakeEvent();
      contents.emit('before-input-event', event, input);
      return event.defaultPrevented;
    };
    expect(swallowed(key({ key: 'r', code: 'KeyR', control: true }))).toBe(true);
    expect(swallowed(key({ key: 'F5', code: 'F5' }))).toBe(true);
    expect(swallowed(key({ key: 'w', code: 'KeyW', meta: true }))).toBe(true);
    expect(swallowed(key({ key: 'F4', code: 'F4', alt: true }))).toBe(true);
    expect(swallowed(key({ key: 'I', code: 'KeyI', control: true, shift: true }))).toBe(true);
    expect(swallowed(key({ key: 'F12', code: 'F12' }))).toBe(true);
    expect(swallowed(key({ key: '+', code: 'Equal', control: true, shift: true }))).toBe(true);

    expect(swallowed(key({ key: 'a', code: 'KeyA' }))).toBe(false);
    expect(swallowed(key({ key: 'Tab', code: 'Tab' }))).toBe(false);
    // Ctrl/Cmd+L is the renderer's own lock shortcut: it must reach the page.
    expect(swallowed(key({ key: 'l', code: 'KeyL', control: true }))).toBe(false);
    expect(swallowed(key({ key: 'l', code: 'KeyL', meta: true }))).toBe(false);
    expect(swallowed(key({ key: 'v', code: 'KeyV', control: true }))).toBe(false);
  });

  it('does not swallow shortcuts outside kiosk mode', () => {
    const { contents } = open();
    const event = fakeEvent();
    contents.emit('before-input-event', event, key({ key: 'r', code: 'KeyR', control: true }));
    expect(event.defaultPrevented).toBe(false);
  });

  it('prevents closing the window until closing is allowed', () => {
    let allowed = false;
    const { win } = open({ kiosk: true, mayClose: () => allowed });
    const refused = fakeEvent();
    win.emit('close', refused);
    expect(refused.defaultPrevented).toBe(true);

    allowed = true;
    const accepted = fakeEvent();
    win.emit('close', accepted);
    expect(accepted.defaultPrevented).toBe(false);
  });

  it('lets an ordinary window close and saves its bounds', () => {
    const { win, saved } = open();
    win.maximized = true;
    const close = fakeEvent();
    win.emit('close', close);
    expect(close.defaultPrevented).toBe(false);
    expect(saved).toEqual([{ x: 10, y: 20, width: 900, height: 700, maximized: true }]);
  });
});

describe('bounds', () => {
  it('restores saved bounds and maximized state', () => {
    const { win } = open({ bounds: { x: 100, y: 50, width: 1000, height: 800, maximized: true } });
    expect(win.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 800 });
    expect(win.maximized).toBe(true);
  });

  it('drops a position that is on no connected display but keeps the size', () => {
    const areas = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(visibleBounds({ x: 5000, y: 5000, width: 800, height: 600, maximized: false }, areas)).toEqual({
      width: 800,
      height: 600,
    });
    expect(visibleBounds({ x: 1800, y: 900, width: 800, height: 600, maximized: false }, areas)).toEqual({
      x: 1800,
      y: 900,
      width: 800,
      height: 600,
    });
  });
});

describe('renderer crashes', () => {
  it('ends the window session, then reloads the sign-in page', async () => {
    const { win, contents, ended } = open();
    win.loadedUrls.length = 0;
    contents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 139 });
    await settle();
    expect(ended).toEqual([win.id]);
    expect(win.loadedUrls).toEqual([`${appPage}#/login`]);
  });

  it('kills a hung renderer, which then goes through the same recovery', async () => {
    const { win, contents, ended } = open();
    win.loadedUrls.length = 0;
    win.emit('unresponsive');
    await settle();
    expect(contents.crashCount).toBe(1);
    expect(ended).toEqual([win.id]);
    expect(win.loadedUrls).toEqual([`${appPage}#/login`]);
  });

  it('stops reloading after three crashes within a minute and shows the recovery page', async () => {
    let now = 1_000_000;
    const { win, contents, ended } = open({ now: () => now });
    win.loadedUrls.length = 0;
    const crash = async (atMs: number) => {
      now = atMs;
      contents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
      await settle();
    };
    await crash(1_000_000);
    await crash(1_020_000);
    expect(win.loadedUrls).toEqual([`${appPage}#/login`, `${appPage}#/login`]);
    await crash(1_050_000);
    expect(win.loadedUrls.at(-1)).toBe(pathToFileURL(files.recoveryHtml).href);
    await crash(1_200_000);
    expect(win.loadedUrls.at(-1)).toBe(pathToFileURL(files.recoveryHtml).href);
    expect(ended).toHaveLength(4);
  });

  it('keeps reloading when crashes are more than a minute apart', async () => {
    let now = 0;
    const { win, contents } = open({ now: () => now });
    win.loadedUrls.length = 0;
    for (const at of [0, 40_000, 80_000, 120_000, 160_000]) {
      now = at;
      contents.emit('render-process-gone', fakeEvent(), { reason: 'oom', exitCode: 1 });
      await settle();
    }
    expect(win.loadedUrls).toEqual(Array(5).fill(`${appPage}#/login`));
  });

  it('does nothing for a window that is already destroyed', async () => {
    const { win, contents, ended } = open();
    win.loadedUrls.length = 0;
    win.destroyed = true;
    contents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    await settle();
    expect(ended).toEqual([]);
    expect(win.loadedUrls).toEqual([]);
  });
});
