/**
 * Access is read from the contract: for every channel, a caller in a state its entry does not
 * name is refused with that state's answer before anything runs, and a caller in a state it
 * names gets through to the handler. Adding a channel or a state needs no change here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, CONTRACT, type Channel, type AccessState } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import { STRONG_PASSWORD, expectOk, invokeRaw, openTestCore, registration, type TestCore } from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

const ADMIN = 1;
const USER = 2;
const NOBODY = 9;

/** A well-formed payload per channel, so the answer is about access and not the payload. */
const PAYLOADS: { [C in Channel]: unknown } = {
  'app:info': {},
  'store:unlock-state': {},
  'store:unlock': { secret: 'anything' },
  'auth:register': registration('mallory'),
  'auth:login': { identifier: 'nobody', password: 'wrong' },
  'auth:logout': {},
  'auth:session': {},
  'auth:change-password': { currentPassword: 'wrong', newPassword: 'x', confirmPassword: 'y' },
  'account:update-profile': {},
  'session:activity': {},
  'session:lock': {},
  'session:unlock': { password: 'wrong' },
  'kiosk:exit': { password: 'wrong' },
  'admin:list-users': {},
  'admin:create-user': { username: 'carol', email: 'carol@example.com', role: 'user' },
  'admin:set-active': { userId: 999, active: true },
  'admin:unlock-user': { userId: 999 },
  'admin:reset-password': { userId: 999 },
  'admin:end-sessions': { userId: 999 },
  'admin:set-role': { userId: 999, role: 'user' },
  'admin:delete-user': { userId: 999 },
  'admin:audit': {},
  'admin:audit-csv': {},
  'admin:get-policy': {},
  'admin:set-policy': { policy: {} },
  'admin:get-user': { userId: 999 },
  'admin:update-email': { userId: 999, email: 'new@example.com' },
  'auth:verify-second-step': { code: '000000' },
  'two-step:status': {},
  'two-step:begin-setup': {},
  'two-step:confirm-setup': { code: '000000' },
  'two-step:disable': { password: 'wrong', code: '000000' },
  'two-step:new-recovery-codes': { code: '000000' },
  'admin:reset-two-step': { userId: 999 },
  'admin:inactive-due': {},
  'admin:set-keep': { userId: 999, keep: true },
  'admin:directory-status': {},
  'admin:directory-test': {},
  'admin:backup': {},
  // Refused with CONFLICT in a test core (no keyring port, encryption off): nothing changes.
  'admin:encryption-status': {},
  'admin:encryption-enable': { mode: 'os-keyring' },
  'admin:encryption-disable': {},
  'admin:encryption-rotate': {},
  'account:sign-in-history': {},
};

const REFUSAL_CODES = ['NOT_AUTHENTICATED', 'FORBIDDEN', 'SESSION_LOCKED', 'PASSWORD_CHANGE_REQUIRED', 'TWO_STEP_SETUP_REQUIRED'];

function call(channel: Channel, windowId: number): Promise<Result<unknown>> {
  return invokeRaw(t, channel, PAYLOADS[channel], { windowId, fromAppPage: true });
}

/** Signs `username` in afresh at `windowId`, whatever an earlier step left there (a lock, a sign-out). */
async function signIn(username: string, windowId: number, password = STRONG_PASSWORD): Promise<void> {
  await t.call('auth:logout', {}, windowId);
  expectOk(await t.call('auth:login', { identifier: username, password }, windowId));
}

function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

/** The answer a caller in `state` gets, or that it is let through (any non-refusal answer). */
function expected(channel: Channel, state: AccessState, refusal: string): (code: string) => void {
  const access: readonly AccessState[] = CONTRACT[channel].access;
  return access.includes(state)
    ? (code) => expect(REFUSAL_CODES, `${channel} should let a ${state} caller through`).not.toContain(code)
    : (code) => expect(code, `${channel} should refuse a ${state} caller`).toBe(refusal);
}

describe('access is read from the contract', () => {
  it.each(CHANNELS)('%s', async (channel) => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice'), ADMIN));
    expectOk(await t.call('auth:register', registration('bob'), USER));

    expected(channel, 'anonymous', 'NOT_AUTHENTICATED')(codeOf(await call(channel, NOBODY)));
    expected(channel, 'admin', 'FORBIDDEN')(codeOf(await call(channel, ADMIN)));

    // Sign bob in again (the admin call may have changed things), then ask as bob.
    await signIn('bob', USER);
    expected(channel, 'signedIn', 'FORBIDDEN')(codeOf(await call(channel, USER)));

    await signIn('bob', USER);
    expectOk(await t.call('session:lock', {}, USER));
    expected(channel, 'locked', 'SESSION_LOCKED')(codeOf(await call(channel, USER)));

    // An administrator resets bob's password: bob must choose a new one.
    await signIn('alice', ADMIN);
    const bob = expectOk(await t.call('admin:list-users', { query: 'bob' }, ADMIN)).users[0]!;
    const { temporaryPassword } = expectOk(await t.call('admin:reset-password', { userId: bob.id }, ADMIN));
    await signIn('bob', USER, temporaryPassword);
    expected(channel, 'passwordChangePending', 'PASSWORD_CHANGE_REQUIRED')(codeOf(await call(channel, USER)));

    // Policy requires two-step verification (issue 13): bob, with a new password and without
    // two-step, may only set it up. Asked last, since the administrator falls under it too.
    const fresh = `${STRONG_PASSWORD} again`;
    await signIn('bob', USER, temporaryPassword);
    expectOk(await t.call('auth:change-password', { currentPassword: temporaryPassword, newPassword: fresh, confirmPassword: fresh }, USER));
    await signIn('alice', ADMIN);
    expectOk(await t.call('admin:set-policy', { policy: { twoStepPolicy: 'everyone' } }, ADMIN));
    await signIn('bob', USER, fresh);
    expected(channel, 'twoStepSetupPending', 'TWO_STEP_SETUP_REQUIRED')(codeOf(await call(channel, USER)));
  });
});
