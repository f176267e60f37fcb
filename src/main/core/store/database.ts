/**
 * The sql.js store: one in-memory SQLite database on the main thread, made durable by a journal
 * (issue 12). sql.js has no file I/O of its own, so durability is ours:
 *
 * - Every committed transaction becomes one journal record (its statements and parameters),
 *   sealed with the data key that writes (encryption at rest; none when it is off) and appended
 *   with one fdatasync before the call that made it reports success: work in proportion to the
 *   change, not to the database.
 * - Once the journal passes `checkpointBytes`, the store starts a new journal and a checkpoint
 *   worker writes a full snapshot from the files (checkpointer.ts). The main thread never exports
 *   for a checkpoint, and keeps reading and writing while one runs.
 * - Open = snapshot + journal replay (load-state.ts), so replay must be deterministic: journalled
 *   statements take the clock and randomness as parameters (transaction-record.ts checks).
 *
 * Statements are prepared once and kept (statement-cache.ts): a statement never freed leaks
 * wasm memory, so the cache is bounded and is freed before the connection closes.
 */
import { rmSync } from 'node:fs';
import type { Database, SqlValue } from 'sql.js';
import { inlineCheckpointer, workerCheckpointer, type Checkpointer } from './checkpointer';
import { writeSnapshot } from './checkpoint';
import { removeWriteLeftovers, takeDataFolder } from './data-folder';
import { journalPath, storePaths, type StorePaths } from './files';
import { continueJournal, createJournal, type JournalFileHandle } from './journal-file';
import { encodeRecord } from './journal-format';
import { applyTransaction, filesSealedOtherwise, listJournals, loadState, obsoleteJournals, type StoreRecovery } from './load-state';
import { StoreError } from './errors';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { codecForWriting, type Sealing } from './sealed-file';
import { loadSqlJs, quickCheckFailure, scalar, tuneInMemoryConnection } from './sqlite-file';
import { statementCache } from './statement-cache';
import { tableVersions } from './table-versions';
import { assertDeterministic, encodeTransaction, type Statement } from './transaction-record';

export type { StoreRecovery } from './load-state';
export type Params = readonly (SqlValue | boolean | undefined)[];
export type Row = Record<string, SqlValue>;

export interface Store {
  readonly paths: StorePaths;
  /** This store's random id: in every file header, and bound into every sealed record and snapshot. */
  readonly storeId: string;
  readonly recovery: StoreRecovery | null;
  all<T = Row>(sql: string, params?: Params): T[];
  get<T = Row>(sql: string, params?: Params): T | undefined;
  /** Runs one statement; returns how many rows it changed. */
  run(sql: string, params?: Params): { changes: number };
  /** Runs one INSERT that makes a row (not one that may ignore a conflict); returns the row's id. */
  insert(sql: string, params?: Params): number;
  /** Runs `fn` inside BEGIN/COMMIT; `fn` must be synchronous so no other call interleaves. Called
   *  inside another transaction, `fn` joins it. */
  transaction<T>(fn: () => T): T;
  /** Resolves once every change made before the call is on disk; rejects if the write failed. */
  persist(): Promise<void>;
  /**
   * The whole database as it is in memory now, consistent (no transaction is ever open between
   * calls). O(size) on this thread: for an administrator's backup, not for durability. A restore
   * of these bytes must start a new journal (they already include every record).
   */
  exportDatabase(): Uint8Array;
  /**
   * A number that moves whenever rows of `table` may have changed (table-versions.ts), for
   * readers that keep what they derived from the table until it does.
   */
  version(table: string): number;
  /** Starts a checkpoint now (if the journal holds anything) and waits for it: tests, benches. */
  checkpoint(): Promise<void>;
  /**
   * Encryption turned on or off, or a new key: every file is rewritten the new way (a new journal,
   * then the snapshot twice so the backup is too, in the checkpoint worker) and the journals sealed
   * the old way are deleted. Writes and reads go on meanwhile. A crash at any point leaves files
   * that the old or the new keys open (the caller keeps both in keys.json until this resolves).
   */
  reseal(next: Sealing | null): Promise<void>;
  close(): Promise<void>;
}

/**
 * Default journal size that triggers a checkpoint. Open replays at most about this much, and at
 * 100,000 accounts replay is the largest part of an open after reading (and unsealing) the
 * snapshot: a full 256 KiB journal took 50-90 ms to replay in a fresh process, which left a
 * sealed open at 140-210 ms against the 150 ms goal. 128 KiB halves that, at the price of a
 * checkpoint (in the worker, about a second at that size) every ~140 registrations.
 */
export const DEFAULT_CHECKPOINT_BYTES = 128 * 1024;

