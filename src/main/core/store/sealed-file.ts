/**
 * A store file sealed with a codec, recognisable without its key.
 *
 *   "GHSEALED" (8) | header version (1) | codec (1: aes-256-gcm) | key id (8) | seq (8, BE)
 *   | store id length (1) | store id (UTF-8) | sealed snapshot (codec.sealSnapshot)
 *
 * The header is plain on purpose: it says "encrypted, by this key, for this store", so a missing
 * or wrong key is a clear StoreError and never looks like a damaged file (which would send open
 * to the backup, or worse). The store id and seq in it are bound into the sealed part's
 * associated data, so editing them only makes the file fail to open. A file without the magic
 * is a plain SQLite file (encryption off, or a store from before encryption).
 */
import { CodecError, type StoreCodec } from './codec';
import { StoreError } from './errors';

const MAGIC = Buffer.from('GHSEALED', 'latin1');
const HEADER_VERSION = 1;
const CODEC_AES_256_GCM = 1;
const KEY_ID_BYTES = 8;
/** Enough bytes to read any header's key id (magic, version, codec, key id). */
export const SEALED_HEADER_PEEK = 8 + 1 + 1 + KEY_ID_BYTES + 8 + 1;

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

/** What is written to disk for `plain` (an exported database): sealed when a write key is set. */
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

/** The key id a file is sealed with, or null for a plain file. */
export function sealedKeyId(bytes: Uint8Array): string | null {
  if (!isSealedFile(bytes) || bytes.length < MAGIC.length + 2 + KEY_ID_BYTES) return null;
  return Buffer.from(bytes.buffer, bytes.byteOffset + MAGIC.length + 2, KEY_ID_BYTES).toString('hex');
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
  if (!sealing || sealing.keys.length === 0) {
    throw new StoreError(
      'STORE_ENCRYPTED',
      `${path} is encrypted and no key was given to open it. In the app, unlock it with the OS keyring or the passphrase; from the command line, type the recovery key (or passphrase) when asked. Nothing was changed.`,
    );
  }
  if (header.storeId !== sealing.storeId) {
    throw new StoreError(
      'STORE_WRONG_KEY',
      `${path} belongs to another Gatehouse store (${header.storeId}), not to the one whose keys are in this folder (${sealing.storeId}). It was left untouched; put back this folder's own file, or its own keys.json.`,
    );
  }
  const key = sealing.keys.find((candidate) => candidate.id === header.keyId);
  if (!key) {
    throw new StoreError(
      'STORE_WRONG_KEY',
      `${path} is encrypted with a key (${header.keyId}) that this folder's keys.json does not hold. It was left untouched; restore the keys.json that belongs with it.`,
    );
  }
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
