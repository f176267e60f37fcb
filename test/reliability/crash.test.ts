/**
 * Crash: a child process registers and signs in users on one data folder and is killed with
 * SIGKILL at random moments (during open, between writes, in the middle of a durable write).
 * After every kill the same folder must open, hold every account the child reported as
 * registered (each signs in with its password), pass SQLite's own integrity check, and the lock
 * the dead child left behind must be taken over rather than block the next start.
 */
import { lockOwnerPid } from '../../src/main/core/store/lock';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledProgram } from '../support/bundle';
import { openGatehouse } from '../../src/main/core';
import { CHECKPOINT_TROUBLE, filesIn, integrityOf, mulberry32, reliabilitySeed } from '../support/reliability';

const ROOT = resolve(import.meta.dirname, '../..');
/** The child, bundled as the app is built (test/support/bundle.ts): it starts in a fraction of
 *  tsx's time, and its checkpoints use the built worker, as the app's do. */
let childProgram = '';
beforeAll(async () => {
  childProgram = await bundledProgram(ROOT, 'test-crash', 'test/reliability/crash-child.ts');
}, 60_000);
afterAll(() => rmSync(dirname(childProgram), { recursive: true, force: true }));
const ROUNDS = Number(process.env.GATEHOUSE_CRASH_ROUNDS ?? 30);

interface Account {
  username: string;
  password: string;
}

interface RoundOutcome {
  pid: number;
  sawReady: boolean;
  reported: Account[];
}

/** When the kill timer starts: at spawn (the kill may land in open), at READY, or at the first registration. */
type Anchor = 'spawn' | 'ready' | 'registered';

/** Runs the child until a random moment, then SIGKILLs it and reports what it had promised. */
function runAndKill(dir: string, prefix: string, killAfterMs: number, anchor: Anchor): Promise<RoundOutcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [childProgram, dir, prefix], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A small journal threshold, so kills also land while a checkpoint is being written.
      env: { ...process.env, GATEHOUSE_BCRYPT_COST: '4', GATEHOUSE_CHECKPOINT_BYTES: '16384' },
    });
    const reported: Account[] = [];
    let sawReady = false;
    let pending = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    };
    if (anchor === 'spawn') arm();
    // Bounded whatever happens: a child that never reaches its anchor is killed anyway.
    const cap = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      // Only complete lines count: a half-written line is a promise the child never finished making.
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line === 'READY') {
          sawReady = true;
          if (anchor === 'ready') arm();
        } else if (line.startsWith('REGISTERED ')) {
          reported.push(JSON.parse(line.slice('REGISTERED '.length)) as Account);
          if (anchor === 'registered') arm();
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(cap);
      if (signal !== 'SIGKILL') {
        reject(new Error(`crash child ended by itself (code ${code}, signal ${signal}):\n${stderr}`));
        return;
      }
      // Checkpoints must have run in the worker, as the app's do: a worker that cannot start
      // makes the store fall back to checkpoints on the main thread, and says so.
      if (CHECKPOINT_TROUBLE.test(stderr)) {
        reject(new Error(`the child's checkpoints failed:\n${stderr}`));
        return;
      }
      resolvePromise({ pid: child.pid!, sawReady, reported });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash (SIGKILL at random moments)', () => {
  it(
    `keeps every reported registration through ${ROUNDS} kills on one data folder`,
    async () => {
      const random = mulberry32(reliabilitySeed('crash', 20_260_105));
      const everReported: Account[] = [];
      let locksTakenOver = 0;
      let killsAfterReady = 0;
      let registeredAnchors = 0;
      const started = Date.now();

      for (let round = 0; round < ROUNDS; round++) {
        // Most kills land while the loop writes (timed from its first registration); some from
        // READY (the first bcrypt worker starting, the first writes); some from process start,
        // which includes the store's open, migration and first write.
        const pick = random();
        const anchor: Anchor = pick < 0.15 ? 'spawn' : pick < 0.35 ? 'ready' : 'registered';
        if (anchor === 'registered') registeredAnchors++;
        const killAfterMs = Math.floor(random() * (anchor === 'spawn' ? 1_500 : 400));
        const outcome = await runAndKill(dir, `r${round}`, killAfterMs, anchor);
        if (outcome.sawReady) killsAfterReady++;
        everReported.push(...outcome.reported);

        const lockPath = join(dir, 'gatehouse.lock');
        if (outcome.sawReady) {
          // The child held the lock when it died: the file names a process that no longer exists.
          expect(existsSync(lockPath), `round ${round}: the dead child's lock file`).toBe(true);
          expect(lockOwnerPid(readFileSync(lockPath, 'utf8'))).toBe(outcome.pid);
        }
        if (existsSync(lockPath)) locksTakenOver++;

        // What this side's store had to say (a checkpoint that failed, say) names the cause of a
        // failure below.
        const warnings: string[] = [];
        const core = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: (message) => warnings.push(message) });
        try {
          // A kill is not a power cut: a torn journal tail was never acknowledged and is dropped
          // quietly, the snapshot's rename is all-or-nothing, so no restore is ever needed.
          expect(core.recovery, `round ${round}: recovery`).toBeNull();
          const results = await Promise.all(
            everReported.map((account, index) =>
              core.invoke(
                'auth:login',
                { identifier: account.username, password: account.password },
                { windowId: 1_000 + index, fromAppPage: true },
              ),
            ),
          );
          const missing = everReported.filter((_, index) => !results[index]!.ok).map((account) => account.username);
          expect(missing, `round ${round}: reported accounts that cannot sign in`).toEqual([]);
        } finally {
          await core.close();
        }
        expect(await integrityOf(join(dir, 'gatehouse.db')), `round ${round}: integrity_check`).toBe('ok');
        const backup = join(dir, 'gatehouse.db.backup');
        if (existsSync(backup)) expect(await integrityOf(backup), `round ${round}: backup integrity_check`).toBe('ok');
        // No debris piles up: temp and staging files from the killed write were cleaned up by
        // the next open and write, and the lock was released on close. What stays: the snapshot,
        // its backup and the journals they still need (at most a few).
        const journals = filesIn(dir).filter((name) => /^gatehouse\.db\.journal-\d{16}$/.test(name));
        expect(journals.length, `round ${round}: journals`).toBeGreaterThanOrEqual(1);
        expect(journals.length, `round ${round}: journals`).toBeLessThanOrEqual(3);
        expect(
          filesIn(dir).filter((name) => !journals.includes(name)),
          `round ${round}: files left (warnings: ${warnings.join(' | ') || 'none'})`,
        ).toEqual(['gatehouse.db', 'gatehouse.db.backup']);
      }

      console.log(
        `[reliability] crash: ${ROUNDS} rounds in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
          `${everReported.length} reported registrations all present, ${killsAfterReady} kills after open, ` +
          `${locksTakenOver} stale locks taken over`,
      );
      // The test exercised what it claims: most kills hit a running store, and every round timed
      // from a registration had at least one reported account to lose.
      expect(killsAfterReady).toBeGreaterThanOrEqual(ROUNDS / 2);
      expect(everReported.length).toBeGreaterThanOrEqual(registeredAnchors);
    },
    180_000,
  );
});