/** More journals than this at open mean checkpoints were interrupted: open writes one itself. */
const MAX_JOURNALS_AT_OPEN = 2;

export interface OpenStoreOptions {
  dir: string;
  now: number;
  sqlWasmPath?: string;
  /** Which data keys read and which one seals journal records and snapshots (encryption at rest); default: plain. */
  sealing?: Sealing | null;
  /** Journal bytes after which a checkpoint starts (default 128 KiB, or GATEHOUSE_CHECKPOINT_BYTES). */
  checkpointBytes?: number;
  /** Where checkpoints are written: 'worker' (default) or 'inline'. */
  checkpoints?: 'worker' | 'inline';
  /** A checkpoint that failed (the journal keeps everything; the next one retries). */
  warn?: (message: string) => void;
  /**
   * The data folder, already taken by the caller with `takeDataFolder` (its release function):
   * openGatehouse takes it before it asks anyone for a secret, so nothing changes the keys or the
   * files while the unlock screen waits. Released with the store (also when the open fails).
   * Default: taken here.
   */
  lock?: () => void;
}

function normalizeParams(params: Params): SqlValue[] {
  return params.map((value) => (value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

/**
 * A statement that can only change rows: whether it did is SQLite's own count of the rows it
 * changed (a trigger fires only for a changed row). Anything else run as a write (a schema
 * change, a pragma) is journalled whatever that count says, since the count ignores it.
 */
const CHANGES_ONLY_ROWS = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

function checkpointThreshold(options: OpenStoreOptions): number {
  const fromEnv = Number(process.env.GATEHOUSE_CHECKPOINT_BYTES);
  return options.checkpointBytes ?? (Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_CHECKPOINT_BYTES);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const paths = storePaths(options.dir);
  let sealing = options.sealing ?? null;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const threshold = checkpointThreshold(options);
  const SQL = await loadSqlJs(options.sqlWasmPath);
  const releaseLock = options.lock ?? takeDataFolder(paths);
  let loaded;
  try {
    removeWriteLeftovers(paths);
    loaded = loadState(SQL, paths, sealing, options.now, true);
  } catch (error) {
    releaseLock();
    throw error;
  }

  const { storeId } = loaded;
  let db: Database = loaded.db;
  tuneInMemoryConnection(db);
  const versions = tableVersions();
  versions.watch(db);
  /** The last sequence number given to a committed transaction. */
  let seq = loaded.seq;
  /** The last sequence number on disk. */
  let durableSeq = loaded.seq;
  /** The sequence the snapshot file covers (null until open has written one when it must). */
  let snapshotSeq = loaded.needsCheckpoint ? -1 : loaded.snapshotSeq;
  let pending: Uint8Array[] = [];
  let journal: JournalFileHandle | null = null;
  let appending: Promise<void> = Promise.resolve();
  let checkpointing: Promise<void> | null = null;
  let failures = 0;
  let droppedAbove = Infinity;
  let closed = false;
  /** Statements of the transaction in progress; null outside one. */
  let transactionStatements: Statement[] | null = null;
  /** Whether a statement of the transaction in progress changed anything (else it needs no record). */
  let transactionChanged = false;

  const inline = inlineCheckpointer(SQL, paths);
  const writer: Checkpointer = options.checkpoints !== 'inline' ? workerCheckpointer(paths.dir, options.sqlWasmPath, inline, warn) : inline;
  // One snapshot write at a time, whoever asks (a checkpoint, a reseal): two at once would share
  // the temp file and the backup's rename.
  let writes: Promise<void> = Promise.resolve();
  const checkpointer: Checkpointer = {
    write: (request) => (writes = writes.catch(() => undefined).then(() => writer.write(request))),
    close: () => writer.close(),
  };
  /** A journal takes records sealed with one key: the one that writes when it is created. */
  const newJournal = (baseSeq: number) => createJournal(journalPath(paths, baseSeq), { storeId, baseSeq, keyId: codecForWriting(sealing).keyId });

  const prepared = statementCache(() => db);
  const commitRecord = (statements: readonly Statement[]) => {
    seq++;
    pending.push(encodeRecord(seq, codecForWriting(sealing).codec.sealRecord(storeId, seq, encodeTransaction(statements))));
  };

  // Until open returns, a failure must leave the folder free for the next attempt.
  const abandon = async (error: unknown): Promise<never> => {
    await journal?.close().catch(() => undefined);
    prepared.clear();
    db.close();
    releaseLock();
    throw error;
  };

  /** Migrations are journalled like any transaction, so the backup plus its journal replays them too. */
  const migrate = () => {
    const from = Number(scalar(db, 'PRAGMA user_version'));
    for (let version = from; version < SCHEMA_VERSION; version++) {
      const statements: Statement[] = [
        [MIGRATIONS[version]!, null],
        [`PRAGMA user_version = ${version + 1}`, null],
      ];
      applyTransaction(db, statements);
      commitRecord(statements);
    }
    if (Number(scalar(db, 'PRAGMA application_id')) !== APPLICATION_ID) {
      const statements: Statement[] = [[`PRAGMA application_id = ${APPLICATION_ID}`, null]];
      applyTransaction(db, statements);
      commitRecord(statements);
    }
  };

  /** The disk refused: memory goes back to what the disk has, so nothing reported as failed can
   *  reappear later. The next append starts a fresh journal after the last durable record. */
  const dropWhatTheDiskDoesNotHave = async () => {
    failures++;
    droppedAbove = Math.min(droppedAbove, durableSeq);
    pending = [];
    const broken = journal;
    journal = null;
    await broken?.close().catch(() => undefined);
    const reloaded = loadState(SQL, paths, sealing, options.now, false);
    prepared.clear();
    db.close();
    db = reloaded.db;
    tuneInMemoryConnection(db);
    db.exec('PRAGMA foreign_keys = ON');
    versions.watch(db);
    versions.everythingMayHaveChanged();
    seq = reloaded.seq;
    durableSeq = reloaded.seq;
  };

  const startCheckpoint = async (): Promise<void> => {
    if (checkpointing || durableSeq === snapshotSeq || !journal) return;
    const upto = durableSeq;
    if (journal.baseSeq !== upto) {
      // Records up to `upto` stay in a journal nobody appends to any more, for the worker to read.
      const previous = journal;
      journal = await newJournal(upto);
      await previous.close();
    }
    checkpointing = checkpointer
      .write({ storeId, uptoSeq: upto, sealing })
      .then(
        () => {
          snapshotSeq = upto;
          for (const old of obsoleteJournals(paths, upto)) rmSync(old.path, { force: true });
        },
        (error: unknown) => warn(`Gatehouse: a checkpoint failed; the journal keeps every change and the next checkpoint retries (${(error as Error).message}).`),
      )
      .finally(() => {
        checkpointing = null;
      });
  };

  /** Appends every record waiting, in one write and one fdatasync. */
  const flush = (): Promise<void> => {
    if (pending.length === 0) return appending;
    const batch = pending;
    const upTo = seq;
    pending = [];
    appending = appending
      .catch(() => undefined)
      .then(async () => {
        if (upTo <= durableSeq) return; // dropped by an earlier failure
        try {
          journal ??= await newJournal(durableSeq);
          await journal.append(concat(batch));
          durableSeq = upTo;
        } catch (error) {
          await dropWhatTheDiskDoesNotHave();
          throw error;
        }
        if (journal.length >= threshold) await startCheckpoint().catch((error: unknown) => warn(`Gatehouse: a checkpoint could not start (${(error as Error).message}).`));
      });
    return appending;
  };

  const store: Store = {
    paths,
    storeId,
    recovery: loaded.recovery,
    all<T>(sql: string, params: Params = []): T[] {
      return prepared.rows<T>(sql, normalizeParams(params));
    },
    get<T>(sql: string, params: Params = []): T | undefined {
      return store.all<T>(sql, params)[0];
    },
    run(sql: string, params: Params = []) {
      assertDeterministic(sql);
      const values = normalizeParams(params);
      const seenBefore = versions.rowChangesSeen();
      prepared.execute(sql, values);
      const changes = db.getRowsModified();
      const rowsOnly = CHANGES_ONLY_ROWS.test(sql);
      if (!rowsOnly) prepared.clear(); // perhaps a schema change: cached column names may be wrong
      if (!rowsOnly || (changes > 0 && versions.rowChangesSeen() === seenBefore)) versions.everythingMayHaveChanged();
      const changed = changes > 0 || !rowsOnly;
      if (transactionStatements) {
        transactionStatements.push([sql, values]);
        transactionChanged ||= changed;
      } else if (changed) {
        commitRecord([[sql, values]]);
      }
      return { changes };
    },
    insert(sql: string, params: Params = []): number {
      store.run(sql, params);
      return prepared.rows<{ id: number }>('SELECT last_insert_rowid() AS id', [])[0]!.id;
    },
    transaction<T>(fn: () => T): T {
      if (transactionStatements) return fn(); // inside one already: part of it, committed or rolled back with it
      prepared.execute('BEGIN', []); // prepared once, like every statement here
      transactionStatements = [];
      transactionChanged = false;
      try {
        const result = fn();
        prepared.execute('COMMIT', []);
        const statements = transactionStatements;
        transactionStatements = null;
        if (transactionChanged) commitRecord(statements);
        return result;
      } catch (error) {
        transactionStatements = null;
        prepared.execute('ROLLBACK', []);
        versions.everythingMayHaveChanged(); // what was undone, the update hook did not see
        throw error;
      }
    },
    async persist(): Promise<void> {
      const target = seq;
      const failuresBefore = failures;
      await flush().catch(() => undefined); // judged below: did our change reach the disk?
      if (durableSeq < target || (failures !== failuresBefore && target > droppedAbove)) {
        throw new Error('The change could not be saved to disk.');
      }
    },
    version: (table) => versions.of(table),
    exportDatabase(): Uint8Array {
      return db.export(); // sql.js 1.16 copies through SQLite's backup API: the connection stays as it is
    },
    async checkpoint(): Promise<void> {
      await store.persist();
      await checkpointing;
      appending = appending.catch(() => undefined).then(startCheckpoint);
      await appending;
      await checkpointing;
    },
    async reseal(next: Sealing | null): Promise<void> {
      if (next && next.storeId !== storeId) throw new Error(`keys for store ${next.storeId} cannot seal store ${storeId}`);
      while (checkpointing) await checkpointing;
      const resealing = (async () => {
        // From here records are sealed the new way; until the end both ways are read.
        const readable = [...(sealing?.keys ?? []), ...(next?.keys ?? [])].filter((key, index, all) => all.findIndex((other) => other.id === key.id) === index);
        sealing = { storeId, write: next?.write ?? null, keys: readable };
        const sealedTheOldWay = flush(); // taken now: records sealed the old way, for the journal they belong in
        let upto = -1;
        appending = sealedTheOldWay
          .catch(() => undefined)
          .then(async () => {
            await journal?.close().catch(() => undefined);
            journal = null;
            upto = durableSeq;
            journal = await newJournal(upto);
          });
        await sealedTheOldWay;
        await appending;
        // Twice: the first write keeps the old snapshot as the backup, the second replaces it.
        for (let write = 0; write < 2; write++) await checkpointer.write({ storeId, uptoSeq: upto, sealing, rewrite: true });
        snapshotSeq = upto;
        for (const old of obsoleteJournals(paths, upto)) rmSync(old.path, { force: true });
        sealing = next;
      })();
      checkpointing = resealing.catch(() => undefined).finally(() => {
        checkpointing = null;
      });
      await resealing;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await store.persist();
      } finally {
        await checkpointing;
        await checkpointer.close();
        await journal?.close().catch(() => undefined);
        prepared.clear();
        db.close();
        releaseLock();
      }
    },
  };

  try {
    migrate();
    db.exec('PRAGMA foreign_keys = ON');
    // Checkpoints that kept being interrupted (a crash each time) leave journals behind: open
    // folds them into the snapshot so they cannot pile up.
    const leftOver = !loaded.needsCheckpoint && !loaded.recovery && listJournals(paths).length > MAX_JOURNALS_AT_OPEN;
    if (loaded.needsCheckpoint || leftOver) {
      // A new store, the old one-file format, or a recovery: a full snapshot first (open is
      // allowed its O(size) work), then a fresh journal after it.
      // Every snapshot is checked before it is written, so open can trust one whose checksum holds.
      const failure = quickCheckFailure(db);
      if (failure) throw new StoreError('STORE_CORRUPT', `The store in ${paths.dir} fails SQLite's quick_check after open (${failure}). Nothing was written.`);
      const database = store.exportDatabase();
      await writeSnapshot(paths, sealing, storeId, seq, database);
      // Left-over journals: the backup too, so that none of them is needed any more.
      if (leftOver) await writeSnapshot(paths, sealing, storeId, seq, database);
      pending = [];
      snapshotSeq = seq;
      durableSeq = seq;
      journal = await newJournal(seq);
      // After a recovery nothing is deleted: a person may want every file as it was.
      if (!loaded.recovery) for (const old of obsoleteJournals(paths, seq)) rmSync(old.path, { force: true });
    } else {
      const { tail } = loaded;
      journal =
        tail && tail.lastSeq === loaded.seq && tail.keyId === codecForWriting(sealing).keyId
          ? await continueJournal(tail.path, tail, tail.goodLength)
          : await newJournal(loaded.seq);
      await store.persist();
    }
    // A crash while encryption was turned on, off or rotated left files sealed the old way.
    if (filesSealedOtherwise(paths, codecForWriting(sealing).keyId).length > 0) await store.reseal(sealing);
  } catch (error) {
    return abandon(error);
  }
  return store;
}
