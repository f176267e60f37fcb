/**
 * Which data key seals what (encryption at rest, issue 12).
 *
 * The store's files (snapshot and journal, see snapshot-format.ts and journal-format.ts) name in
 * their plaintext headers the store they belong to and the id of the key that sealed them, so a
 * missing or wrong key is a clear StoreError and never looks like a damaged file (which would
 * send open to the backup, or worse). Each key's codec binds every record and snapshot to its
 * store and sequence number, so editing a header only makes the file fail to open.
 *
 * Also here: reading the format before the journal, a whole file sealed behind a "GHSEALED"
 * header, which open upgrades:
 *
 *   "GHSEALED" (8) | header version (1) | codec (1: aes-256-gcm) | key id (8) | seq (8, BE)
 *   | store id length (1) | store id (UTF-8) | sealed snapshot (codec.sealSnapshot)
 */
import { CodecError, PLAIN_CODEC, type StoreCodec } from './codec';
import { StoreError } from './errors';

const MAGIC = Buffer.from('GHSEALED', 'latin1');
const HEADER_VERSION = 1;
const CODEC_AES_256_GCM = 1;
const KEY_ID_BYTES = 8;

/** One data key: its public id (16 hex characters, in keys.json and in every file header) and its codec. */
export interface SealingKey {
  id: string;
  codec: StoreCodec;
}

/** How the store's files are sealed: which key writes (null: plain) and which keys can read. */
export interface Sealing {
  storeId: string;
  write: SealingKey | null;
  /** Every key a file may be sealed with right now (two during a rotation). */
  keys: readonly SealingKey[];
}

interface Header {
  keyId: string;
  seq: number;
  storeId: string;
  bodyOffset: number;
}

export function isSealedFile(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC);
}

function readHeader(bytes: Uint8Array): Header | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fixed = MAGIC.length + 1 + 1 + KEY_ID_BYTES + 8 + 1;
  if (view.length < fixed) return null;
  if (view.readUInt8(MAGIC.length) !== HEADER_VERSION || view.readUInt8(MAGIC.length + 1) !== CODEC_AES_256_GCM) return null;
  const keyId = view.subarray(MAGIC.length + 2, MAGIC.length + 2 + KEY_ID_BYTES).toString('hex');
  const seq = Number(view.readBigUInt64BE(MAGIC.length + 2 + KEY_ID_BYTES));
  const idLength = view.readUInt8(fixed - 1);
  if (view.length < fixed + idLength) return null;
  return { keyId, seq, storeId: view.subarray(fixed, fixed + idLength).toString('utf8'), bodyOffset: fixed + idLength };
}

/**
 * The data key a file is read with. Plain files need none. Throws StoreError when the file is
 * sealed and this folder's keys cannot open it: no key given, another store, another key.
 */
export function codecForReading(sealing: Sealing | null, file: { storeId: string; keyId: string | null }, path: string): StoreCodec {
  // A plain file from another store is refused too: this folder's keys say which store lives here.
  if (sealing && file.storeId !== sealing.storeId) throw otherStore(path, file.storeId, sealing.storeId);
  if (file.keyId === null) return PLAIN_CODEC;
  if (!sealing || sealing.keys.length === 0) throw noKey(path);
  const key = sealing.keys.find((candidate) => candidate.id === file.keyId);
  if (!key) throw unknownKey(path, file.keyId);
  return key.codec;
}

/** What writes now: the key id for the header (null: plain) and its codec. */
export function codecForWriting(sealing: Sealing | null): { keyId: string | null; codec: StoreCodec } {
  const key = sealing?.write;
  return key ? { keyId: key.id, codec: key.codec } : { keyId: null, codec: PLAIN_CODEC };
}

function noKey(path: string): StoreError {
  return new StoreError(
    'STORE_ENCRYPTED',
    `${path} is encrypted and no key was given to open it. In the app, unlock it with the OS keyring or the passphrase; from the command line, type the recovery key (or passphrase) when asked. Nothing was changed.`,
  );
}

function otherStore(path: string, found: string, ours: string): StoreError {
  return new StoreError(
    'STORE_WRONG_KEY',
    `${path} belongs to another Gatehouse store (${found}), not to the one whose keys are in this folder (${ours}). It was left untouched; put back this folder's own file, or its own keys.json.`,
  );
}

function unknownKey(path: string, keyId: string): StoreError {
  return new StoreError(
    'STORE_WRONG_KEY',
    `${path} is encrypted with a key (${keyId}) that this folder's keys.json does not hold. It was left untouched; restore the keys.json that belongs with it.`,
  );
}

/** The format before the journal, for tests that build one: `plain` sealed whole when a write key is set. */
export function sealFile(sealing: Sealing | null, plain: Uint8Array, seq = 0): Uint8Array {
  const key = sealing?.write;
  if (!sealing || !key) return plain;
  const storeId = Buffer.from(sealing.storeId, 'utf8');
  const head = Buffer.alloc(MAGIC.length + 1 + 1 + KEY_ID_BYTES + 8 + 1);
  MAGIC.copy(head, 0);
  head.writeUInt8(HEADER_VERSION, MAGIC.length);
  head.writeUInt8(CODEC_AES_256_GCM, MAGIC.length + 1);
  Buffer.from(key.id, 'hex').copy(head, MAGIC.length + 2);
  head.writeBigUInt64BE(BigInt(seq), MAGIC.length + 2 + KEY_ID_BYTES);
  head.writeUInt8(storeId.length, head.length - 1);
  return Buffer.concat([head, storeId, key.codec.sealSnapshot(sealing.storeId, seq, plain)]);
}

/** A sealed file whose key we hold but which does not open: damaged, like any unreadable file. */
export interface DamagedSeal {
  damaged: string;
}

/**
 * The plain bytes of a file as read from `path`. Throws StoreError when the file is encrypted
 * and we cannot have its key (none given, another key, another store): that is never "damaged".
 * Returns DamagedSeal when the key is ours and the file still does not open.
 */
export function unsealFile(sealing: Sealing | null, bytes: Uint8Array, path: string): Uint8Array | DamagedSeal {
  if (!isSealedFile(bytes)) return bytes;
  const header = readHeader(bytes);
  if (!header) return { damaged: 'its encryption header is damaged or from a newer Gatehouse' };
  if (!sealing || sealing.keys.length === 0) throw noKey(path);
  if (header.storeId !== sealing.storeId) throw otherStore(path, header.storeId, sealing.storeId);
  const key = sealing.keys.find((candidate) => candidate.id === header.keyId);
  if (!key) throw unknownKey(path, header.keyId);
  try {
    return key.codec.openSnapshot(header.storeId, header.seq, bytes.subarray(header.bodyOffset));
  } catch (error) {
    if (error instanceof CodecError) return { damaged: 'it does not decrypt with its own key (altered or cut short)' };
    throw error;
  }
}

export function isDamaged(value: Uint8Array | DamagedSeal): value is DamagedSeal {
  return !(value instanceof Uint8Array);
}
