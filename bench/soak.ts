/**
 * The soak (issue 12): `npm run soak -- --rounds N [--seed S] [--checkpoint-bytes B] [--encrypted]`.
 *
 * Each round starts bench/soak-child.ts on one data folder, lets it write for a random moment
 * (0–400 ms after it is ready, sometimes during open), kills it with SIGKILL, then opens the
 * folder in this process and checks that every row the child acknowledged is there. It counts
 * the kills that landed while a checkpoint was in flight (a new journal started but the snapshot
 * not yet replaced, or the snapshot's temp file on disk). Prints a summary; exits 1 when any
 * acknowledged write was lost or any open needed a recovery.
 *
 * `--encrypted`: the store is sealed with a random AES-256-GCM key made for the run (journal
 * records and snapshots), as with encryption at rest on.
 *
 * The child and the checkpoint worker are bundled once with esbuild (test/support/bundle.ts), as the app is
 * built, so that a round does not pay tsx's start-up.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openStore } from '../src/main/core/store/database';
import { listJournals } from '../src/main/core/store/load-state';
import { storePaths } from '../src/main/core/store/files';
import { decodeSnapshotFile } from '../src/main/core/store/snapshot-format';
import { mulberry32 } from '../test/support/reliability';
import { bundledProgram } from '../test/support/bundle';
import { soakSealing } from './soak-sealing';

const ROOT = resolve(import.meta.dirname, '..');

function option(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return fallback;
  const value = args[index]!.includes('=') ? args[index]!.split('=')[1] : args[index + 1];
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`--${name} needs a whole number`);
  return parsed;
}

const rounds = option('rounds', 30);
const seed = option('seed', 20_261_129);
const checkpointBytes = option('checkpoint-bytes', 32 * 1024);
const encrypted = process.argv.includes('--encrypted');
/** The run's key, handed to each child in its environment (never a file). */
const sealingSpec = encrypted ? JSON.stringify({ storeId: randomBytes(16).toString('hex'), keyId: randomBytes(8).toString('hex'), key: randomBytes(32).toString('hex') }) : '';
const sealing = soakSealing(sealingSpec);
/** The child, bundled with the checkpoint worker as the app is built: a round does not pay tsx's start-up. */
const CHILD = [await bundledProgram(ROOT, 'soak', 'bench/soak-child.ts')];

interface Round {
  acked: string[];
  sawReady: boolean;
  checkpointInFlight: boolean;
}

const newestJournalBase = (dir: string) => Math.max(-1, ...listJournals(storePaths(dir)).map((journal) => journal.baseSeq));

/** Whether the files show a checkpoint this round started and had not finished: a journal
 *  started this round after the snapshot's sequence (rotated, not yet checkpointed), or the
 *  snapshot's temp file present. */
function checkpointInFlight(dir: string, baseBefore: number): boolean {
  const paths = storePaths(dir);
  if (existsSync(paths.temp)) return true;
  let snapshotSeq: number;
  try {
    const decoded = decodeSnapshotFile(readFileSync(paths.db));
    if (decoded.kind !== 'snapshot') return false;
    snapshotSeq = decoded.seq;
  } catch {
    return false;
  }
  return listJournals(paths).some((journal) => journal.baseSeq > snapshotSeq && journal.baseSeq > baseBefore);
}

function runAndKill(dir: string, prefix: string, killAfterMs: number, fromSpawn: boolean): Promise<Round> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...CHILD, dir, prefix], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GATEHOUSE_CHECKPOINT_BYTES: String(checkpointBytes), GATEHOUSE_SOAK_SEALING: sealingSpec },
    });
    const acked: string[] = [];
    let sawReady = false;
    let pending = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let inFlight = false;
    const baseBefore = newestJournalBase(dir);
    const kill = () => {
      inFlight = checkpointInFlight(dir, baseBefore); // sampled at the kill: the child is still running
      child.kill('SIGKILL');
    };
    const arm = () => (timer ??= setTimeout(kill, killAfterMs));
    if (fromSpawn) arm();
    const cap = setTimeout(kill, 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line === 'READY') {
          sawReady = true;
          arm();
        } else if (line.startsWith('ACK ')) acked.push(line.slice(4));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(cap);
      if (signal !== 'SIGKILL') reject(new Error(`soak child ended by itself (code ${code}):\n${stderr}`));
      else resolvePromise({ acked, sawReady, checkpointInFlight: inFlight });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-soak-'));
const random = mulberry32(seed);
const started = Date.now();
const loadAtStart = loadavg()[0]!;
let acknowledged = 0;
let lost = 0;
let recoveries = 0;
let killsInCheckpoint = 0;
let killsAfterReady = 0;
const everAcked: string[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    const fromSpawn = random() < 0.1; // some kills land during open
    const killAfterMs = Math.floor(random() * (fromSpawn ? 1_500 : 400));
    const outcome = await runAndKill(dir, `r${round}`, killAfterMs, fromSpawn);
    everAcked.push(...outcome.acked);
    acknowledged += outcome.acked.length;
    if (outcome.sawReady) killsAfterReady++;
    if (outcome.checkpointInFlight) killsInCheckpoint++;
    const store = await openStore({ dir, now: Date.now(), checkpoints: 'inline', sealing });
    try {
      if (store.recovery) {
        recoveries++;
        console.error(`round ${round}: open needed a recovery: ${store.recovery.message}`);
      }
      const present = new Set(store.all<{ key: string }>('SELECT key FROM settings').map((row) => row.key));
      const missing = everAcked.filter((key) => !present.has(key));
      if (missing.length > 0) {
        lost += missing.length;
        console.error(`round ${round}: ${missing.length} acknowledged writes lost, e.g. ${missing.slice(0, 3).join(', ')}`);
        everAcked.splice(0, everAcked.length, ...everAcked.filter((key) => present.has(key))); // count each loss once
      }
    } finally {
      await store.close();
    }
    if ((round + 1) % 25 === 0) {
      console.log(`… ${round + 1} rounds, ${acknowledged} acknowledged, ${lost} lost, ${killsInCheckpoint} kills during a checkpoint`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dirname(CHILD[0]!), { recursive: true, force: true });
}
const seconds = (Date.now() - started) / 1000;
console.log(
  [
    `# Soak: ${rounds} SIGKILL rounds (seed ${seed}, checkpoint every ${checkpointBytes} journal bytes, encryption ${encrypted ? 'on' : 'off'})`,
    `- acknowledged writes: ${acknowledged}`,
    `- acknowledged writes lost: ${lost}`,
    `- opens that needed a recovery: ${recoveries}`,
    `- kills after the store was open: ${killsAfterReady}; kills while a checkpoint was in flight: ${killsInCheckpoint}`,
    `- ${seconds.toFixed(0)} s; load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at the end`,
  ].join('\n'),
);
process.exitCode = lost > 0 || recoveries > 0 ? 1 : 0;
