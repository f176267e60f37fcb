/**
 * Wrapping the store's data key (issue 12, step 3). The data key is 32 random bytes that seal
 * the store's files; it is only ever written wrapped (AES-256-GCM under a key-encryption key):
 *
 * - by the OS keyring, through the key-storage port (key-storage.ts): the app's normal mode;
 * - by a passphrase: KEK = scrypt(passphrase, salt), N = 2^17, r = 8, p = 1 (OWASP's scrypt
 *   minimum is N = 2^17), so each guess costs about 128 MiB and a fraction of a second;
 * - by the recovery key: 160 random bits shown once, KEK = HKDF-SHA256 (a random key needs no
 *   slow hash: 2^160 guesses are out of reach anyway).
 *
 * The associated data names the store, the key and the slot, so a wrapped key copied into
 * another slot, key record or store's keys.json does not unwrap.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt } from 'node:crypto';

export const DATA_KEY_BYTES = 32;
export type WrapSlot = 'passphrase' | 'recovery';

export interface Wrapped {
  nonce: string;
  sealed: string;
}

export interface ScryptParams {
  salt: string;
  N: number;
  r: number;
  p: number;
}

export const SCRYPT_DEFAULTS = { N: 2 ** 17, r: 8, p: 1 } as const;
// The rule lives with the contract, so Settings checks what the core checks.
export { MIN_PASSPHRASE_LENGTH } from '../../../shared/encryption';

export class KeyUnwrapError extends Error {
  override readonly name = 'KeyUnwrapError';
}

function wrapAad(storeId: string, keyId: string, slot: WrapSlot): Buffer {
  return Buffer.from(`gatehouse-key-wrap\0v1\0${slot}\0${storeId}\0${keyId}`, 'utf8');
}

export function wrapKey(kek: Uint8Array, dataKey: Uint8Array, storeId: string, keyId: string, slot: WrapSlot): Wrapped {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(wrapAad(storeId, keyId, slot));
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return { nonce: nonce.toString('base64'), sealed: sealed.toString('base64') };
}

export function unwrapKey(kek: Uint8Array, wrapped: Wrapped, storeId: string, keyId: string, slot: WrapSlot): Buffer {
  try {
    const sealed = Buffer.from(wrapped.sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrapped.nonce, 'base64'));
    decipher.setAAD(wrapAad(storeId, keyId, slot));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const key = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
    if (key.length !== DATA_KEY_BYTES) throw new Error('wrong length');
    return key;
  } catch {
    throw new KeyUnwrapError(slot === 'recovery' ? 'That recovery key does not open this store.' : 'That passphrase does not open this store.');
  }
}

export function newScryptParams(): ScryptParams {
  return { salt: randomBytes(16).toString('base64'), ...SCRYPT_DEFAULTS };
}

/** The passphrase's KEK; asynchronous (libuv's pool), so the event loop keeps running meanwhile. */
export function passphraseKek(passphrase: string, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFKC'),
      Buffer.from(params.salt, 'base64'),
      32,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 32 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

// RFC 4648 base32 (no padding): letters and 2–7 only, so it reads aloud and types without 0/O, 1/I confusion.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const RECOVERY_BYTES = 20;

function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function fromBase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const index = BASE32.indexOf(char);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new recovery key: 160 random bits as eight groups of four base32 characters. */
export function newRecoveryKey(): string {
  return toBase32(randomBytes(RECOVERY_BYTES)).match(/.{4}/g)!.join('-');
}

/** The recovery key's bytes as typed (spaces, dashes and case forgiven), or null if it is not one. */
export function parseRecoveryKey(typed: string): Buffer | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 32) return null;
  const bytes = fromBase32(compact);
  return bytes?.length === RECOVERY_BYTES ? bytes : null;
}

export function recoveryKek(recoveryBytes: Uint8Array, salt: string): Buffer {
  return Buffer.from(hkdfSync('sha256', recoveryBytes, Buffer.from(salt, 'base64'), 'gatehouse recovery key v1', 32));
}
