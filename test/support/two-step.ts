/**
 * A phone for the tests: computes codes from the setup key the way an authenticator app does
 * (otpauth, RFC 6238, SHA-1, 6 digits, 30 s), at the core's clock.
 */
import { Secret, TOTP } from 'otpauth';
import { expectOk, type TestCore } from './core';

export function phoneCode(secretBase32: string, atMs: number): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: atMs });
}

export const STEP_MS = 30_000;

/** Turns two-step verification on for whoever is signed in at `windowId`; returns the secret and recovery codes. */
export async function enrol(t: TestCore, windowId = 1): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret } = expectOk(await t.call('two-step:begin-setup', {}, windowId));
  const { recoveryCodes } = expectOk(await t.call('two-step:confirm-setup', { code: phoneCode(secret, t.clock.now()) }, windowId));
  // The confirming code's step is used up: the next code comes from the next step.
  t.clock.advance(STEP_MS);
  return { secret, recoveryCodes };
}
