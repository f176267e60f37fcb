/** Starts and stops a harness process for one test, on its own data folder. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicySettings } from '../../src/main/core/types';
import { writePolicyValue } from '../../src/shared/policy-input';
import { cliOut, repoRoot, serverOut } from '../harness/build';

export interface HarnessOptions {
  /** In milliseconds, as the core holds it; handed to --policy with units (`2m`). */
  policy?: Partial<PolicySettings>;
  /** The harness's --kiosk, as the app's. */
  kiosk?: boolean;
  /** Runs on the fresh data folder before the harness opens it (CLI-only set-up, e.g. the directory). */
  prepare?: (dataDir: string) => Promise<void>;
  /** Issue 14: the folder "Back up now" writes to (the shell's dialog in the app). */
  backupDir?: string;
  /**
   * A first administrator made with the provisioning CLI before the app starts, as a kiosk's
   * staff do (issue 11: a kiosk never makes its first administrator from the screen).
   */
  setUpBy?: { username: string; email: string; password: string };
}

/** Runs the provisioning CLI on a data folder no app holds yet, with `input` on its standard input. */
export function runCli(dataDir: string, args: string[], input: string): void {
  const run = spawnSync(process.execPath, [cliOut, ...args, '--data-dir', dataDir], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    env: { ...process.env, GATEHOUSE_BCRYPT_COST: '4' },
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`${args[0]} failed (${run.status}): ${run.stderr}`);
}

/** The CLI's create-user --admin, as a kiosk's staff make the first administrator. */
export function provisionAdmin(dataDir: string, admin: NonNullable<HarnessOptions['setUpBy']>): void {
  runCli(dataDir, ['create-user', '--username', admin.username, '--email', admin.email, '--admin'], `${admin.password}\n`);
}

/** The --policy JSON as a person would write it: durations with their unit. */
export function policyArgument(policy: Partial<PolicySettings>): string {
  const written = Object.entries(policy).map(([key, value]) => [key, writePolicyValue(key as keyof PolicySettings, value)]);
  return JSON.stringify(Object.fromEntries(written));
}

export interface Harness {
  url: string;
  dataDir: string;
  /** Moves the core's clock forward (session expiry, lockout). */
  advanceClock(ms: number): Promise<void>;
  /** The OS locked the screen or slept, as the shell would report it for that window (issue 14). */
  systemLock(windowId: number): Promise<void>;
  /** Stops and starts the harness on the same data folder: an app restart. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function launch(dataDir: string, options: HarnessOptions): Promise<{ child: ChildProcess; url: string }> {
  // The bundled server global setup built (build-server.ts): about 0.75 s to start, not 1-1.3 s.
  const args = [serverOut, '--data-dir', dataDir, '--port', '0', '--test-clock'];
  if (options.policy) args.push('--policy', policyArgument(options.policy));
  if (options.kiosk) args.push('--kiosk');
  if (options.backupDir) args.push('--backup-dir', options.backupDir);
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, GATEHOUSE_BCRYPT_COST: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveReady, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`harness did not start within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /HARNESS_READY (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveReady({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`harness exited (${code}) before it was ready:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  if (options.prepare) await options.prepare(dataDir);
  if (options.setUpBy) provisionAdmin(dataDir, options.setUpBy);
  let running = await launch(dataDir, options);
  const harness: Harness = {
    get url() {
      return running.url;
    },
    dataDir,
    async advanceClock(ms) {
      const response = await fetch(new URL('/__harness/clock', running.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: ms }),
      });
      if (!response.ok) throw new Error(`clock: ${response.status}`);
    },
    async systemLock(windowId) {
      const response = await fetch(new URL('/__harness/system-lock', running.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ windowId }),
      });
      if (!response.ok) throw new Error(`system-lock: ${response.status}`);
    },
    async restart() {
      await stopChild(running.child);
      running = await launch(dataDir, options);
    },
    async stop() {
      await stopChild(running.child);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.test-keyring`, { force: true }); // the harness's stand-in for the OS keyring
    },
  };
  return harness;
}
