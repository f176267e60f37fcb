/**
 * The sql.js store: one in-memory SQLite database mirrored to one file. sql.js has no file
 * I/O of its own, so durability is ours: every change is exported and written durably
 * (see files.ts) before the call that made it reports success.
 *
 * sql.js pitfalls this module keeps away from callers:
 * - `export()` frees every prepared statement and resets connection pragmas, so statements are
 *   prepared and freed within one call and foreign_keys is switched back on after each export.
 * - A statement that is never freed leaks wasm memory, so `query` frees in `finally`.
 */
import { closeSync, openSync, readFileSync, readSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { StoreError } from './errors';
import { copyDurablySync, movedAsidePath, storePaths, writeDurably, type StorePaths } from './files';
import { prepareDataFolder, removeWriteLeftovers } from './data-folder';
import { acquireWriterLock } from './lock';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { isDamaged, SEALED_HEADER_PEEK, sealedKeyId, sealFile, unsealFile, type DamagedSeal, type Sealing } from './sealed-file';

export type Params = readonly (SqlValue | boolean | undefined)[];
export type Row = Record<string, SqlValue>;

/** What open had to do to give you a working store; null when the file was fine. */
export interface StoreRecovery {
  kind: 'restored-from-backup';
  /** Where the unreadable file was moved. */
  movedAsideTo: string;
  message: string;
}

export interface Store {
  readonly paths: StorePaths;
  readonly recovery: StoreRecovery | null;
  all<T = Row>(sql: string, params?: Params): T[];
  get<T = Row>(sql: string, params?: Params): T | undefined;
  /** Runs one statement; returns rows changed and the last inserted id. */
  run(sql: string, params?: Params): { changes: number; lastId: number };
  /** Runs `fn` inside BEGIN/COMMIT; `fn` must be synchronous so no other call interleaves. */
  transaction<T>(fn: () => T): T;
  /** Resolves once every change made before the call is on disk; rejects if the write failed. */
  persist(): Promise<void>;
  /**
   * The whole database as it is in memory now, as SQLite file bytes (issue 14's backups).
   * Consistent: every transaction is synchronous, so none is half-done at this point.
   */
  exportSnapshot(): Uint8Array;
  /** Encryption on, off or a new key: the file and its backup are rewritten under `sealing`. */
  reseal(sealing: Sealing | null): Promise<void>;
  close(): Promise<void>;
}

const sqlJsByWasm = new Map<string, Promise<SqlJsStatic>>();

function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  const path = wasmPath ?? createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  let loading = sqlJsByWasm.get(path);
  if (!loading) {
    loading = initSqlJs({ locateFile: () => path });
    sqlJsByWasm.set(path, loading);
  }
  return loading;
}

type Inspection =
  | { kind: 'ours'; db: Database }
  | { kind: 'empty'; db: Database }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'foreign' }
  | { kind: 'newer'; version: number };

function scalar(db: Database, sql: string): SqlValue {
  const result = db.exec(sql);
  return result[0]?.values[0]?.[0] ?? null;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

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
 * What a file offered for restore is (issue 14): ours (with its schema version), or why not.
 * The same judgement open makes, so a restore refuses what open would refuse.
 */
export async function judgeSnapshot(bytes: Uint8Array, sqlWasmPath?: string): Promise<{ kind: 'ours'; version: number } | { kind: 'foreign' } | { kind: 'empty' } | { kind: 'newer'; version: number } | { kind: 'corrupt'; reason: string }> {
  const SQL = await loadSqlJs(sqlWasmPath);
  const found = inspect(SQL, bytes);
  if (found.kind === 'ours') {
    const version = Number(scalar(found.db, 'PRAGMA user_version'));
    found.db.close();
    return { kind: 'ours', version };
  }
  if (found.kind === 'empty') {
    found.db.close();
    return { kind: 'empty' };
  }
  return found;
}

/** Decides what a file is without changing it. */
function inspect(SQL: SqlJsStatic, bytes: Uint8Array | DamagedSeal): Inspection {
  if (isDamaged(bytes)) return { kind: 'corrupt', reason: bytes.damaged };
  if (bytes.length === 0) return { kind: 'corrupt', reason: 'the file is empty' };
  const cut = truncation(bytes);
  if (cut) return { kind: 'corrupt', reason: cut };
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    const check = scalar(db, 'PRAGMA quick_check');
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

/** The database file opened with its key, after a failed write (the file on disk is known good). */
function readSealedSync(path: string, sealing: Sealing | null): Uint8Array {
  const opened = unsealFile(sealing, readFileSync(path), path);
  if (isDamaged(opened)) throw new StoreError('STORE_CORRUPT', `${path} cannot be read back (${opened.damaged}).`);
  return opened;
}

function readIfExists(path: string): Uint8Array | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError('STORE_UNWRITABLE', `Gatehouse cannot read ${path}: ${(error as Error).message}`);
  }
}

