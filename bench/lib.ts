/**
 * Shared pieces of the benchmark: statistics, an event-loop stall probe, seeding a store file
 * directly (bcrypt-hashing 100,000 accounts one by one would take hours), and table printing.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../src/main/core/store/migrations';

const require = createRequire(import.meta.url);

/**
 * better-sqlite3, the store peer, is an optionalDependency: it compiles from source where no
 * prebuilt binary can be fetched, and `npm install` must not fail for want of a compiler.
 * Null when it is not installed (or its native addon does not load); the bench then skips it.
 */
export function loadPeerSqlite(): typeof BetterSqlite3 | null {
  try {
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    new Database(':memory:').close(); // the native addon loads here, not at require
    return Database;
  } catch {
    return null;
  }
}

export const BENCH_PASSWORD = 'bench passphrase 2026';
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The probes' tick, in milliseconds. */
const PROBE_TICK_MS = 1;

/**
 * How long the event loop could not run a callback (a stall). Two probes tick every millisecond:
 * Node's `monitorEventLoopDelay` histogram, and an interval whose late firings are measured
 * directly (drift). The larger figure of the two is reported.
 *
 * The histogram records the whole time between its ticks (Node's RecordDelta, nodejs/node#62935:
 * "samples had an implicit floor of resolution ms"), so an idle loop shows 1.1 ms at p50. The
 * tick is taken off its figures, as it is off the drift's: a stall is time beyond the tick.
 */
export function stallProbe() {
  const histogram = monitorEventLoopDelay({ resolution: PROBE_TICK_MS });
  histogram.enable();
  let last = performance.now();
  let maxDrift = 0;
  const drifts: number[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    const drift = now - last - PROBE_TICK_MS;
    drifts.push(drift);
    maxDrift = Math.max(maxDrift, drift);
    last = now;
  }, PROBE_TICK_MS);
  const beyondTick = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - PROBE_TICK_MS);
  return {
    /** The maximum, and the 99th percentile of the stalls (the larger of the two probes'). */
    stop(): { max: number; p99: number } {
      clearInterval(timer);
      histogram.disable();
      return {
        max: Math.max(maxDrift, beyondTick(histogram.max)),
        p99: Math.max(percentile(drifts, 99), beyondTick(histogram.percentile(99))),
      };
    },
  };
}

export interface SeedOptions {
  accounts: number;
  /** The one bcrypt hash every seeded account gets (computed once, at the cost of the test). */
  hash: string;
  /** Accounts 0..n-1 get this hash instead (e.g. a cost-12 hash for the end-to-end sign-in). */
  specialHash?: { count: number; hash: string };
}

export const seededUsername = (i: number) => `user${i}`;

/**
 * Writes a Gatehouse database with `accounts` users straight into a file, through the real
 * schema (MIGRATIONS), marked as ours (application_id, user_version) so the core opens it as
 * its own. Rollback-journal mode, so the file is complete on its own and can be copied.
 */
export async function seedStoreFile(path: string, options: SeedOptions): Promise<void> {
  // sql.js (the app's own engine, always installed), so seeding never needs the optional peer.
  const SQL = await initSqlJs({ locateFile: () => require.resolve('sql.js/dist/sql-wasm.wasm') });
  const db = new SQL.Database();
  try {
    db.exec('BEGIN');
    for (const migration of MIGRATIONS) db.exec(migration);
    db.exec('COMMIT');
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    const insert = db.prepare(
      `INSERT INTO users (username, username_norm, email, email_norm, password_hash, role, created_at, updated_at, password_changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.exec('BEGIN');
    for (let i = 0; i < options.accounts; i++) {
      const username = seededUsername(i);
      const email = `${username}@bench.example`;
      const hash = options.specialHash && i < options.specialHash.count ? options.specialHash.hash : options.hash;
      insert.run([username, username, email, email, hash, i === 0 ? 'admin' : 'user', START, START, START]);
    }
    insert.free();
    db.exec('COMMIT');
    db.exec('VACUUM');
    writeFileSync(path, db.export());
  } finally {
    db.close();
  }
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  /** The peer's SQLite version, or null when better-sqlite3 is not installed. */
  sqlite: string | null;
}

export function machine(): Machine {
  const Database = loadPeerSqlite();
  let sqlite: string | null = null;
  if (Database) {
    const db = new Database(':memory:');
    sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    db.close();
  }
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux
  }
  return { cpu, cores: availableParallelism(), node: process.version, sqlite };
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const mb = bytes / 1_048_576;
  return mb >= 1 ? `${mb.toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

/** A plain-text table with aligned columns (Markdown-compatible, so it pastes into the README). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
