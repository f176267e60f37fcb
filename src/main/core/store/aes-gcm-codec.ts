/**
 * Encryption at rest (issue 12, step 3): the AES-256-GCM store codec, node:crypto only.
 *
 * Sealed layout, one self-describing unit per record or snapshot:
 *
 *   version (1 byte) | nonce (12 bytes, fresh from the CSPRNG every time) | ciphertext | tag (16 bytes)
 *
 * The associated data binds each unit to where it belongs, so it cannot be moved or replayed:
 * the format version, what it is (record or snapshot), the store id and the sequence number.
 * Random 96-bit nonces stay far below GCM's 2^32-messages-per-key bound for a store's life
 * (a key is rotated long before; see SECURITY.md).
 *
 * The codec is a pure function of its 32 key bytes, so a checkpoint worker rebuilds the very
 * same codec from `createAesGcmCodec(keyBytes)` on its side of a worker_thread.
 */
import { createCipheriv, createDecipheriv, randomBytes, type DecipherGCM } from 'node:crypto';
import { CodecError, type PortableCodec } from './codec';
import { allocateWithRoom, roomAfter } from './room-to-grow';

export const SEALED_FORMAT_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
const OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES;

type Unit = 'record' | 'snapshot';

/** `gatehouse-store` v1 record|snapshot <seq as 8 bytes> <store id UTF-8>: fixed fields first, so no two inputs collide. */
function associatedData(unit: Unit, storeId: string, seq: number): Buffer {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new CodecError(`A sequence number must be a whole number ≥ 0 (got ${seq}).`);
  const head = Buffer.alloc(16 + 1 + 1 + 8);
  head.write('gatehouse-store\0', 0, 'latin1');
  head.writeUInt8(SEALED_FORMAT_VERSION, 16);
  head.writeUInt8(unit === 'record' ? 1 : 2, 17);
  head.writeUInt32BE(Math.floor(seq / 2 ** 32), 18); // the same bytes as a u64, without BigInt (slow per record)
  head.writeUInt32BE(seq >>> 0, 22);
  return Buffer.concat([head, Buffer.from(storeId, 'utf8')]);
}

function seal(key: Buffer, unit: Unit, storeId: string, seq: number, plain: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(unit, storeId, seq));
  const body = cipher.update(plain);
  const last = cipher.final();
  const out = Buffer.allocUnsafe(OVERHEAD + body.length + last.length);
  out.writeUInt8(SEALED_FORMAT_VERSION, 0);
  nonce.copy(out, 1);
  body.copy(out, 1 + NONCE_BYTES);
  last.copy(out, 1 + NONCE_BYTES + body.length);
  cipher.getAuthTag().copy(out, out.length - TAG_BYTES);
  return out;
}

function open(key: Buffer, unit: Unit, storeId: string, seq: number, sealed: Uint8Array): Uint8Array {
  if (sealed.length < OVERHEAD) throw new CodecError(`The sealed ${unit} is too short to be one (${sealed.length} bytes).`);
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const version = bytes.readUInt8(0);
  if (version !== SEALED_FORMAT_VERSION) throw new CodecError(`The sealed ${unit} has format version ${version}; this Gatehouse reads ${SEALED_FORMAT_VERSION}.`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(unit, storeId, seq));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const ciphertext = bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES);
    if (unit === 'snapshot') {
      // In place when the bytes were read with room (room-to-grow.ts): the plaintext then already
      // has room after it, and no second whole-database array is made.
      if (roomAfter(sealed) === 0) return openInto(allocateWithRoom(ciphertext.length), decipher, ciphertext);
      const plain = openInto(ciphertext, decipher, ciphertext);
      bytes.fill(0, bytes.length - TAG_BYTES); // the tag, now behind the plaintext, becomes room: zeros
      return plain;
    }
    const body = decipher.update(ciphertext);
    const last = decipher.final(); // throws when the tag does not match: altered, moved, or another key
    return last.length === 0 ? body : Buffer.concat([body, last]);
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw new CodecError(`The sealed ${unit} could not be opened: it was altered, belongs to another store or position, or was sealed with another key.`);
  }
}

/** Decrypting a snapshot a slice at a time into `out`, which may be `ciphertext` itself (each
 *  slice is written back only after it was read). */
const SNAPSHOT_SLICE_BYTES = 1024 * 1024;

function openInto(out: Uint8Array, decipher: DecipherGCM, ciphertext: Uint8Array): Uint8Array {
  let written = 0;
  for (let at = 0; at < ciphertext.length; at += SNAPSHOT_SLICE_BYTES) {
    const part = decipher.update(ciphertext.subarray(at, at + SNAPSHOT_SLICE_BYTES));
    out.set(part, written);
    written += part.length;
  }
  const last = decipher.final(); // throws when the tag does not match: altered, moved, or another key
  out.set(last, written);
  return out;
}

/** The AES-256-GCM codec for one data key (32 raw bytes, copied so the caller may wipe theirs). */
export function createAesGcmCodec(keyBytes: Uint8Array): PortableCodec {
  if (keyBytes.length !== KEY_BYTES) throw new CodecError(`An AES-256 key is ${KEY_BYTES} bytes (got ${keyBytes.length}).`);
  const key = Buffer.from(keyBytes);
  return {
    kind: 'aes-256-gcm',
    // Its own copy again: a worker rebuilds the codec from these bytes (codec-spec.ts).
    spec: { kind: 'aes-256-gcm', key: new Uint8Array(key) },
    sealRecord: (storeId, seq, plain) => seal(key, 'record', storeId, seq, plain),
    openRecord: (storeId, seq, sealed) => open(key, 'record', storeId, seq, sealed),
    sealSnapshot: (storeId, seq, plain) => seal(key, 'snapshot', storeId, seq, plain),
    openSnapshot: (storeId, seq, sealed) => open(key, 'snapshot', storeId, seq, sealed),
  };
}