interface Loaded {
  db: Database;
  recovery: StoreRecovery | null;
  needsWrite: boolean;
}

/**
 * Opens the file, or restores the backup when the file is unreadable. Never starts empty while
 * a database file exists: an unreadable file with no usable backup is refused, not replaced.
 */
function loadDatabase(SQL: SqlJsStatic, paths: StorePaths, now: number, sealing: Sealing | null): Loaded {
  // Raw bytes are what gets copied back; only inspection sees them opened.
  const opened = (raw: Uint8Array, path: string) => unsealFile(sealing, raw, path);
  const main = readIfExists(paths.db);
  const backupBytes = () => readIfExists(paths.backup);

  if (main === null) {
    const backup = backupBytes();
    if (backup === null) return { db: new SQL.Database(), recovery: null, needsWrite: true };
    const restored = inspect(SQL, opened(backup, paths.backup));
    if (restored.kind !== 'ours') {
      throw new StoreError(
        'STORE_CORRUPT',
        `${paths.db} is missing and its backup ${paths.backup} cannot be used. Nothing was changed; restore the file or move the backup away to start a new store.`,
      );
    }
    copyDurablySync(backup, paths.db, paths.temp);
    return {
      db: restored.db,
      recovery: {
        kind: 'restored-from-backup',
        movedAsideTo: '',
        message: `${paths.db} was missing; Gatehouse restored it from ${paths.backup}. Changes after that backup may be lost.`,
      },
      needsWrite: false,
    };
  }

  const found = inspect(SQL, opened(main, paths.db));
  switch (found.kind) {
    case 'ours':
      return { db: found.db, recovery: null, needsWrite: false };
    case 'empty':
      return { db: found.db, recovery: null, needsWrite: true };
    case 'foreign':
      throw new StoreError(
        'STORE_FOREIGN',
        `${paths.db} is an SQLite database that Gatehouse did not create. It was left untouched; move it away or choose another folder with --data-dir.`,
      );
    case 'newer':
      throw new StoreError(
        'STORE_NEWER_VERSION',
        `${paths.db} was written by a newer Gatehouse (schema ${found.version}, this version understands up to ${SCHEMA_VERSION}). It was left untouched; update Gatehouse to open it.`,
      );
    case 'corrupt': {
      const backup = backupBytes();
      const restored = backup === null ? null : inspect(SQL, opened(backup, paths.backup));
      if (backup === null || restored?.kind !== 'ours') {
        throw new StoreError(
          'STORE_CORRUPT',
          `${paths.db} cannot be read (${found.reason}) and there is no usable backup. It was left untouched so nothing is lost; restore it from your own backup or move it away to start a new store.`,
        );
      }
      const aside = movedAsidePath(paths, now);
      renameSync(paths.db, aside);
      copyDurablySync(backup, paths.db, paths.temp);
      return {
        db: restored.db,
        recovery: {
          kind: 'restored-from-backup',
          movedAsideTo: aside,
          message: `${paths.db} could not be read (${found.reason}). It was moved to ${aside} and the last good copy was restored from ${paths.backup}. The most recent change may be missing.`,
        },
        needsWrite: false,
      };
    }
  }
}

