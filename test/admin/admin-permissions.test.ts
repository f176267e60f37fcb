/**
 * Administration rules, enforced in the core: a non-admin calling any admin channel gets
 * FORBIDDEN and changes nothing; the last admin and self-lockout rules hold.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, type PayloadOf } from '../../src/shared/contract';
import { STRONG_PASSWORD, expectError, expectOk, openTestCore, registration, type TestCore } from '../support/core';

const ADMIN = 1;
const USER = 2;

let t: TestCore;
let adminId: number;
let userId: number;

beforeEach(async () => {
  t = await openTestCore();
  adminId = expectOk(await t.call('auth:register', registration('root'), ADMIN)).user.id;
  userId = expectOk(await t.call('auth:register', registration('alice'), USER)).user.id;
});
afterEach(async () => t.close());

/** A valid payload for every admin channel, so FORBIDDEN can only come from the role check. */
function adminPayloads(target: number): { [C in Channel]?: PayloadOf<C> } {
  return {
    'admin:list-users': {},
    'admin:create-user': { username: 'mallory', email: 'mallory@example.com', role: 'admin' },
    'admin:set-active': { userId: target, active: false },
    'admin:unlock-user': { userId: target },
    'admin:reset-password': { userId: target },
    'admin:end-sessions': { userId: target },
    'admin:set-role': { userId: target, role: 'admin' },
    'admin:delete-user': { userId: target },
    'admin:audit': {},
    'admin:audit-csv': {},
    'admin:get-policy': {},
    'admin:set-policy': { policy: { selfRegistration: false } },
    'admin:reset-two-step': { userId: target }, // issue 13
    'admin:directory-status': {},
    'admin:directory-test': {},
    // Issue 14.
    'admin:inactive-due': {},
    'admin:set-keep': { userId: target, keep: true },
    'admin:backup': {},
    // Issue 11: user details.
    'admin:get-user': { userId: target },
    'admin:update-email': { userId: target, email: 'moved@example.com' },
    // Issue 12: encryption at rest.
    'admin:encryption-status': {},
    'admin:encryption-enable': { mode: 'os-keyring' },
    'admin:encryption-disable': {},
    'admin:encryption-rotate': {},
  };
}

describe('admin channels', () => {
  it('covers every admin channel in the contract', () => {
    const adminChannels = CHANNELS.filter((channel) => channel.startsWith('admin:'));
    expect(Object.keys(adminPayloads(1)).sort()).toEqual([...adminChannels].sort());
  });

  it('answer FORBIDDEN to a signed-in non-admin and change nothing', async () => {
    const before = expectOk(await t.call('admin:list-users', {}, ADMIN));
    const auditBefore = expectOk(await t.call('admin:audit', { pageSize: 100 }, ADMIN)).total;
    for (const [channel, payload] of Object.entries(adminPayloads(adminId))) {
      const result = await t.core.invoke(channel, payload, { windowId: USER, fromAppPage: true });
      expect(result.ok ? 'ok' : result.error.code, channel).toBe('FORBIDDEN');
    }
    expect(expectOk(await t.call('admin:list-users', {}, ADMIN))).toEqual(before);
    expect(expectOk(await t.call('admin:audit', { pageSize: 100 }, ADMIN)).total).toBe(auditBefore);
    expect(expectOk(await t.call('admin:get-policy', {}, ADMIN)).policy.selfRegistration).toBe(true);
  });

  it('answer NOT_AUTHENTICATED when nobody is signed in', async () => {
    for (const [channel, payload] of Object.entries(adminPayloads(adminId))) {
      const result = await t.core.invoke(channel, payload, { windowId: 99, fromAppPage: true });
      expect(result.ok ? 'ok' : result.error.code, channel).toBe('NOT_AUTHENTICATED');
    }
  });

  it('refuse an admin who was demoted after signing in', async () => {
    const other = expectOk(await t.call('admin:create-user', { username: 'second', email: 's@example.com', role: 'admin' }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: 'second', password: other.temporaryPassword }, 3));
    expectOk(await t.call('auth:change-password', { currentPassword: other.temporaryPassword, newPassword: 'another admin passphrase', confirmPassword: 'another admin passphrase' }, 3));
    expectOk(await t.call('admin:set-role', { userId: other.user.id, role: 'user' }, ADMIN));
    // Demotion ended the session, so the window is no longer signed in at all.
    expectError(await t.call('admin:list-users', {}, 3), 'SESSION_EXPIRED');
  });
});

describe('last admin and self-lockout', () => {
  it('an admin cannot disable, demote, delete, reset or end the sessions of their own account', async () => {
    for (const [channel, payload] of [
      ['admin:set-active', { userId: adminId, active: false }],
      ['admin:set-role', { userId: adminId, role: 'user' }],
      ['admin:delete-user', { userId: adminId }],
      ['admin:reset-password', { userId: adminId }],
      ['admin:end-sessions', { userId: adminId }],
    ] as const) {
      const error = expectError(await t.core.invoke(channel, payload, { windowId: ADMIN, fromAppPage: true }), 'CONFLICT');
      expect(error.message).toMatch(/your own account/);
    }
    expect(expectOk(await t.call('auth:session', {}, ADMIN)).user?.role).toBe('admin');
  });

  it('the only admin can be removed by nobody: they may not act on themselves, others are not admins', async () => {
    for (const [channel, payload] of [
      ['admin:set-active', { userId: adminId, active: false }],
      ['admin:set-role', { userId: adminId, role: 'user' }],
      ['admin:delete-user', { userId: adminId }],
    ] as const) {
      expectError(await t.core.invoke(channel, payload, { windowId: ADMIN, fromAppPage: true }), 'CONFLICT');
      expectError(await t.core.invoke(channel, payload, { windowId: USER, fromAppPage: true }), 'FORBIDDEN');
    }
  });

  it('with two admins one may demote the other, and then the remaining one is protected', async () => {
    expectOk(await t.call('admin:set-role', { userId, role: 'admin' }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, USER));
    expectOk(await t.call('admin:set-role', { userId: adminId, role: 'user' }, USER));
    expectError(await t.call('admin:list-users', {}, ADMIN), 'SESSION_EXPIRED');
    expectError(await t.call('admin:delete-user', { userId }, USER), 'CONFLICT');
    const users = expectOk(await t.call('admin:list-users', {}, USER)).users;
    expect(users.filter((user) => user.role === 'admin' && user.active).map((user) => user.username)).toEqual(['alice']);
  });
});
