/**
 * Reading the store from disk: the snapshot (or its backup) plus the journal records after it.
 * Used by open (which may repair: move damaged files aside), by the checkpoint writer (which
 * rebuilds a given sequence, off the main thread) and by tests looking at the files from outside.
 *
 * Recovery rules (issue 12):
 * - A record that fails its checks and runs to the end of the file is torn: it was never
 *   acknowledged, so it is dropped.
 * - A failing record followed by a valid one is corruption: replay stops there, the journal from
 *   that record on is moved aside, and open reports which records were set aside.
 * - A missing or unreadable snapshot: the backup, then the journal from the backup's sequence.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { StoreError } from './errors';
import { journalBaseOf, movedAsidePath, setAsidePath, type StorePaths } from './files';
import { decodeJournalHeader, JOURNAL_HEADER_BYTES, scanJournal } from './journal-format';
import { codecForReading, isDamaged, isSealedFile, unsealFile, type Sealing } from './sealed-file';
import { SNAPSHOT_HEADER_BYTES, decodeSnapshotFile, decodeSnapshotHeader } from './snapshot-format';
import { inspect, tuneInMemoryConnection } from './sqlite-file';
import { readFileWithRoom } from './room-to-grow';
import { statementCache, type StatementCache } from './statement-cache';
import { SCHEMA_VERSION } from './migrations';
import { decodeTransaction, type Statement } from './transaction-record';

/** What open had to do to give you a working store; null when the files were fine. */
export interface StoreRecovery {
  kind: 'restored-from-backup' | 'journal-set-aside';
  /** Where the unreadable file was moved ('' when nothing was moved). */
  movedAsideTo: string;
  message: string;
  /** Journal records that were not replayed: from this sequence number on, in these files. */
  setAside?: { fromSeq: number; files: string[] };
}

export interface JournalFile {
  path: string;
  baseSeq: number;
}

export function listJournals(paths: StorePaths): JournalFile[] {
  return readdirSync(paths.dir)
    .map((name) => ({ path: join(paths.dir, name), baseSeq: journalBaseOf(name) }))
    .filter((file): file is JournalFile => file.baseSeq !== null)
    .sort((a, b) => a.baseSeq - b.baseSeq);
}

export function newStoreId(): string {
  return randomBytes(16).toString('hex');
}

