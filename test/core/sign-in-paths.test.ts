/**
 * Paths that meet at sign-in after several features landed together (issues 11, 13, 14): what
 * one path records, the others must too. Each case was a real gap found by attacking the merge.
 */
import { pbkdf2Sync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, expectError, expectOk, openTestCore, registration, type TestCore } from '../support/core';
import { enrol, phoneCode, STEP_MS } from '../support/two-step';

let t: TestCore;
afterEach(async () => t?.close());

describe('an imported werkzeug hash kept for a password too long for bcrypt', () => {
  it('still opens the lock screen and the password change it requires', async () => {
    t = await openTestCore();
    const typed = 'a long passphrase that is well over seventy two bytes in total length, truly!!';
    const salt = 'Zq9XhT2mPp4LrW8a';
    const hex = pbkdf2Sync(typed, salt, 1000, 32, 'sha256').toString('hex');
    const text = `username,email,role,password_hash\nlong,long@example.com,user,pbkdf2:sha256:1000$${salt}$${hex}\n`;
    expectOk(await t.core.provisioning.importAccounts({ format: 'csv', text }));
    expect(expectOk(await t.call('auth:login', { identifier: 'long', password: typed })).user.mustChangePassword).toBe(true);
    expectOk(await t.call('session:lock', {}));
    expectError(await t.call('session:unlock', { password: 'not it at all' }), 'INVALID_CREDENTIALS');
    expectOk(await t.call('session:unlock', { password: typed }));
    const fresh = 'fresh meadow copper violin';
    expectOk(await t.call('auth:change-password', { currentPassword: typed, newPassword: fresh, confirmPassword: fresh }));
    expectOk(await t.call('auth:logout', {}));
    expectOk(await t.call('auth:login', { identifier: 'long', password: fresh }));
  });
});

describe('two-step verification and the dashboard', () => {
  it('wrong codes after a right password are failed attempts the owner is told about', async () => {
    t = await openTestCore({ policy: { lockoutThreshold: 20 } });
    expectOk(await t.call('auth:register', registration('alice')));
    const { secret } = await enrol(t);
    expectOk(await t.call('auth:logout', {}));
    for (let i = 0; i < 3; i++) {
      t.clock.advance(STEP_MS);
      expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }), 'SECOND_STEP_REQUIRED');
      expectError(await t.call('auth:verify-second-step', { code: '000000' }), 'INVALID_CREDENTIALS');
    }
    t.clock.advance(STEP_MS);
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }), 'SECOND_STEP_REQUIRED');
    expectOk(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }));
    expect(expectOk(await t.call('account:sign-in-history', {})).failedAttemptsSince).toBe(3);
  });
});
