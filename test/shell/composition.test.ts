/**
 * The composition root (src/main/index.ts) started against the fake electron module and the
 * REAL core: a real store in a temp directory, real bcrypt (cost 4), real settings file. Each
 * test loads a fresh copy of the modules, as a fresh app launch would.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, SESSION_STATE_EVENT } from '../../src/shared/contract';
import type * as FakeElectron from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);
vi.mock('electron-store', async () => (await import('./conf-store')).electronStoreModule);

type Fake = typeof FakeElectron;
type Window = InstanceType<Fake['FakeBrowserWindow']>;

const ADMIN = { username: 'ada', email: 'ada@example.org', password: 'correct horse battery staple' };

let dataDir = '';
let fake: Fake | null = null;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-shell-'));
  vi.stubEnv('GATEHOUSE_DATA_DIR', dataDir);
  vi.stubEnv('GATEHOUSE_KIOSK', '');
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  vi.resetModules();
});

afterEach(async () => {
  // Quit like Electron would, so the core closes its store and bcrypt workers.
  const app = fake?.app;
  if (app && app.exitCode === null && app.listenerCount('will-quit') > 0) {
    for (const win of fake?.FakeBrowserWindow.all ?? []) win.destroyed = true;
    app.emit('will-quit', fake?.fakeEvent());
    await vi.waitFor(() => expect(app.exitCode).not.toBeNull(), { timeout: 20_000 });
  }
  fake = null;
  rmSync(dataDir, { recursive: true, force: true });
});

/** Loads src/main/index.ts as Electron would run it; resolves once it has a window or gave up. */
async function launch(before: (fake: Fake) => void = () => {}): Promise<Fake> {
  const loaded = await import('./fake-electron');
  loaded.resetFakeElectron();
  before(loaded);
  fake = loaded;
  await import('../../src/main/index');
  await vi.waitFor(
    () => {
      if (loaded.FakeBrowserWindow.all.length === 0 && loaded.app.exitCode === null && loaded.app.quitRequests === 0) {
        throw new Error('still starting');
      }
    },
    { timeout: 20_000 },
  );
  return loaded;
}

function theWindow(f: Fake): Window {
  const [win] = f.FakeBrowserWindow.all;
  if (!win) throw new Error('no window');
  return win;
}

/** Calls a channel as the renderer of `win` would, from its app page or from elsewhere. */
function call(f: Fake, win: Window, channel: string, payload: unknown, frameUrl = win.loadedUrls[0]) {
  const handler = f.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler({ sender: win.webContents, senderFrame: { url: frameUrl, parent: null } }, payload) as Promise<{
    ok: boolean;
    data?: { user?: { username: string } | null };
    error?: { code: string };
  }>;
}

async function provisionAdmin(policy: Record<string, unknown> = {}) {
  const { openGatehouse } = await import('../../src/main/core');
  const handle = await openGatehouse({ dataDir });
  const created = await handle.provisioning.createUser({ ...ADMIN, admin: true });
  expect(created.ok).toBe(true);
  if (Object.keys(policy).length > 0) expect((await handle.provisioning.setPolicy(policy)).ok).toBe(true);
  await handle.close();
}