/** A snapshot file (or a store's backup), read with room for its database to grow in place. */
function readIfExists(path: string): Uint8Array | null {
  try {
    return readFileWithRoom(path, SNAPSHOT_HEADER_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError('STORE_UNWRITABLE', `Gatehouse cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The first `length` bytes of a file, or null when it is missing. */
function readHead(path: string, length: number): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const head = new Uint8Array(length);
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The sequence number in a snapshot file's header, or null (missing, old format, damaged). */
export function snapshotSeqOf(path: string): number | null {
  const head = readHead(path, SNAPSHOT_HEADER_BYTES);
  return (head && decodeSnapshotHeader(head)?.seq) ?? null;
}

/**
 * The files not sealed the way `keyId` writes (null: plain), judged from their headers: after a
 * crash while encryption was turned on, off or rotated, open rewrites them. A file in the format
 * before the journal counts as plain when it is plain SQLite, and as needing a rewrite when sealed.
 */
export function filesSealedOtherwise(paths: StorePaths, keyId: string | null): string[] {
  const snapshots = [paths.db, paths.backup].filter((path) => {
    const head = readHead(path, SNAPSHOT_HEADER_BYTES);
    if (!head) return false;
    if (isSealedFile(head)) return true;
    const header = decodeSnapshotHeader(head);
    return (header ? header.keyId : null) !== keyId;
  });
  const journals = listJournals(paths)
    .map((journal) => journal.path)
    .filter((path) => {
      const header = decodeJournalHeader(readHead(path, JOURNAL_HEADER_BYTES) ?? new Uint8Array());
      return header !== null && header.keyId !== keyId;
    });
  return [...snapshots, ...journals];
}

type SnapshotRead =
  | { kind: 'ours'; db: Database; storeId: string | null; seq: number }
  | { kind: 'empty'; db: Database }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'foreign' }
  | { kind: 'newer'; version: number };

/**
 * Decides what a snapshot file holds, without changing it. A store id of null: the format before
 * the journal (one whole SQLite file, plain or sealed), which open upgrades. Throws StoreError
 * when the file is sealed with a key this folder does not hold: never "damaged".
 */
function readSnapshot(SQL: SqlJsStatic, bytes: Uint8Array, sealing: Sealing | null, path: string): SnapshotRead {
  if (isSealedFile(bytes)) {
    const opened = unsealFile(sealing, bytes, path);
    if (isDamaged(opened)) return { kind: 'corrupt', reason: opened.damaged };
    bytes = opened;
  }
  const decoded = decodeSnapshotFile(bytes);
  if (decoded.kind === 'corrupt') return decoded;
  if (decoded.kind === 'sqlite') {
    const found = inspect(SQL, decoded.bytes);
    return found.kind === 'ours' ? { kind: 'ours', db: found.db, storeId: null, seq: 0 } : found;
  }
  const codec = codecForReading(sealing, decoded, path);
  let plain: Uint8Array;
  try {
    plain = codec.openSnapshot(decoded.storeId, decoded.seq, decoded.sealed);
  } catch (error) {
    return { kind: 'corrupt', reason: `it could not be unsealed (${(error as Error).message})` };
  }
  const found = inspect(SQL, plain, { quickCheck: false }); // its checksum held; checked when written
  if (found.kind === 'ours') return { kind: 'ours', db: found.db, storeId: decoded.storeId, seq: decoded.seq };
  if (found.kind === 'empty') {
    found.db.close();
    return { kind: 'corrupt', reason: 'its database is empty' };
  }
  return found.kind === 'foreign' ? { kind: 'corrupt', reason: 'its database is not marked as Gatehouse' } : found;
}

/** Applies one committed transaction, all or nothing. */
export function applyTransaction(db: Database, statements: readonly Statement[]): void {
  db.exec('BEGIN');
  try {
    for (const [sql, params] of statements) {
      if (params === null) db.exec(sql);
      else db.run(sql, params);
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Replays many transactions fast: one outer transaction, a savepoint per record (so a record
 * that fails leaves nothing of itself), and each statement text prepared once. Open time is
 * then bounded by the journal's size, not by SQLite re-parsing every statement.
 */
class Replayer {
  private readonly prepared: StatementCache;
  private open = false;
  private foreignKeys: boolean | null = null;

  constructor(private readonly db: Database) {
    tuneInMemoryConnection(db);
    this.prepared = statementCache(() => db);
  }

  /**
   * Each record is replayed with foreign keys as they were when it first ran: on for every
   * ordinary write (so ON DELETE CASCADE fires again: a deleted account's sessions and links go
   * with it), off for a migration (records of exec-only statements; open runs migrations before
   * switching them on, and a table rebuild with them on would cascade deletes). The pragma is a
   * no-op inside a transaction, so a change of state ends the outer one first.
   */
  private foreignKeysAsFirstRun(statements: readonly Statement[]): void {
    const wanted = statements.some(([, params]) => params !== null);
    if (wanted === this.foreignKeys) return;
    if (this.open) {
      this.db.exec('COMMIT');
      this.open = false;
    }
    this.db.exec(`PRAGMA foreign_keys = ${wanted ? 'ON' : 'OFF'}`);
    this.foreignKeys = wanted;
  }

  apply(statements: readonly Statement[]): void {
    this.foreignKeysAsFirstRun(statements);
    if (!this.open) {
      this.db.exec('BEGIN');
      this.open = true;
    }
    this.prepared.execute('SAVEPOINT record', []);
    try {
      for (const [sql, params] of statements) {
        if (params === null) this.db.exec(sql);
        else this.prepared.execute(sql, params);
      }
      this.prepared.execute('RELEASE record', []);
    } catch (error) {
      this.db.exec('ROLLBACK TO record');
      this.db.exec('RELEASE record');
      throw error;
    }
  }

  finish(): void {
    this.prepared.clear();
    if (this.open) this.db.exec('COMMIT');
    this.open = false;
  }
}

export interface ReplayOutcome {
  /** The last sequence number applied. */
  seq: number;
  /** The journal appends continue in: its length up to the last whole record, and that record's sequence. */
  tail: { path: string; baseSeq: number; keyId: string | null; goodLength: number; lastSeq: number } | null;
  /** Where replay had to stop before the end: from which record, in which files. */
  damage: { fromSeq: number; journals: JournalFile[]; reason: string } | null;
  /**
   * The newest journal, when a crash cut its creation short: no whole header, so no record was
   * ever appended to it (the header is synced before the first append). Ignored, not damage.
   */
  tornJournal: string | null;
}

/**
 * Replays, onto `db` at `fromSeq`, every journal record after it (up to `upto` when given).
 * Never changes a file: the caller decides what to do with damage.
 */
export function replayJournals(
  db: Database,
  paths: StorePaths,
  sealing: Sealing | null,
  storeId: string | null,
  fromSeq: number,
  upto?: number,
): ReplayOutcome {
  const replayer = new Replayer(db);
  try {
    return replayWith(replayer, paths, sealing, storeId, fromSeq, upto);
  } finally {
    replayer.finish();
  }
}

function replayWith(
  replayer: Replayer,
  paths: StorePaths,
  sealing: Sealing | null,
  storeId: string | null,
  fromSeq: number,
  upto?: number,
): ReplayOutcome {
  const journals = listJournals(paths);
  let seq = fromSeq;
  let tail: ReplayOutcome['tail'] = null;
  let tornJournal: string | null = null;
  const stop = (index: number, reason: string): ReplayOutcome => ({
    seq,
    tail: null,
    damage: { fromSeq: seq + 1, journals: journals.slice(index), reason },
    tornJournal: null,
  });
  for (let index = 0; index < journals.length; index++) {
    if (upto !== undefined && seq >= upto) break;
    const journal = journals[index]!;
    const next = journals[index + 1];
    if (next && next.baseSeq <= seq) continue; // wholly covered by the snapshot: kept for the backup
    const bytes = readFileSync(journal.path);
    const scan = scanJournal(bytes);
    if (!scan && !next && bytes.length <= JOURNAL_HEADER_BYTES) {
      tornJournal = journal.path;
      break;
    }
    if (!scan || scan.baseSeq !== journal.baseSeq) return stop(index, `${journal.path} has no readable journal header`);
    if (storeId === null || scan.storeId !== storeId) return stop(index, `${journal.path} belongs to another store`);
    if (scan.baseSeq > seq) return stop(index, `records ${seq + 1} to ${scan.baseSeq} are missing`);
    const codec = codecForReading(sealing, scan, journal.path); // a key we lack refuses the open, never "damage"
    for (const record of scan.records) {
      if (record.seq <= seq) continue;
      if (upto !== undefined && record.seq > upto) break;
      try {
        replayer.apply(decodeTransaction(codec.openRecord(storeId, record.seq, record.sealed)));
      } catch (error) {
        return stop(index, `record ${record.seq} could not be replayed (${(error as Error).message})`);
      }
      seq = record.seq;
    }
    if (upto !== undefined && seq >= upto) break;
    if (scan.damage?.kind === 'corrupt') return stop(index, `record ${scan.damage.seq} in ${journal.path} is damaged and valid records follow it`);
    // A torn tail in a journal that is not the last is checked by the next one's base.
    if (!next) tail = { path: journal.path, baseSeq: scan.baseSeq, keyId: scan.keyId, goodLength: scan.goodLength, lastSeq: scan.baseSeq + scan.records.length };
  }
  if (upto !== undefined && seq !== upto) throw new Error(`the journal ends at record ${seq}, not ${upto}`);
  return { seq, tail, damage: null, tornJournal };
}

export interface LoadedState {
  db: Database;
  storeId: string;
  /** The last sequence number applied: snapshot plus journal. */
  seq: number;
  /** The sequence the snapshot (or the backup it was rebuilt from) covers: records after it are in journals only. */
  snapshotSeq: number;
  recovery: StoreRecovery | null;
  /** Open must write a snapshot before use: a new store, the old one-file format, a recovery. */
  needsCheckpoint: boolean;
  tail: ReplayOutcome['tail'];
}

function refuseDamaged(paths: StorePaths, reason: string): StoreError {
  return new StoreError(
    'STORE_CORRUPT',
    `${paths.db} cannot be read (${reason}) and there is no usable backup. It was left untouched so nothing is lost; restore it from your own backup or move it away to start a new store.`,
  );
}

/**
 * Opens the snapshot (or the backup when it is unreadable) and replays the journal. Never starts
 * empty while a database file exists: an unreadable file with no usable backup is refused, not
 * replaced. With `repair` false (a look from outside) nothing on disk is changed and any damage
 * throws.
 */
export function loadState(SQL: SqlJsStatic, paths: StorePaths, sealing: Sealing | null, now: number, repair: boolean): LoadedState {
  const main = readIfExists(paths.db);
  let base: { db: Database; storeId: string | null; seq: number };
  let recovery: StoreRecovery | null = null;
  let needsCheckpoint = false;

  const fromBackup = (why: string, movedAsideTo: string, missing: boolean, backup = readIfExists(paths.backup)) => {
    const restored = backup === null ? null : readSnapshot(SQL, backup, sealing, paths.backup);
    if (restored?.kind !== 'ours') {
      if (missing) {
        throw new StoreError(
          'STORE_CORRUPT',
          `${paths.db} is missing and its backup ${paths.backup} cannot be used. Nothing was changed; restore the file or move the backup away to start a new store.`,
        );
      }
      throw refuseDamaged(paths, why);
    }
    return { restored, movedAsideTo };
  };

  if (main === null) {
    const backup = readIfExists(paths.backup); // read once: whether it exists, and what it holds
    if (backup === null) {
      base = { db: new SQL.Database(), storeId: null, seq: 0 };
      needsCheckpoint = true;
    } else {
      if (!repair) throw new StoreError('STORE_CORRUPT', `${paths.db} is missing.`);
      const { restored } = fromBackup('missing', '', true, backup);
      base = restored;
      needsCheckpoint = true;
      recovery = {
        kind: 'restored-from-backup',
        movedAsideTo: '',
        message: `${paths.db} was missing; Gatehouse rebuilt it from ${paths.backup} and the journal after it.`,
      };
    }
  } else {
    const found = readSnapshot(SQL, main, sealing, paths.db);
    switch (found.kind) {
      case 'ours':
        base = found;
        break;
      case 'empty':
        base = { db: found.db, storeId: null, seq: 0 };
        needsCheckpoint = true;
        break;
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
        if (!repair) throw refuseDamaged(paths, found.reason);
        const { restored } = fromBackup(found.reason, '', false);
        const aside = movedAsidePath(paths, now);
        renameSync(paths.db, aside);
        base = restored;
        needsCheckpoint = true;
        recovery = {
          kind: 'restored-from-backup',
          movedAsideTo: aside,
          message: `${paths.db} could not be read (${found.reason}). It was moved to ${aside} and the store was rebuilt from ${paths.backup} and the journal after it.`,
        };
      }
    }
  }

  // A new store or the format before the journal: upgraded, keeping the id its keys.json names.
  const storeId = base.storeId ?? sealing?.storeId ?? newStoreId();
  if (base.storeId === null) needsCheckpoint = true;
  const replay = replayJournals(base.db, paths, sealing, base.storeId, base.seq);
  if (replay.tornJournal && repair) rmSync(replay.tornJournal, { force: true });
  if (replay.damage) {
    const { damage } = replay;
    if (!repair) throw new StoreError('STORE_CORRUPT', `The journal cannot be replayed: ${damage.reason}.`);
    const files = damage.journals.map((journal) => {
      const aside = setAsidePath(journal.path, now);
      renameSync(journal.path, aside);
      return aside;
    });
    needsCheckpoint = true;
    const earlier = recovery ? `${recovery.message} ` : '';
    recovery = {
      kind: 'journal-set-aside',
      movedAsideTo: files[0] ?? '',
      setAside: { fromSeq: damage.fromSeq, files },
      message:
        `${earlier}The journal could not be replayed past record ${damage.fromSeq - 1}: ${damage.reason}. ` +
        `Records from ${damage.fromSeq} on were set aside in ${files.join(', ')}; changes they held (an account disabled, a role changed, a session revoked) may be missing. Every session was ended.`,
    };
  }
  return { db: base.db, storeId, seq: replay.seq, snapshotSeq: base.seq, recovery, needsCheckpoint, tail: replay.tail };
}

/** Journals the snapshot and backup no longer need: every record is at or before the backup's. */
export function obsoleteJournals(paths: StorePaths, snapshotSeq: number): JournalFile[] {
  const keepFrom = Math.min(snapshotSeqOf(paths.backup) ?? snapshotSeq, snapshotSeq);
  const journals = listJournals(paths);
  return journals.filter((_, index) => {
    const next = journals[index + 1];
    return next !== undefined && next.baseSeq <= keepFrom;
  });
}
