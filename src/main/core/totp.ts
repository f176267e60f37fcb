/**
 * Time-based one-time codes (RFC 6238) through otpauth: a new secret, the otpauth:// URI the
 * phone scans, and the time step a typed code belongs to. The rules about which steps may be
 * accepted (window, replay) are the caller's (two-step.ts); this module only does the arithmetic.
 */
import { timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = 'Gatehouse';
/** What every authenticator app assumes: SHA-1, 6 digits, 30 seconds. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
const SECRET_BYTES = 20;

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A fresh random secret in base32 (otpauth draws it from the platform's CSPRNG). */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** otpauth://totp/Gatehouse:alice?issuer=Gatehouse&secret=…: what the QR code holds. */
export function totpUri(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

/** The RFC 6238 time step of a moment (ms since the epoch). */
export function timeStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of one time step. */
export function codeAt(secretBase32: string, step: number): string {
  return totp(secretBase32).generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 });
}

/** Spaces people type between the groups do not count; anything else must be digits. */
export function normalizeTotpCode(typed: string): string {
  return typed.replace(/\s+/g, '');
}

function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Lengths are public (every code has TOTP_DIGITS digits); the digits are compared in constant time.
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The time step within `windowSteps` of now whose code was typed, or null. Every candidate is
 * computed and compared, whichever matches, so the time taken says nothing about which step (or
 * whether any) matched. When two steps share a code (1 in a million) the latest one is taken,
 * which only makes the replay rule stricter.
 */
export function matchingStep(secretBase32: string, typed: string, nowMs: number, windowSteps: number): number | null {
  const code = normalizeTotpCode(typed);
  const current = timeStep(nowMs);
  let found: number | null = null;
  for (let step = current - windowSteps; step <= current + windowSteps; step++) {
    if (sameCode(codeAt(secretBase32, step), code)) found = step;
  }
  return found;
}
