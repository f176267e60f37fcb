/**
 * The Electron suite's fixtures: every test gets its own data folder and may launch the built
 * app on it as often as it needs (a relaunch is a second launch on the same folder). Every app a
 * test launched is stopped afterwards, kiosk or not. Also: the provisioning CLI, and a few
 * questions put to the main process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, test as base, expect, type ElectronApplication, type Page } from '@playwright/test';
import { ELECTRON_MISSING_MESSAGE, findElectronBinary } from '../../../scripts/electron-binary.mjs';
import type { Account } from '../../support/fixtures';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
/** What `electron .` runs (package.json "main"), built by `electron-vite build`. */
export const builtMain = join(repoRoot, 'out', 'main', 'index.js');

/** Set by scripts/test-electron.mjs; found the same way (never via require('electron')) otherwise. */
export function electronPath(): string | null {
  return process.env.GATEHOUSE_ELECTRON_PATH || findElectronBinary();
}

/** Cheap bcrypt, and nothing inherited that would change which data, page or mode the app opens. */
function appEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  for (const key of ['GATEHOUSE_DATA_DIR', 'GATEHOUSE_KIOSK', 'ELECTRON_RENDERER_URL', 'ELECTRON_RUN_AS_NODE']) {
    delete env[key];
  }
  env.GATEHOUSE_BCRYPT_COST = '4';
  return env;
}

export interface LaunchOptions {
  kiosk?: boolean;
}

export interface RunningApp {
  electron: ElectronApplication;
  /** The app's one window. */
  page: Page;
}

async function launchApp(dataDir: string, options: LaunchOptions): Promise<RunningApp> {
  const executablePath = electronPath();
  if (executablePath === null) throw new Error(ELECTRON_MISSING_MESSAGE);
  const args = ['.', `--data-dir=${dataDir}`];
  if (options.kiosk) args.push('--kiosk');
  const electron = await _electron.launch({ executablePath, args, cwd: repoRoot, env: appEnv(), timeout: 60_000 });
  const page = await electron.firstWindow();
  return { electron, page };
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Quits the app and waits for its process to end. A kiosk refuses to quit (that is the point),
 * so a polite close gets a few seconds and then the process is killed.
 */
export async function stopApp(electron: ElectronApplication): Promise<void> {
  const child = electron.process();
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await Promise.race([electron.close().catch(() => undefined), delay(10_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}

export const test = base.extend<{ dataDir: string; launch: (options?: LaunchOptions) => Promise<RunningApp> }>({
  // Playwright reads a fixture's dependencies from its first parameter, which must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-electron-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  launch: async ({ dataDir }, use, testInfo) => {
    const launched: RunningApp[] = [];
    await use(async (options = {}) => {
      const app = await launchApp(dataDir, options);
      launched.push(app);
      return app;
    });
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const [index, app] of launched.entries()) {
        if (app.page.isClosed()) continue;
        await app.page.screenshot({ path: testInfo.outputPath(`window-${index + 1}.png`) }).catch(() => undefined);
      }
    }
    for (const app of launched) await stopApp(app.electron);
  },
});

export { expect };

export interface CliOutcome {
  code: number | null;
  output: string;
}

/** `npm run gatehouse -- …args --data-dir DIR`, with `stdin` typed into it. */
export function gatehouseCli(dataDir: string, args: string[], stdin = ''): Promise<CliOutcome> {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'gatehouse-cli.mjs'), ...args, '--data-dir', dataDir], {
    cwd: repoRoot,
    env: appEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => done({ code, output }));
  });
}

/** Provisions an account before launch, the way a kiosk image is built. */
export async function provisionAccount(dataDir: string, who: Account, admin: boolean): Promise<void> {
  const args = ['create-user', '--username', who.username, '--email', who.email];
  if (admin) args.push('--admin');
  const outcome = await gatehouseCli(dataDir, args, `${who.password}\n`);
  expect(outcome.code, outcome.output).toBe(0);
}

/** `set-policy KEY VALUE`, as a person types it: durations with a unit (`1m`, `12h`). */
export async function setPolicy(dataDir: string, key: string, value: string): Promise<void> {
  const outcome = await gatehouseCli(dataDir, ['set-policy', key, value]);
  expect(outcome.code, outcome.output).toBe(0);
}

export function isKiosk(electron: ElectronApplication): Promise<boolean> {
  return electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isKiosk() ?? false);
}

export function windowCount(electron: ElectronApplication): Promise<number> {
  return electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
}

/** What the operating system would send: the screen was locked, or the machine goes to sleep. */
export function emitPowerEvent(electron: ElectronApplication, event: 'lock-screen' | 'suspend'): Promise<void> {
  return electron.evaluate(({ powerMonitor }, name) => {
    powerMonitor.emit(name);
  }, event);
}

/**
 * Makes the machine look untouched for a day. Otherwise any input on the machine running the
 * tests (a developer's mouse) would count as activity and keep sessions alive, as it should.
 */
export function pretendMachineIsIdle(electron: ElectronApplication): Promise<void> {
  return electron.evaluate(({ powerMonitor }) => {
    powerMonitor.getSystemIdleTime = () => 24 * 60 * 60;
  });
}
