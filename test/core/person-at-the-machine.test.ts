/**
 * Issue 11 in the core: what the person at the machine is told and what a walk-up stranger can
 * do. The first administrator of a kiosk, the previous sign-in and the failures since, the
 * lockout's wording from its absolute end, attempts left, Remember me off by default, and every
 * field problem in one answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lockedMessage, minutesUntil } from '../../src/shared/sign-in-messages';
import { MIGRATIONS } from '../../src/main/core/store/migrations';
import { STRONG_PASSWORD, auditRows, editFile, expectError, expectOk, openTestCore, queryFile, registration, type TestCore } from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

const MINUTE = 60_000;
const WRONG = 'not the password at all';

function login(identifier: string, password: string, windowId = 1) {
  return t.call('auth:login', { identifier, password }, windowId);
}

describe('first run', () => {
  it('says whether the device is set up, and the first account is its administrator', async () => {
    t = await openTestCore();
    expect(expectOk(await t.call('app:info', {})).setUp).toBe(false);
    expect(expectOk(await t.call('auth:register', registration('alice'))).user.role).toBe('admin');
    expect(expectOk(await t.call('app:info', {})).setUp).toBe(true);
  });

  it('in kiosk mode nobody at the screen becomes the first administrator, even with registration opened', async () => {
    t = await openTestCore({ kiosk: true, policy: { selfRegistration: true } });
    const refused = expectError(await t.call('auth:register', registration('mallory')), 'REGISTRATION_CLOSED');
    expect(refused.message).toMatch(/not set up yet\. Ask staff/);
    expect(await queryFile(t.dir, 'SELECT id FROM users')).toEqual([]);
    expect(expectOk(await t.call('app:info', {})).setUp).toBe(false);
    // The CLI is the way: after it, the kiosk is set up and its policy applies as before.
    expectOk(await t.core.provisioning.createUser({ username: 'staff', email: 'staff@example.com', password: STRONG_PASSWORD, admin: true }));
    expect(expectOk(await t.call('app:info', {})).setUp).toBe(true);
    expect(expectOk(await t.call('auth:register', registration('walkup'))).user.role).toBe('user');
  });

  it('a kiosk switched on by stored policy refuses the first registration too', async () => {
    t = await openTestCore({ policy: { kioskMode: true } });
    expectError(await t.call('auth:register', registration('mallory')), 'REGISTRATION_CLOSED');
  });
});

describe('previous sign-in', () => {
  it('is the one before this one, with the failed attempts on the account since it', async () => {
    t = await openTestCore({ policy: { lockoutThreshold: 3 } });
    expectOk(await t.call('auth:register', registration('alice')));
    // Registering signs in: there is no sign-in before it.
    expect(expectOk(await t.call('account:sign-in-history', {}))).toEqual({ previousSignInAt: null, failedAttemptsSince: 0 });
    const registeredAt = t.clock.now();
    expectOk(await t.call('auth:logout', {}));

    t.clock.advance(60 * MINUTE);
    expectError(await login('alice', WRONG), 'INVALID_CREDENTIALS');
    expectError(await login('ALICE@example.com', WRONG), 'INVALID_CREDENTIALS');
    expectError(await login('ghost', WRONG), 'INVALID_CREDENTIALS'); // nobody's account: not counted on alice
    t.clock.advance(MINUTE);
    expectOk(await login('alice', STRONG_PASSWORD));
    const secondAt = t.clock.now();
    expect(expectOk(await t.call('account:sign-in-history', {}))).toEqual({
      previousSignInAt: new Date(registeredAt).toISOString(),
      failedAttemptsSince: 2,
    });
    // Asking is not activity, and asking again says the same.
    expect(expectOk(await t.call('account:sign-in-history', {})).failedAttemptsSince).toBe(2);

    expectOk(await t.call('auth:logout', {}));
    t.clock.advance(MINUTE);
    expectOk(await login('alice', STRONG_PASSWORD));
    expect(expectOk(await t.call('account:sign-in-history', {}))).toEqual({ previousSignInAt: new Date(secondAt).toISOString(), failedAttemptsSince: 0 });
    expectError(await t.call('account:sign-in-history', {}, 2), 'NOT_AUTHENTICATED');
  });
});

describe('lockout wording', () => {
  it('counts minutes from the absolute unlock time, the same a second later', () => {
    const until = 1_000_000_000;
    expect(minutesUntil(until, until - 15 * MINUTE - 5)).toBe(15); // the lock's own answer, a few ms late
    expect(minutesUntil(until, until - 15 * MINUTE + 1_000)).toBe(15);
    expect(minutesUntil(until, until - 14 * MINUTE - 1_000)).toBe(15);
    expect(minutesUntil(until, until - 14 * MINUTE)).toBe(14);
    expect(minutesUntil(until, until - 1_000)).toBe(1);
    expect(lockedMessage(until, until - MINUTE)).toBe('Too many wrong passwords. Try again in 1 minute.');
  });

  it('says attempts left before a lock, identically for a name with an account and one without', async () => {
    t = await openTestCore({ policy: { lockoutThreshold: 3 } });
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('auth:logout', {}));
    const answers = async (name: string) => {
      const out: string[] = [];
      for (let i = 0; i < 4; i++) {
        const result = await login(name, WRONG);
        out.push(result.ok ? 'ok' : `${result.error.code}|${result.error.attemptsLeft}|${result.error.message}`);
      }
      return out;
    };
    const known = await answers('alice');
    const unknown = await answers('ghost');
    expect(known).toEqual(unknown);
    expect(known[0]).toBe(
      'INVALID_CREDENTIALS|2|The username or email and password do not match an account. 2 attempts left before sign-in with this name is locked for 15 minutes.',
    );
    expect(known[1]).toMatch(/1 attempt left before/);
    expect(known[2]).toBe('ACCOUNT_LOCKED|0|Too many wrong passwords. Try again in 15 minutes.');
    expect(known[3]).toBe('ACCOUNT_LOCKED|0|Too many wrong passwords. Try again in 15 minutes.');
  });
});

describe('Remember me', () => {
  it('is off on a new store, and a store that had accounts before issue 11 keeps it on', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    expect(expectOk(await t.call('app:info', {})).policy.rememberAllowed).toBe(false);
    // The migration that made it off by default marks stores that already had accounts.
    const migration = MIGRATIONS.find((sql) => sql.includes('rememberDefaultBeforeIssue11'))!;
    expect(migration).toMatch(/WHERE EXISTS \(SELECT 1 FROM users\)/);
    await t.core.close();
    await editFile(t.dir, (db) => db.run("INSERT INTO settings (key, value) VALUES ('rememberDefaultBeforeIssue11', 'true')"));
    await t.reopen();
    expect(expectOk(await t.call('app:info', {})).policy.rememberAllowed).toBe(true);
    // An administrator's choice still wins, and a kiosk keeps its own default.
    expectOk(await login('alice', STRONG_PASSWORD));
    expectOk(await t.call('admin:set-policy', { policy: { rememberAllowed: false } }));
    expect(expectOk(await t.call('app:info', {})).policy.rememberAllowed).toBe(false);
    await t.reopen({ kiosk: true });
    await t.core.close();
    await editFile(t.dir, (db) => db.run("DELETE FROM settings WHERE key = 'rememberAllowed'"));
    await t.reopen({ kiosk: true });
    expect(expectOk(await t.call('app:info', {})).policy.rememberAllowed).toBe(false);
  });
});

describe('every problem in one answer', () => {
  it('change password: a wrong current password beside a refused new one and a mismatch', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    const error = expectError(
      await t.call('auth:change-password', { currentPassword: WRONG, newPassword: 'password123', confirmPassword: 'password12' }),
      'INVALID_CREDENTIALS',
    );
    expect(error.fields).toEqual({
      currentPassword: 'This is not your current password.',
      newPassword: expect.stringMatching(/most commonly used/),
      confirmPassword: 'The passwords do not match.',
    });
    expect(await auditRows(t.dir, 'password_change_failure')).toHaveLength(1);
  });

  it('register: taken username, taken email, a password containing the username, all at once', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('auth:logout', {}));
    const error = expectError(
      await t.call('auth:register', { username: 'ALICE', email: 'alice@example.com', password: 'xxalicexx-long', confirmPassword: 'nope' }),
      'VALIDATION_FAILED',
    );
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['confirmPassword', 'email', 'password', 'username']);
  });

  it('create user: taken username and taken email at once', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    const error = expectError(await t.call('admin:create-user', { username: 'Alice', email: 'ALICE@example.com', role: 'user' }), 'VALIDATION_FAILED');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['email', 'username']);
  });
});

describe('edit profile', () => {
  it('changing the email asks for the password; a wrong one changes nothing and counts', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    expect(expectError(await t.call('account:update-profile', { email: 'new@example.com' }), 'VALIDATION_FAILED').fields).toEqual({
      currentPassword: 'Enter your password to change your email.',
    });
    expect(
      expectError(await t.call('account:update-profile', { email: 'bad', currentPassword: WRONG }), 'INVALID_CREDENTIALS').fields,
    ).toEqual({ email: expect.any(String), currentPassword: 'This is not your password.' });
    expect((await queryFile<{ email: string; failed_attempts: number }>(t.dir, 'SELECT email, failed_attempts FROM users'))[0]).toEqual({
      email: 'alice@example.com',
      failed_attempts: 1,
    });
    // The same email in another case is no change: no password needed.
    expectOk(await t.call('account:update-profile', { email: 'alice@example.com' }));
    const { user } = expectOk(await t.call('account:update-profile', { email: 'new@example.com', currentPassword: STRONG_PASSWORD }));
    expect(user.email).toBe('new@example.com');
    const audit = await auditRows(t.dir, 'profile_change');
    expect(JSON.parse(audit.at(-1)!.detail!)).toEqual({ email: { from: 'alice@example.com', to: 'new@example.com' } });
  });
});

describe('lock screen', () => {
  it('is told how long until the session is signed out: the idle deadline, which a lock does not stop', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('session:lock', {}));
    expect(expectOk(await t.call('auth:session', {})).signOutInMs).toBe(15 * MINUTE);
    t.clock.advance(5 * MINUTE);
    expect(expectOk(await t.call('auth:session', {})).signOutInMs).toBe(10 * MINUTE);
    expect(expectOk(await t.call('auth:session', {}, 2)).signOutInMs).toBeUndefined();
  });
});
