/**
 * A backup file's bytes (issue 14).
 *
 * - Encryption off: the SQLite database itself, as sql.js exports it (it opens in the sqlite3
 *   shell; `gatehouse restore` takes it back).
 * - Encryption on: sealed with the store's data key, and carrying that key wrapped, so the
 *   recovery key (or the passphrase) opens it on another machine:
 *
 *     "GHBACKUP" (8) | key file length (u32) | key file (JSON, keys.json's schema: the data key
 *     that seals it, wrapped for the recovery key, the passphrase and this machine's keyring)
 *     | snapshot (snapshot-format.ts: header, then the database sealed with that key, sequence 0)
 *
 *   No plain key is in the file. The keyring's copy opens only on the machine that made it.
 */
import { StoreError } from './store/errors';
import { codecForReading, codecForWriting, type Sealing } from './store/sealed-file';
import { decodeSnapshotFile, encodeSnapshotFile } from './store/snapshot-format';
import { parseKeyFile, type KeyFile } from './encryption/key-file';

const MAGIC = Buffer.from('GHBACKUP', 'latin1');

export type DecodedBackup =
  | { kind: 'plain'; database: Uint8Array }
  | { kind: 'sealed'; keyFile: KeyFile; snapshot: Uint8Array; keyId: string }
  | { kind: 'corrupt'; reason: string };

/** The backup's bytes: the database as is, or sealed with the key that writes and that key's wrapped copies. */
export function encodeBackup(database: Uint8Array, sealing: Sealing | null, keyFile: KeyFile | null): Uint8Array {
  const { keyId, codec } = codecForWriting(sealing);
  if (!sealing || keyId === null || !keyFile) return database;
  const record = keyFile.keys.find((key) => key.id === keyId);
  if (!record) throw new Error(`keys.json does not hold the key ${keyId} that writes`);
  const keys = Buffer.from(JSON.stringify({ ...keyFile, keys: [record] }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(keys.length);
  const snapshot = encodeSnapshotFile({ storeId: sealing.storeId, seq: 0, codec: codec.kind, keyId }, codec.sealSnapshot(sealing.storeId, 0, database));
  return Buffer.concat([MAGIC, length, keys, snapshot]);
}

export function decodeBackup(bytes: Uint8Array): DecodedBackup {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < MAGIC.length || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) return { kind: 'plain', database: bytes };
  if (buffer.length < MAGIC.length + 4) return { kind: 'corrupt', reason: 'it is cut short' };
  const length = buffer.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (buffer.length < start + length) return { kind: 'corrupt', reason: 'it is cut short' };
  let keyFile: KeyFile;
  try {
    keyFile = parseKeyFile(buffer.subarray(start, start + length).toString('utf8'));
  } catch {
    return { kind: 'corrupt', reason: 'its key section is damaged' };
  }
  const snapshot = bytes.subarray(start + length);
  if (keyFile.keys.length !== 1) return { kind: 'corrupt', reason: 'its key section is damaged' };
  return { kind: 'sealed', keyFile, snapshot, keyId: keyFile.keys[0]!.id };
}

/** The database inside a sealed backup, opened with its data key. Throws StoreError when it does not open. */
export function openSealedBackup(backup: { keyFile: KeyFile; snapshot: Uint8Array }, sealing: Sealing, path: string): Uint8Array {
  const decoded = decodeSnapshotFile(backup.snapshot);
  if (decoded.kind !== 'snapshot') throw new StoreError('STORE_CORRUPT', `${path} cannot be read (${decoded.kind === 'corrupt' ? decoded.reason : 'its snapshot is missing'}). Nothing was changed.`);
  const codec = codecForReading(sealing, decoded, path);
  try {
    return codec.openSnapshot(decoded.storeId, decoded.seq, decoded.sealed);
  } catch {
    throw new StoreError('STORE_CORRUPT', `${path} does not decrypt with its own key (altered or cut short). Nothing was changed.`);
  }
}