describe('starting the app', () => {
  it('sandboxes every renderer, uses the chosen data directory and opens the sign-in page', async () => {
    const f = await launch();
    expect(f.app.sandboxEnabled).toBe(true);
    expect(f.app.getPath('userData')).toBe(join(dataDir, 'chromium-profile'));
    expect([...f.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const win = theWindow(f);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.loadedUrls).toHaveLength(1);
    // From source the main bundle's directory is src/main, so the page is src/renderer's.
    expect(win.loadedUrls[0]).toMatch(/^file:\/\/.*\/renderer\/index\.html#\/login$/);
    expect(win.options.kiosk).toBe(false);
  });

  it('quits at once when another instance holds the lock', async () => {
    const f = await launch((loaded) => {
      loaded.app.hasSingleInstanceLock = false;
    });
    expect(f.app.quitRequests).toBe(1);
    expect(f.FakeBrowserWindow.all).toHaveLength(0);
    expect(f.ipcHandlers.size).toBe(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const f = await launch();
    const win = theWindow(f);
    win.minimized = true;
    f.app.emit('second-instance');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
  });

  it('explains why it cannot start and exits with a non-zero code', async () => {
    const notADirectory = join(dataDir, 'a-file');
    writeFileSync(notADirectory, 'not a directory');
    vi.stubEnv('GATEHOUSE_DATA_DIR', notADirectory);
    const f = await launch();
    await vi.waitFor(() => expect(f.app.exitCode).toBe(1));
    expect(f.state.errorBoxes).toHaveLength(1);
    expect(f.state.errorBoxes[0]?.title).toBe('Gatehouse cannot start');
    expect(f.state.errorBoxes[0]?.content).toContain('a-file');
    expect(f.FakeBrowserWindow.all).toHaveLength(0);
  });
});

// Real scrypt at the production cost for every passphrase: see test/encryption/store-gate.test.ts.
describe('an encrypted store that needs a person (issue 12)', { timeout: 120_000 }, () => {
  const PASSPHRASE = 'a walk-up kiosk passphrase';

  /** The administrator, then passphrase mode, as the CLI would set them up before the app starts. */
  async function passphraseStore(policy: Record<string, unknown> = {}) {
    await provisionAdmin(policy);
    const { openGatehouse } = await import('../../src/main/core');
    const handle = await openGatehouse({ dataDir, encryption: { askSecret: () => Promise.resolve(PASSPHRASE) } });
    const on = await handle.provisioning.changeEncryption({ action: 'enable', mode: 'passphrase', passphrase: PASSPHRASE });
    expect(on.ok).toBe(true);
    await handle.close();
  }

  it('opens one window on the unlock screen; the passphrase opens the store, and the same window carries on as the app', async () => {
    await passphraseStore();
    const f = await launch();
    const win = theWindow(f);
    // Every channel is registered at once; before the store opens only the gate answers.
    expect([...f.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(await call(f, win, 'store:unlock-state', {})).toMatchObject({ ok: true, data: { state: 'asking', kind: 'passphrase' } });
    expect(await call(f, win, 'auth:login', { identifier: ADMIN.username, password: ADMIN.password })).toMatchObject({
      ok: false,
      error: { code: 'STORE_UNAVAILABLE' },
    });
    // Nobody is signed in yet: the session clock has nothing to say, and no session-state is pushed.
    expect(win.webContents.sent).toEqual([]);
    expect(await call(f, win, 'store:unlock', { secret: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(await call(f, win, 'store:unlock', { secret: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'open' } });

    expect(await call(f, win, 'auth:login', { identifier: ADMIN.username, password: ADMIN.password })).toMatchObject({ ok: true });
    expect(f.FakeBrowserWindow.getAllWindows()).toEqual([win]);
    // It is the app's window now: closing it ends its session, as any app window's does.
    expect(win.close()).toBe(true);
    await vi.waitFor(async () => {
      expect(await call(f, win, 'auth:session', {})).toMatchObject({ ok: true, data: { user: null } });
    });
    expect(f.state.errorBoxes).toEqual([]);
  });

  it('closing the unlock screen quits quietly and leaves the store as it was', async () => {
    await passphraseStore();
    const before = readFileSync(join(dataDir, 'gatehouse.db'));
    const f = await launch();
    expect(theWindow(f).close()).toBe(true);
    await vi.waitFor(() => expect(f.app.quitRequests).toBe(1));
    expect(f.state.errorBoxes).toEqual([]);
    expect(readFileSync(join(dataDir, 'gatehouse.db')).equals(before)).toBe(true);
  });

  it('closing the unlock screen while a right passphrase is being checked still quits, and the store is closed again', async () => {
    await passphraseStore();
    const f = await launch();
    const unlock = theWindow(f);
    const trying = call(f, unlock, 'store:unlock', { secret: PASSPHRASE });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Electron would quit by itself on the last window closing; the shell holds that until the gate settles.
    expect(f.app.listenerCount('window-all-closed')).toBeGreaterThan(0);
    expect(unlock.close()).toBe(true);
    expect(await trying).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
    await vi.waitFor(() => expect(f.app.quitRequests).toBe(1));
    expect(f.FakeBrowserWindow.getAllWindows()).toEqual([]);
    expect(f.state.errorBoxes).toEqual([]);
    // Closed again: the data folder's lock is free for the next start.
    expect(existsSync(join(dataDir, 'gatehouse.lock'))).toBe(false);
  });

  it('a store whose policy asks for kiosk mode replaces the unlock window with a kiosk window once open', async () => {
    await passphraseStore({ kioskMode: true });
    const f = await launch();
    const unlock = theWindow(f);
    expect(unlock.options.kiosk).toBe(false);
    expect(await call(f, unlock, 'store:unlock', { secret: PASSPHRASE })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(f.FakeBrowserWindow.getAllWindows()).toHaveLength(1));
    const [kioskWindow] = f.FakeBrowserWindow.getAllWindows();
    expect(kioskWindow).not.toBe(unlock);
    expect(kioskWindow!.options.kiosk).toBe(true);
    expect(f.app.quitRequests).toBe(0);
  });
});

describe('IPC into the real core', () => {
  it('serves the app page, refuses a foreign page, and ends the session when the window closes', async () => {
    await provisionAdmin();
    const f = await launch();
    const win = theWindow(f);

    const login = await call(f, win, 'auth:login', { identifier: ADMIN.username, password: ADMIN.password });
    expect(login).toMatchObject({ ok: true, data: { user: { username: ADMIN.username } } });
    expect(await call(f, win, 'auth:session', {})).toMatchObject({ ok: true, data: { user: { username: 'ada' } } });

    const foreign = await call(f, win, 'auth:session', {}, 'https://evil.example/');
    expect(foreign.ok).toBe(false);

    expect(win.close()).toBe(true);
    // The session slot of the closed window is gone: a renderer reusing that id is nobody.
    await vi.waitFor(async () => {
      expect(await call(f, win, 'auth:session', {})).toMatchObject({ ok: true, data: { user: null } });
    });
  });

  it('closes the core on will-quit and exits with code 0', async () => {
    const f = await launch();
    theWindow(f).destroyed = true;
    f.app.emit('will-quit', f.fakeEvent());
    await vi.waitFor(() => expect(f.app.exitCode).toBe(0), { timeout: 20_000 });
  });
});

describe('the operating system', () => {
  it('locks the signed-in session when the machine goes to sleep, and pushes the lock to the page', async () => {
    await provisionAdmin();
    const f = await launch();
    const win = theWindow(f);
    expect((await call(f, win, 'auth:login', { identifier: ADMIN.username, password: ADMIN.password })).ok).toBe(true);
    expect(await call(f, win, 'auth:session', {})).toMatchObject({ ok: true, data: { locked: false } });

    // 'suspend' is emitted on every platform ('lock-screen' is not on Linux; system-signals.test.ts).
    f.powerMonitor.emit('suspend');
    await vi.waitFor(() =>
      expect(win.webContents.sent.at(-1)).toEqual({ channel: SESSION_STATE_EVENT, args: [{ status: 'locked' }] }),
    );
    // No page reload: the renderer shows the pushed state.
    expect(win.webContents.reloadCount).toBe(0);
    // Still the same person, behind the lock.
    expect(await call(f, win, 'auth:session', {})).toMatchObject({
      ok: true,
      data: { user: { username: ADMIN.username }, locked: true },
    });
    expect((await call(f, win, 'session:unlock', { password: ADMIN.password })).ok).toBe(true);
    expect(await call(f, win, 'auth:session', {})).toMatchObject({ ok: true, data: { locked: false } });
  });

  it('stops listening to powerMonitor when the app quits', async () => {
    const f = await launch();
    expect(f.powerMonitor.listenerCount('lock-screen')).toBe(process.platform === 'linux' ? 0 : 1);
    expect(f.powerMonitor.listenerCount('suspend')).toBe(1);
    theWindow(f).destroyed = true;
    f.app.emit('will-quit', f.fakeEvent());
    await vi.waitFor(() => expect(f.app.exitCode).toBe(0), { timeout: 20_000 });
    expect(f.powerMonitor.listenerCount('lock-screen') + f.powerMonitor.listenerCount('suspend')).toBe(0);
  });
});

describe('shutting down', () => {
  const lockFile = () => join(dataDir, 'gatehouse.lock');

  it("closes a kiosk cleanly on powerMonitor's 'shutdown' and releases the data folder lock", async () => {
    await provisionAdmin({ kioskMode: true });
    const f = await launch();
    expect(existsSync(lockFile())).toBe(true);
    const shutdown = f.fakeEvent();
    f.powerMonitor.emit('shutdown', shutdown);
    // Electron delays the OS shutdown only while the handler asks it to.
    expect(shutdown.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(f.app.exitCode).toBe(0), { timeout: 20_000 });
    expect(theWindow(f).isDestroyed()).toBe(true);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('closes a kiosk cleanly on SIGTERM and releases the data folder lock', async () => {
    await provisionAdmin({ kioskMode: true });
    const f = await launch();
    process.emit('SIGTERM', 'SIGTERM');
    await vi.waitFor(() => expect(f.app.exitCode).toBe(0), { timeout: 20_000 });
    expect(existsSync(lockFile())).toBe(false);
    // Quitting stops listening, so a relaunch in the same process does not stack handlers.
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('kiosk', () => {
  it('runs as a kiosk when the stored policy asks, and only an accepted admin Exit kiosk lets it close', async () => {
    await provisionAdmin({ kioskMode: true });
    const f = await launch();
    const win = theWindow(f);
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(win.options.webPreferences.devTools).toBe(false);
    expect(win.close()).toBe(false);

    expect((await call(f, win, 'auth:login', { identifier: ADMIN.username, password: ADMIN.password })).ok).toBe(true);
    expect((await call(f, win, 'kiosk:exit', { password: 'wrong password entirely' })).ok).toBe(false);
    expect(f.app.quitRequests).toBe(0);
    expect(win.close()).toBe(false);

    expect((await call(f, win, 'kiosk:exit', { password: ADMIN.password })).ok).toBe(true);
    expect(f.app.quitRequests).toBe(1);
    // Quitting closed the window (its refusal lifted) and the app exits cleanly.
    expect(win.isDestroyed()).toBe(true);
    await vi.waitFor(() => expect(f.app.exitCode).toBe(0), { timeout: 20_000 });
    expect(f.FakeBrowserWindow.all).toHaveLength(1);
  });

  it("reopens a kiosk window on the sign-in screen when the page closes it with window.close()", async () => {
    await provisionAdmin({ kioskMode: true });
    const f = await launch();
    const first = theWindow(f);
    expect((await call(f, first, 'auth:login', { identifier: ADMIN.username, password: ADMIN.password })).ok).toBe(true);

    first.closeFromPage();
    expect(f.app.quitRequests).toBe(0);
    expect(f.app.exitCode).toBeNull();
    const second = f.FakeBrowserWindow.all[1];
    expect(second).toBeDefined();
    if (!second) return;
    expect(second.options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(second.loadedUrls).toEqual([expect.stringMatching(/#\/login$/)]);
    // Nobody is signed in at the new window, and the old window's session is gone.
    expect(await call(f, second, 'auth:session', {})).toMatchObject({ ok: true, data: { user: null } });
    await vi.waitFor(async () => {
      expect(await call(f, first, 'auth:session', {})).toMatchObject({ ok: true, data: { user: null } });
    });
    // The new window refuses an ordinary close just like the first one.
    expect(second.close()).toBe(false);
  });

  it('lets an ordinary window close from the page quit the app as usual', async () => {
    const f = await launch();
    theWindow(f).closeFromPage();
    await vi.waitFor(() => expect(f.app.exitCode).toBe(0), { timeout: 20_000 });
    expect(f.FakeBrowserWindow.all).toHaveLength(1);
  });

  it('runs as a kiosk with GATEHOUSE_KIOSK=1', async () => {
    vi.stubEnv('GATEHOUSE_KIOSK', '1');
    const f = await launch();
    expect(theWindow(f).options.kiosk).toBe(true);
    expect(f.state.applicationMenu).toBeNull();
  });
});
