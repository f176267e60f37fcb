/**
 * Reading SQLite bytes with sql.js: loading the engine once per wasm file, and deciding what a
 * database is (ours, empty, damaged, someone else's, newer) without changing it.
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { APPLICATION_ID, SCHEMA_VERSION } from './migrations';
import { roomAfter, roomFor } from './room-to-grow';

const sqlJsByWasm = new Map<string, Promise<SqlJsStatic>>();

/**
 * SQLite runs on V8's baseline WebAssembly compiler (Liftoff) only, never tiered up to TurboFan.
 * Tier-up recompiles sql.js's hot functions (its bytecode engine among them) while they run, on
 * the same two cores as the main thread. Measured at 100,000 accounts, in a new process: an open
 * with a full journal (its replay is what makes the engine hot) took 390-400 ms with tier-up and
 * 142-160 ms without; registrations and sign-ins took the same time either way (p50 4.4 / 4.1 ms
 * against 4.5 / 4.1 ms: sql.js is a small part of a call) and stalled the main thread less (p99
 * 3.5 against 2.6 ms). `--liftoff-only` is the one flag that says exactly this (V8 lists it "for
 * testing"; `--no-wasm-tier-up` alone left dynamic tiering on: 290 ms). The flag is the process's,
 * whose only WebAssembly is sql.js; Node and Electron leave V8's flags settable after start, and an
 * unknown flag is ignored with a warning, so a V8 without it opens as before.
 */
function keepWebAssemblyOnLiftoff(): void {
  setFlagsFromString('--liftoff-only');
}

export function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  const path = wasmPath ?? createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  let loading = sqlJsByWasm.get(path);
  if (!loading) {
    keepWebAssemblyOnLiftoff(); // before the module is compiled: tiering is decided then
    loading = initSqlJs({ locateFile: () => path });
    sqlJsByWasm.set(path, loading);
  }
  return loading;
}

export type Inspection =
  | { kind: 'ours'; db: Database }
  | { kind: 'empty'; db: Database }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'foreign' }
  | { kind: 'newer'; version: number };

/** SQLite's own consistency check of a database: null when it passes, else what it found. */
export function quickCheckFailure(db: Database): string | null {
  const check = scalar(db, 'PRAGMA quick_check');
  return check === 'ok' ? null : String(check);
}

/**
 * sql.js keeps the database in Emscripten's in-memory file system, and durability is the store's
 * own journal's job, so SQLite's rollback journal file, its syncs and its lock checks are wasted
 * work there: every transaction created, wrote and deleted a journal file in that file system
 * (about 4 ms of an 11 ms registration at 10,000 accounts). The rollback journal goes to memory
 * (ROLLBACK still works), syncs are skipped, and the lock is taken once. Settings of the
 * connection: applied to every new one (sql.js 1.16's `export()` keeps it, a test checks).
 */
export function tuneInMemoryConnection(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY');
}

export function scalar(db: Database, sql: string): SqlValue {
  const result = db.exec(sql);
  return result[0]?.values[0]?.[0] ?? null;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** The header's page count is the database's size only while its change counter matches offset 92. */
function headerSizeIsValid(bytes: Uint8Array): boolean {
  if (bytes.length < 100) return false;
  const header = new DataView(bytes.buffer, bytes.byteOffset, 100);
  return header.getUint32(24) === header.getUint32(92) && header.getUint32(28) > 0;
}

/**
 * sql.js copies the bytes it opens (with `slice`): a second whole-database array, about 30 ms
 * at 100,000 accounts. This view's `slice` returns a view instead, so sql.js takes the memory as
 * it is. Used only for memory made by room-to-grow.ts, which nothing else holds on to. Should a
 * later sql.js stop calling `slice`, it copies as before: slower, not wrong, and
 * test/store/room-to-grow.test.ts fails so that someone notices.
 */
class HandedOver extends Uint8Array {
  override slice(start = 0, end = this.length): Uint8Array<ArrayBuffer> {
    const from = Math.min(Math.max(start, 0), this.length);
    return new Uint8Array(this.buffer as ArrayBuffer, this.byteOffset + from, Math.max(Math.min(end, this.length) - from, 0));
  }
}

/**
 * A connection to `bytes`. When they were read or unsealed with room to grow (room-to-grow.ts),
 * sql.js gets that memory itself, room included, and makes no copy; otherwise it copies them.
 * Room only when the header's page count is valid: otherwise SQLite would take the zeros for
 * pages.
 */
export function openDatabaseBytes(SQL: SqlJsStatic, bytes: Uint8Array): Database {
  const room = roomFor(bytes.length);
  if (!headerSizeIsValid(bytes) || roomAfter(bytes) < room) return new SQL.Database(bytes);
  return new SQL.Database(new HandedOver(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length + room));
}

/**
 * A file cut short, judged from its header. SQLite reads the missing tail as zeros and
 * quick_check can still say "ok", so a truncated last page would silently blank rows.
 */
function truncation(bytes: Uint8Array): string | null {
  if (bytes.length < 100 || new TextDecoder().decode(bytes.subarray(0, 16)) !== SQLITE_MAGIC) return null;
  const header = new DataView(bytes.buffer, bytes.byteOffset, 100);
  const rawPageSize = header.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return null; // not a valid header: SQLite will say so
  // The page count at offset 28 is only meaningful while the change counter matches offset 92.
  const pageCountValid = header.getUint32(24) === header.getUint32(92);
  const expected = pageCountValid ? header.getUint32(28) * pageSize : 0;
  if (bytes.length % pageSize !== 0 || bytes.length < expected) {
    return `the file is shorter than its header says (${bytes.length} bytes, expected ${expected || 'whole pages'})`;
  }
  return null;
}

/**
 * Decides what a file is without changing it. `quickCheck` false: the bytes are a snapshot whose
 * own checksum (and, sealed, GCM tag) just proved them to be exactly what a checkpoint wrote, and
 * every checkpoint ran `quick_check` before writing (checkpoint.ts), so open need not pay SQLite's
 * whole-file check again (about 185 ms of a 246 ms open at 100,000 accounts).
 */
export function inspect(SQL: SqlJsStatic, bytes: Uint8Array, { quickCheck = true }: { quickCheck?: boolean } = {}): Inspection {
  if (bytes.length === 0) return { kind: 'corrupt', reason: 'the file is empty' };
  const cut = truncation(bytes);
  if (cut) return { kind: 'corrupt', reason: cut };
  let db: Database | undefined;
  try {
    db = openDatabaseBytes(SQL, bytes);
    const check = quickCheck ? scalar(db, 'PRAGMA quick_check') : 'ok';
    if (check !== 'ok') {
      db.close();
      return { kind: 'corrupt', reason: `the integrity check failed (${String(check)})` };
    }
    const appId = Number(scalar(db, 'PRAGMA application_id'));
    const version = Number(scalar(db, 'PRAGMA user_version'));
    const tables = Number(scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"));
    if (appId !== APPLICATION_ID) {
      db.close();
      return appId === 0 && tables === 0 && version === 0 ? { kind: 'empty', db: new SQL.Database() } : { kind: 'foreign' };
    }
    if (version > SCHEMA_VERSION) {
      db.close();
      return { kind: 'newer', version };
    }
    return { kind: 'ours', db };
  } catch (error) {
    db?.close();
    return { kind: 'corrupt', reason: error instanceof Error ? error.message : 'it could not be read' };
  }
}

