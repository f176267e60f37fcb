/** Opens a real core on a fresh temp folder, with a clock the test moves by hand. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { openGatehouse, type GatehouseHandle, type GatehouseOptions, type Hasher, type RememberStore } from '../../src/main/core';
import { bcryptCostOf } from '../../src/main/core/hasher';
import type { Channel, DataOf, PayloadOf } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import { normalizeUsername } from '../../src/shared/password-rules';
import type { SessionRow } from '../../src/main/core/sessions';
import { storePaths } from '../../src/main/core/store/files';
import { loadState } from '../../src/main/core/store/load-state';
import { MIGRATIONS } from '../../src/main/core/store/migrations';
import { decodeSnapshotFile, encodeSnapshotFile } from '../../src/main/core/store/snapshot-format';
import type { UserRow } from '../../src/main/core/users';

export const TEST_COST = 4;

export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function manualClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): TestClock {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
}

export interface TestCore {
  dir: string;
  core: GatehouseHandle;
  clock: TestClock;
  /** Calls a channel as window `windowId` of the app's own page. */
  call<C extends Channel>(channel: C, payload: PayloadOf<C>, windowId?: number): Promise<Result<DataOf<C>>>;
  reopen(extra?: Partial<GatehouseOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function openTestCore(options: Partial<GatehouseOptions> = {}, dir = tempDir()): Promise<TestCore> {
  const clock = manualClock();
  const open = (extra: Partial<GatehouseOptions> = {}) =>
    openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, clock: clock.now, warn: () => {}, ...options, ...extra });
  const test: TestCore = {
    dir,
    clock,
    core: await open(),
    call: (channel, payload, windowId = 1) =>
      test.core.invoke(channel, payload, { windowId, fromAppPage: true }) as never,
    async reopen(extra) {
      await test.core.close();
      test.core = await open(extra);
    },
    async close() {
      await test.core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return test;
}

export const STRONG_PASSWORD = 'correct horse battery staple';

export function registration(username: string, password = STRONG_PASSWORD) {
  return { username, email: `${username}@example.com`, password, confirmPassword: password };
}

/** Unwraps a successful Result or fails the test with the error it carried. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

export function expectError<T>(result: Result<T>, code: string) {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  if (result.error.code !== code) throw new Error(`expected ${code}, got ${result.error.code}: ${result.error.message}`);
  return result.error;
}

// ---------------------------------------------------------------------------------------------
// Looking at the database file from the outside, the way an auditor or a second process would:
// a separate sql.js instance reading (or rewriting) gatehouse.db on disk.
// ---------------------------------------------------------------------------------------------

let sqlJs: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: () => createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm') });
  return sqlJs;
}

/**
 * A fresh database with every migration before the one whose SQL contains `marker`, to test
 * what that migration does to rows already there; `migration` is its SQL.
 */
export async function databaseBeforeMigration(marker: string): Promise<{ db: Database; migration: string }> {
  const index = MIGRATIONS.findIndex((sql) => sql.includes(marker));
  if (index <= 0) throw new Error(`no migration after the first contains ${marker}`);
  const db = new (await loadSqlJs()).Database();
  for (const sql of MIGRATIONS.slice(0, index)) db.exec(sql);
  return { db, migration: MIGRATIONS[index]! };
}

export function dbPath(dir: string): string {
  return join(dir, 'gatehouse.db');
}

/**
 * The store as the next open would see it, read from disk without changing anything: the
 * snapshot (gatehouse.db) plus every journal record after it.
 */
export async function storeOnDisk(dir: string): Promise<{ db: Database; storeId: string; seq: number }> {
  const SQL = await loadSqlJs();
  const state = loadState(SQL, storePaths(dir), null, Date.now(), false);
  return { db: state.db, storeId: state.storeId, seq: state.seq };
}

/** The SQLite bytes inside one snapshot file (gatehouse.db or its backup), without the journal. */
export function snapshotDatabaseBytes(path: string): Uint8Array {
  const decoded = decodeSnapshotFile(readFileSync(path));
  if (decoded.kind === 'sqlite') return decoded.bytes;
  if (decoded.kind === 'snapshot') return decoded.sealed; // plain codec: the payload is the database
  throw new Error(`${path} is not a snapshot: ${decoded.reason}`);
}

/** Rows of `sql` run against the store as it is on disk right now (snapshot plus journal). */
export async function queryFile<T = Record<string, SqlValue>>(dir: string, sql: string, params: SqlValue[] = []): Promise<T[]> {
  const { db } = await storeOnDisk(dir);
  try {
    const statement = db.prepare(sql);
    try {
      statement.bind(params);
      const rows: T[] = [];
      while (statement.step()) rows.push(statement.getAsObject() as T);
      return rows;
    } finally {
      statement.free();
    }
  } finally {
    db.close();
  }
}

/**
 * Rewrites the store on disk; only call while no core has the directory open. The edit lands in
 * a snapshot at the journal's last sequence, so the journal before it is not replayed over it.
 */
export async function editFile(dir: string, edit: (db: Database) => void): Promise<void> {
  const { db, storeId, seq } = await storeOnDisk(dir);
  try {
    edit(db);
    writeFileSync(dbPath(dir), encodeSnapshotFile({ storeId, seq, codec: 'plain', keyId: null }, db.export()));
  } finally {
    db.close();
  }
}

/** Every row of every table, for "nothing changed" comparisons. */
export async function dumpFile(dir: string): Promise<Record<string, unknown[]>> {
  const tables = await queryFile<{ name: string }>(dir, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) dump[name] = await queryFile(dir, `SELECT * FROM "${name}" ORDER BY rowid`);
  return dump;
}

export interface AuditRow {
  id: number;
  at: number;
  event: string;
  user_id: number | null;
  actor_id: number | null;
  identifier: string | null;
  detail: string | null;
}

export function auditRows(dir: string, event?: string): Promise<AuditRow[]> {
  return event === undefined
    ? queryFile<AuditRow>(dir, 'SELECT * FROM audit_log ORDER BY id')
    : queryFile<AuditRow>(dir, 'SELECT * FROM audit_log WHERE event = ? ORDER BY id', [event]);
}

/** A users row as the file holds it: the core's own row type, read from the outside. */
export type StoredUser = UserRow;

export async function storedUser(dir: string, username: string): Promise<StoredUser | undefined> {
  const rows = await queryFile<StoredUser>(dir, 'SELECT * FROM users WHERE username_norm = ?', [normalizeUsername(username)]);
  return rows[0];
}

export type StoredSession = SessionRow;

export function storedSessions(dir: string): Promise<StoredSession[]> {
  return queryFile<StoredSession>(dir, 'SELECT * FROM sessions ORDER BY created_at, token_hash');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A RememberStore whose token the test can read, like the shell's electron-store entry. */
export function inspectableRememberStore(): RememberStore & { token: string | null; saves: number } {
  const store = {
    token: null as string | null,
    saves: 0,
    load: () => store.token,
    save: (next: string | null) => {
      store.token = next;
      store.saves++;
    },
  };
  return store;
}

export interface HasherCall {
  op: 'hash' | 'compare';
  /** The cost of the hash produced (hash) or compared against (compare). */
  cost: number | null;
}

export interface CountingHasher extends Hasher {
  /** Every call in order. */
  readonly calls: HasherCall[];
  /** One entry per compare(): the cost of the hash it was asked to check against. */
  readonly compares: (number | null)[];
  /** One entry per hash(): the cost asked for. */
  readonly hashes: number[];
  reset(): void;
}

/** Wraps a real hasher and records every piece of bcrypt work asked of it: tests assert work done, not time taken. */
export function countingHasher(inner: Hasher): CountingHasher {
  const calls: HasherCall[] = [];
  return {
    calls,
    get compares() {
      return calls.filter((call) => call.op === 'compare').map((call) => call.cost);
    },
    get hashes() {
      return calls.filter((call) => call.op === 'hash').map((call) => call.cost ?? 0);
    },
    reset: () => void calls.splice(0),
    hash: (password, cost) => {
      calls.push({ op: 'hash', cost });
      return inner.hash(password, cost);
    },
    compare: (password, hash) => {
      calls.push({ op: 'compare', cost: bcryptCostOf(hash) });
      return inner.compare(password, hash);
    },
    close: () => inner.close(),
  };
}

const APP_PAGE = { windowId: 1, fromAppPage: true } as const;

/** The raw door, for payloads the typed `call` would not allow. Without a caller: window 1 of the app page. */
export function invokeRaw(t: TestCore, channel: unknown, payload: unknown, ...caller: [unknown?]) {
  return t.core.invoke(channel, payload, caller.length > 0 ? caller[0] : APP_PAGE);
}

/** The app's own units, not copies of them. */
export { MINUTE_MS as MINUTE, HOUR_MS as HOUR, DAY_MS as DAY } from '../../src/shared/policy-settings';