function migrate(db: Database): boolean {
  const from = Number(scalar(db, 'PRAGMA user_version'));
  for (let version = from; version < SCHEMA_VERSION; version++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  return from < SCHEMA_VERSION;
}

function normalizeParams(params: Params): SqlValue[] {
  return params.map((value) => (value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

export interface OpenStoreOptions {
  dir: string;
  now: number;
  sqlWasmPath?: string;
  /** How the files are sealed (encryption at rest); absent: plain files, and an encrypted one is refused. */
  sealing?: Sealing | null;
}

/** Whether a file on disk is sealed the way `sealing` writes (absent files count as fine). Reads the header only. */
function sealedAsWanted(path: string, sealing: Sealing | null): boolean {
  let head: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      head = Buffer.alloc(SEALED_HEADER_PEEK);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  return sealedKeyId(head) === (sealing?.write?.id ?? null);
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const paths = storePaths(options.dir);
  let sealing = options.sealing ?? null;
  // What reading back after a failed write may meet: during a reseal, the old way or the new.
  let readSealing = sealing;
  prepareDataFolder(paths);
  const SQL = await loadSqlJs(options.sqlWasmPath);
  const releaseLock = acquireWriterLock(paths.lock);
  let loaded: Loaded;
  try {
    removeWriteLeftovers(paths);
    loaded = loadDatabase(SQL, paths, options.now, sealing);
  } catch (error) {
    releaseLock();
    throw error;
  }

  let db = loaded.db;
  // Until open returns, a failure must leave the folder free for the next attempt.
  const abandon = (error: unknown): never => {
    db.close();
    releaseLock();
    throw error;
  };
  let migrated = false;
  try {
    migrated = migrate(db);
  } catch (error) {
    abandon(error);
  }
  db.exec('PRAGMA foreign_keys = ON');

  let changeCount = 0;
  let savedCount = 0;
  let failures = 0;
  let writing: Promise<void> | null = null;
  let closed = false;

  const writeOnce = async (): Promise<void> => {
    const upTo = changeCount;
    const bytes = db.export();
    db.exec('PRAGMA foreign_keys = ON'); // export() reset it
    try {
      await writeDurably(paths, sealFile(sealing, bytes));
      savedCount = Math.max(savedCount, upTo);
    } catch (error) {
      // The disk refused: drop what memory has that the disk does not, so nothing that was
      // reported as failed can reappear later, and fail every caller waiting on this write.
      failures++;
      db.close();
      db = new SQL.Database(readSealedSync(paths.db, readSealing));
      db.exec('PRAGMA foreign_keys = ON');
      savedCount = changeCount;
      throw error;
    }
  };

  const store: Store = {
    paths,
    recovery: loaded.recovery,
    all<T>(sql: string, params: Params = []): T[] {
      const statement = db.prepare(sql);
      try {
        statement.bind(normalizeParams(params));
        const rows: T[] = [];
        while (statement.step()) rows.push(statement.getAsObject() as T);
        return rows;
      } finally {
        statement.free();
      }
    },
    get<T>(sql: string, params: Params = []): T | undefined {
      return store.all<T>(sql, params)[0];
    },
    run(sql: string, params: Params = []) {
      db.run(sql, normalizeParams(params));
      const changes = db.getRowsModified();
      if (changes > 0) changeCount++;
      return { changes, lastId: Number(scalar(db, 'SELECT last_insert_rowid()')) };
    },
    transaction<T>(fn: () => T): T {
      db.exec('BEGIN');
      try {
        const result = fn();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async persist(): Promise<void> {
      const target = changeCount;
      const failuresBefore = failures;
      while (savedCount < target) {
        writing ??= writeOnce().finally(() => {
          writing = null;
        });
        try {
          await writing;
        } catch {
          // Reported below: whichever write carried (or dropped) our change decides.
        }
        if (failures !== failuresBefore) throw new Error('The change could not be saved to disk.');
      }
    },
    exportSnapshot(): Uint8Array {
      const bytes = db.export();
      db.exec('PRAGMA foreign_keys = ON'); // export() reset it
      return bytes;
    },
    async reseal(next: Sealing | null): Promise<void> {
      await store.persist();
      readSealing = next ?? sealing; // off: the files may still be sealed until both are rewritten
      sealing = next;
      // Twice: the second write makes the backup (the first new file) sealed the new way too.
      for (let write = 0; write < 2; write++) {
        changeCount++;
        await store.persist();
      }
      readSealing = next;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await store.persist();
      } finally {
        db.close();
        releaseLock();
      }
    },
  };

  if (migrated || loaded.needsWrite) {
    changeCount++;
    await store.persist().catch(abandon);
  }
  // A crash while encryption was turned on, off or rotated left a file sealed the old way.
  if (!sealedAsWanted(paths.db, sealing) || !sealedAsWanted(paths.backup, sealing)) {
    await store.reseal(sealing).catch(abandon);
  }
  return store;
}
