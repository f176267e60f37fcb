/**
 * Two-step recovery codes (issue 13): ten single-use codes, shown once, stored only as hashes.
 *
 * Why a fast keyed hash (HMAC-SHA-256 with a per-account random salt) rather than bcrypt: each
 * code carries 50 bits from the CSPRNG, not a human choice, so there is no dictionary to try; and
 * whoever can read these hashes reads the account's TOTP secret in the same row, which already
 * yields codes. The hash keeps the codes themselves out of the file and out of backups; a slow
 * hash would only add bcrypt work to every wrong guess at sign-in, which lockout already bounds.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32: no I, L, O or U, so nothing reads as another character aloud or on paper. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 10; // 10 × 5 bits = 50 bits each

/** `abcde-12345`: two groups of five, easy to read and to type. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    codes.add(`${code.slice(0, 5)}-${code.slice(5)}`);
  }
  return [...codes];
}

export function newRecoverySalt(): string {
  return randomBytes(16).toString('hex');
}

/** What a person may type for a code: any case, with or without the dash or spaces; O for 0, I or L for 1. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]+/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
}

export function hashRecoveryCode(salt: string, typed: string): string {
  return createHmac('sha256', salt).update(normalizeRecoveryCode(typed)).digest('hex');
}
