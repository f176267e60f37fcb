/** What each admin action does to the account it targets, and what the audit log says. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryRememberStore } from '../../src/main/core';
import { STRONG_PASSWORD, expectError, expectOk, openTestCore, registration, type TestCore } from '../support/core';

const ADMIN = 1;
const USER = 2;

let t: TestCore;
let userId: number;

beforeEach(async () => {
  t = await openTestCore({ rememberStore: memoryRememberStore() });
  expectOk(await t.call('auth:register', registration('root'), ADMIN));
  userId = expectOk(await t.call('auth:register', registration('alice'), USER)).user.id;
});
afterEach(async () => t.close());

async function auditEvents(): Promise<string[]> {
  return expectOk(await t.call('admin:audit', { pageSize: 100 }, ADMIN)).entries.map((entry) => entry.event);
}

describe('creating users', () => {
  it('gives a one-time temporary password and forces a change at first sign-in', async () => {
    const created = expectOk(await t.call('admin:create-user', { username: 'Bob', email: 'bob@example.com', role: 'user' }, ADMIN));
    expect(created.temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(created.user.mustChangePassword).toBe(true);
    expect(JSON.stringify(expectOk(await t.call('admin:list-users', {}, ADMIN)))).not.toContain(created.temporaryPassword);

    const signedIn = expectOk(await t.call('auth:login', { identifier: 'bob', password: created.temporaryPassword }, 7));
    expect(signedIn.user.mustChangePassword).toBe(true);
    // Nothing else is reachable until the password is changed.
    expectError(await t.call('account:update-profile', { email: 'b@example.com' }, 7), 'PASSWORD_CHANGE_REQUIRED');
    expectOk(await t.call('auth:change-password', { currentPassword: created.temporaryPassword, newPassword: 'a passphrase of my own', confirmPassword: 'a passphrase of my own' }, 7));
    expect(expectOk(await t.call('auth:session', {}, 7)).user?.mustChangePassword).toBe(false);
    expectOk(await t.call('account:update-profile', { email: 'b@example.com', currentPassword: 'a passphrase of my own' }, 7));
    expect(await auditEvents()).toContain('admin_create_user');
  });

  it('applies the username and email rules and uniqueness', async () => {
    const error = expectError(await t.call('admin:create-user', { username: 'ALICE', email: 'not-an-email', role: 'user' }, ADMIN), 'VALIDATION_FAILED');
    expect(error.fields?.username).toMatch(/already taken/);
    expect(error.fields?.email).toMatch(/email address/);
  });

  it('two temporary passwords are never the same', async () => {
    const a = expectOk(await t.call('admin:create-user', { username: 'one', email: 'one@example.com', role: 'user' }, ADMIN));
    const b = expectOk(await t.call('admin:create-user', { username: 'two', email: 'two@example.com', role: 'user' }, ADMIN));
    expect(a.temporaryPassword).not.toBe(b.temporaryPassword);
  });
});

describe('actions on an account', () => {
  it('disabling ends every session at once, including a remembered one; enabling lets them back', async () => {
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: true }, 3));
    expectOk(await t.call('admin:set-active', { userId, active: false }, ADMIN));
    expectError(await t.call('account:update-profile', {}, USER), 'SESSION_EXPIRED');
    expectError(await t.call('account:update-profile', {}, 3), 'SESSION_EXPIRED');
    expect(expectOk(await t.call('auth:session', {}, 9)).user).toBeNull(); // the remembered token is gone too
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, USER), 'ACCOUNT_DISABLED');
    expectOk(await t.call('admin:set-active', { userId, active: true }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, USER));
    const events = await auditEvents();
    expect(events).toContain('admin_disable_user');
    expect(events).toContain('admin_enable_user');
  });

  it('unlock clears a lockout, on both spellings of the account', async () => {
    // Sign-in counts per typed name (issue 10 §5): lock the username and the email separately.
    for (let i = 0; i < 5; i++) await t.call('auth:login', { identifier: 'alice', password: `wrong ${i}` }, 5);
    for (let i = 0; i < 5; i++) await t.call('auth:login', { identifier: 'ALICE@example.com', password: `wrong ${i}` }, 5);
    const locked = expectOk(await t.call('admin:list-users', { query: 'alice' }, ADMIN)).users[0]!;
    expect(locked.lockedUntil).not.toBeNull();
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 5), 'ACCOUNT_LOCKED');
    expectError(await t.call('auth:login', { identifier: 'alice@example.com', password: STRONG_PASSWORD }, 5), 'ACCOUNT_LOCKED');
    expect(expectOk(await t.call('admin:unlock-user', { userId }, ADMIN)).user.lockedUntil).toBeNull();
    // Both counts are gone, not just the locks (checked before a success would clear them anyway).
    for (const identifier of ['alice', 'alice@example.com']) {
      const wrong = expectError(await t.call('auth:login', { identifier, password: 'wrong again' }, 5), 'INVALID_CREDENTIALS');
      expect(wrong.attemptsLeft, identifier).toBe(4);
    }
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 5));
  });

  it('reset gives a new temporary password, ends sessions and voids the old password', async () => {
    const reset = expectOk(await t.call('admin:reset-password', { userId }, ADMIN));
    expect(reset.user.mustChangePassword).toBe(true);
    expectError(await t.call('account:update-profile', {}, USER), 'SESSION_EXPIRED');
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, USER), 'INVALID_CREDENTIALS');
    expectOk(await t.call('auth:login', { identifier: 'alice', password: reset.temporaryPassword }, USER));
  });

  it('end sessions signs the user out everywhere and counts what it ended', async () => {
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 3));
    expect(expectOk(await t.call('admin:end-sessions', { userId }, ADMIN)).ended).toBe(2);
    expectError(await t.call('account:update-profile', {}, USER), 'SESSION_EXPIRED');
    expectError(await t.call('account:update-profile', {}, 3), 'SESSION_EXPIRED');
  });

  it('delete removes the account and its sessions but keeps its audit history', async () => {
    expectOk(await t.call('admin:delete-user', { userId }, ADMIN));
    expectError(await t.call('account:update-profile', {}, USER), 'SESSION_EXPIRED');
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, USER), 'INVALID_CREDENTIALS');
    expectError(await t.call('admin:delete-user', { userId }, ADMIN), 'NOT_FOUND');
    const history = expectOk(await t.call('admin:audit', { userId, pageSize: 100 }, ADMIN)).entries;
    expect(history.map((entry) => entry.event)).toEqual(expect.arrayContaining(['register', 'admin_delete_user']));
  });

  it('promote and demote change what the user may do', async () => {
    expectOk(await t.call('admin:set-role', { userId, role: 'admin' }, ADMIN));
    expectOk(await t.call('admin:list-users', {}, USER));
    expectOk(await t.call('admin:set-role', { userId, role: 'user' }, ADMIN));
    expectError(await t.call('admin:list-users', {}, USER), 'SESSION_EXPIRED');
  });
});

describe('lists', () => {
  it('searches by username or email, literally, and pages', async () => {
    for (let i = 0; i < 12; i++) {
      expectOk(await t.call('admin:create-user', { username: `user_${String(i).padStart(2, '0')}`, email: `u${i}@corp.example`, role: 'user' }, ADMIN));
    }
    const page1 = expectOk(await t.call('admin:list-users', { query: 'corp.example', pageSize: 5 }, ADMIN));
    expect(page1.total).toBe(12);
    expect(page1.users).toHaveLength(5);
    const page3 = expectOk(await t.call('admin:list-users', { query: 'corp.example', pageSize: 5, page: 3 }, ADMIN));
    expect(page3.users.map((user) => user.username)).toEqual(['user_10', 'user_11']);
    // `_` is a character to find, not a wildcard: "r_0" matches user_0x only.
    expect(expectOk(await t.call('admin:list-users', { query: 'r_0' }, ADMIN)).total).toBe(10);
    expect(expectOk(await t.call('admin:list-users', { query: '%' }, ADMIN)).total).toBe(0);
    expect(expectOk(await t.call('admin:list-users', { query: 'ALICE' }, ADMIN)).users.map((u) => u.username)).toEqual(['alice']);
  });

  it('lists the audit log newest first, filtered by user and event, and exports CSV safely', async () => {
    await t.call('auth:login', { identifier: '=HYPERLINK("http://evil")', password: 'x' }, 5);
    t.clock.advance(1000);
    await t.call('auth:login', { identifier: 'alice', password: 'wrong' }, 5);
    const failures = expectOk(await t.call('admin:audit', { event: 'signin_failure' }, ADMIN)).entries;
    expect(failures.map((entry) => entry.identifier)).toEqual(['alice', '=HYPERLINK("http://evil")']);
    const alice = expectOk(await t.call('admin:audit', { userId }, ADMIN)).entries;
    expect(alice.every((entry) => entry.userId === userId || entry.actorId === userId)).toBe(true);
    const paged = expectOk(await t.call('admin:audit', { pageSize: 2, page: 1 }, ADMIN));
    expect(paged.entries).toHaveLength(2);
    expect(paged.total).toBeGreaterThan(2);

    const { csv, filename } = expectOk(await t.call('admin:audit-csv', { event: 'signin_failure' }, ADMIN));
    expect(filename).toMatch(/^gatehouse-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('time,event,user_id,username,actor_id,actor,identifier,detail');
    expect(lines).toHaveLength(3);
    // A spreadsheet must not run what an attacker typed as a formula.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe('policy', () => {
  it('changes apply at once, are stored and audited, and out-of-range values are refused', async () => {
    expectOk(await t.call('admin:set-policy', { policy: { selfRegistration: false, minPasswordLength: 12 } }, ADMIN));
    expectError(await t.call('auth:register', registration('carol'), 8), 'REGISTRATION_CLOSED');
    expect(expectOk(await t.call('app:info', {}, 8)).policy.minPasswordLength).toBe(12);
    const refused = expectError(await t.call('admin:set-policy', { policy: { idleTimeoutMs: 5, lockoutThreshold: 0 } }, ADMIN), 'VALIDATION_FAILED');
    expect(Object.keys(refused.fields ?? {}).sort()).toEqual(['idleTimeoutMs', 'lockoutThreshold']);
    await t.reopen();
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
    const policy = expectOk(await t.call('admin:get-policy', {}, ADMIN)).policy;
    expect(policy).toMatchObject({ selfRegistration: false, minPasswordLength: 12, idleTimeoutMs: 15 * 60_000 });
    expect(await auditEvents()).toContain('policy_change');
  });

  it('a shorter idle timeout applies to sessions already open', async () => {
    expectOk(await t.call('admin:set-policy', { policy: { idleTimeoutMs: 2 * 60_000 } }, ADMIN));
    t.clock.advance(3 * 60_000);
    expectError(await t.call('account:update-profile', {}, USER), 'SESSION_EXPIRED');
  });

  it('switching remember-me off ends remembered sessions', async () => {
    expectOk(await t.call('admin:set-policy', { policy: { rememberAllowed: true } }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: true }, 3));
    expectOk(await t.call('admin:set-policy', { policy: { rememberAllowed: false } }, ADMIN));
    expectError(await t.call('account:update-profile', {}, 3), 'SESSION_EXPIRED');
    expect(expectOk(await t.call('auth:session', {}, 11)).user).toBeNull();
  });
});
