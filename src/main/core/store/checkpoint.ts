/**
 * Writing a checkpoint: the snapshot on disk plus the journal up to `uptoSeq`, exported, sealed
 * and written with the temp + fsync + backup + rename discipline of files.ts. It rebuilds from
 * the files rather than from the live database, so it runs in a worker thread (see
 * checkpoint-worker.ts) while the main thread keeps reading and writing, and holds no second copy
 * of the database between checkpoints.
 *
 * The journal records up to `uptoSeq` are already durable and no longer appended to (the store
 * starts a new journal at `uptoSeq` before asking), so a crash at any instant leaves either the
 * old snapshot with every journal after it, or the new one: nothing acknowledged is lost.
 */
import type { SqlJsStatic } from 'sql.js';
import { writeDurably, type StorePaths } from './files';
import { replayJournals } from './load-state';
import { codecForReading, codecForWriting, type Sealing } from './sealed-file';
import { readFileWithRoom } from './room-to-grow';
import { SNAPSHOT_HEADER_BYTES, decodeSnapshotFile, encodeSnapshotFile } from './snapshot-format';
import { openDatabaseBytes, quickCheckFailure } from './sqlite-file';

/** Seals the database bytes as the snapshot at `seq`, with the key that writes now, and writes it durably. */
export async function writeSnapshot(paths: StorePaths, sealing: Sealing | null, storeId: string, seq: number, database: Uint8Array): Promise<void> {
  const { keyId, codec } = codecForWriting(sealing);
  const sealed = codec.sealSnapshot(storeId, seq, database);
  await writeDurably(paths, encodeSnapshotFile({ storeId, seq, codec: codec.kind, keyId }, sealed));
}

/**
 * `rewrite`: write even when the snapshot already covers `uptoSeq`. Turning encryption on or off
 * and rotating the key rewrite the snapshot twice, so that the backup is sealed the new way too.
 */
export async function writeCheckpoint(
  SQL: SqlJsStatic,
  paths: StorePaths,
  sealing: Sealing | null,
  storeId: string,
  uptoSeq: number,
  rewrite = false,
): Promise<void> {
  const decoded = decodeSnapshotFile(readFileWithRoom(paths.db, SNAPSHOT_HEADER_BYTES));
  if (decoded.kind !== 'snapshot' || decoded.storeId !== storeId) {
    throw new Error(`${paths.db} is not this store's snapshot (${decoded.kind === 'corrupt' ? decoded.reason : 'another store'})`);
  }
  if (decoded.seq >= uptoSeq && !rewrite) return; // already there
  if (decoded.seq > uptoSeq) throw new Error(`${paths.db} is already past record ${uptoSeq}`);
  const codec = codecForReading(sealing, decoded, paths.db);
  const db = openDatabaseBytes(SQL, codec.openSnapshot(storeId, decoded.seq, decoded.sealed));
  let database: Uint8Array;
  try {
    replayJournals(db, paths, sealing, storeId, decoded.seq, uptoSeq);
    // Checked here, off the main thread, so that open can trust a snapshot whose checksum holds.
    const failure = quickCheckFailure(db);
    if (failure) throw new Error(`the database rebuilt for record ${uptoSeq} fails SQLite's quick_check (${failure}); the journal keeps every change`);
    database = db.export();
  } finally {
    db.close();
  }
  await writeSnapshot(paths, sealing, storeId, uptoSeq, database);
}
