/**
 * Password hashes brought in by `gatehouse import` (issue 14): bcrypt (`$2a$`, `$2b$`, `$2y$`) and
 * the formats of werkzeug, the library behind the Flask apps Gatehouse grew from:
 *   pbkdf2:sha256:ITERATIONS$SALT$HEX   PBKDF2-HMAC-SHA256, the salt's UTF-8 bytes, a 32-byte key
 *   scrypt:N:r:p$SALT$HEX               scrypt, the salt's UTF-8 bytes, a 64-byte key
 * (written from werkzeug's documented format; werkzeug 3.1 defaults to scrypt:32768:8:1 and
 * pbkdf2 with 1,000,000 iterations). Those apps hashed the password as typed, without Gatehouse's
 * NFKC normalisation, so these are checked against the typed text, once, and then replaced by
 * Gatehouse's own bcrypt hash (imported-passwords.ts).
 *
 * Costs are bounded so a crafted file cannot make one sign-in take minutes or gigabytes.
 */
import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { MAX_BCRYPT_COST, MIN_BCRYPT_COST } from './config';
import type { Hasher } from './types';

/** Werkzeug 3.1's default is 1,000,000; above this, refused at import. */
export const MAX_PBKDF2_ITERATIONS = 1_000_000;
export const MIN_PBKDF2_ITERATIONS = 1_000;
/** scrypt's memory is 128·N·r bytes: werkzeug's default (2^15, 8) needs 32 MiB; at most 64 MiB here. */
export const MAX_SCRYPT_MEMORY_BYTES = 64 * 1024 * 1024;
/** N·r·p bounds the work: twice werkzeug's default. */
export const MAX_SCRYPT_WORK = 2 * 32_768 * 8 * 1;

export type ImportedHash =
  | { kind: 'bcrypt'; hash: string }
  | { kind: 'pbkdf2'; iterations: number; salt: string; key: Buffer }
  | { kind: 'scrypt'; n: number; r: number; p: number; salt: string; key: Buffer };

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const PBKDF2 = /^pbkdf2:sha256:(\d{1,9})\$([^$]{1,200})\$([0-9a-f]{64})$/;
const SCRYPT = /^scrypt:(\d{1,9}):(\d{1,3}):(\d{1,3})\$([^$]{1,200})\$([0-9a-f]{128})$/;

/** Reads a hash from an import file; a string says why it is refused. */
export function parseImportedHash(text: string): ImportedHash | string {
  const bcrypt = BCRYPT.exec(text);
  if (bcrypt) {
    const cost = Number(bcrypt[1]);
    if (cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) return `bcrypt cost ${cost} is outside ${MIN_BCRYPT_COST}–${MAX_BCRYPT_COST}.`;
    return { kind: 'bcrypt', hash: text };
  }
  const pbkdf = PBKDF2.exec(text);
  if (pbkdf) {
    const iterations = Number(pbkdf[1]);
    if (iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) {
      return `pbkdf2 iterations ${iterations} are outside ${MIN_PBKDF2_ITERATIONS}–${MAX_PBKDF2_ITERATIONS}.`;
    }
    return { kind: 'pbkdf2', iterations, salt: pbkdf[2]!, key: Buffer.from(pbkdf[3]!, 'hex') };
  }
  const sc = SCRYPT.exec(text);
  if (sc) {
    const [n, r, p] = [Number(sc[1]), Number(sc[2]), Number(sc[3])];
    if (n < 2 || (n & (n - 1)) !== 0) return `scrypt N ${n} is not a power of two.`;
    if (r < 1 || p < 1) return 'scrypt r and p must be at least 1.';
    if (128 * n * r > MAX_SCRYPT_MEMORY_BYTES || n * r * p > MAX_SCRYPT_WORK) {
      return `scrypt cost ${n}:${r}:${p} is above the limit (at most 64 MiB and twice werkzeug's default work).`;
    }
    return { kind: 'scrypt', n, r, p, salt: sc[4]!, key: Buffer.from(sc[5]!, 'hex') };
  }
  return 'the password hash is not bcrypt ($2a$, $2b$, $2y$), pbkdf2:sha256:N$salt$hash or scrypt:N:r:p$salt$hash.';
}

function derive(password: string, hash: Exclude<ImportedHash, { kind: 'bcrypt' }>): Promise<Buffer> {
  const secret = Buffer.from(password, 'utf8');
  const salt = Buffer.from(hash.salt, 'utf8');
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, key: Buffer) => (error ? reject(error) : resolve(key));
    if (hash.kind === 'pbkdf2') pbkdf2(secret, salt, hash.iterations, hash.key.length, 'sha256', done);
    else scrypt(secret, salt, hash.key.length, { N: hash.n, r: hash.r, p: hash.p, maxmem: 2 * MAX_SCRYPT_MEMORY_BYTES }, done);
  });
}

/** Whether `password`, exactly as typed, matches an imported hash. Off the main thread (libuv's pool, the bcrypt workers). */
export async function verifyImportedHash(hasher: Hasher, stored: string, password: string): Promise<boolean> {
  const hash = parseImportedHash(stored);
  if (typeof hash === 'string') return false;
  if (hash.kind === 'bcrypt') return hasher.compare(password, hash.hash);
  const key = await derive(password, hash);
  return key.length === hash.key.length && timingSafeEqual(key, hash.key);
}
