/**
 * Issue 11, administrators: what the core allows on each row (its own row never offers what it
 * would refuse), the user-details view and its email edit, and a deleted account's name kept in
 * the audit log (rows, filter, CSV).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SELF_REFUSED } from '../../src/main/core/admin-user-actions';
import type { AdminUserAction } from '../../src/shared/admin';
import { databaseBeforeMigration, expectError, expectOk, openTestCore, registration, type TestCore } from '../support/core';

const ADMIN = 1;
const USER = 2;

let t: TestCore;
let rootId: number;
let aliceId: number;

beforeEach(async () => {
  t = await openTestCore();
  rootId = expectOk(await t.call('auth:register', registration('root'), ADMIN)).user.id;
  aliceId = expectOk(await t.call('auth:register', registration('alice'), USER)).user.id;
});
afterEach(async () => t.close());

async function allowedFor(userId: number): Promise<AdminUserAction[]> {
  const page = expectOk(await t.call('admin:list-users', {}, ADMIN));
  return page.users.find((u) => u.id === userId)!.allowedActions;
}

describe('allowed actions per row', () => {
  it("the administrator's own row leaves out every action the core refuses on oneself", async () => {
    const own = await allowedFor(rootId);
    expect(own).toEqual(['edit-email']);
    for (const action of Object.keys(SELF_REFUSED)) expect(own).not.toContain(action);
  });

  it("another account's row offers what applies to its state, and each offered action is accepted", async () => {
    expect(await allowedFor(aliceId)).toEqual(['edit-email', 'disable', 'reset-password', 'end-sessions', 'make-admin', 'keep', 'delete']);
    expectOk(await t.call('admin:set-active', { userId: aliceId, active: false }, ADMIN));
    expect(await allowedFor(aliceId)).toContain('enable');
    expect(await allowedFor(aliceId)).not.toContain('disable');
    expectOk(await t.call('admin:set-keep', { userId: aliceId, keep: true }, ADMIN));
    expect(await allowedFor(aliceId)).toContain('unkeep');
    expect(await allowedFor(rootId)).not.toContain('keep'); // administrators are never removed for inactivity
  });

  it('every self action the list leaves out is one the core refuses, in the same words', async () => {
    expectError(await t.call('admin:set-active', { userId: rootId, active: false }, ADMIN), 'CONFLICT');
    expectError(await t.call('admin:delete-user', { userId: rootId }, ADMIN), 'CONFLICT');
    expectError(await t.call('admin:reset-password', { userId: rootId }, ADMIN), 'CONFLICT');
    expectError(await t.call('admin:end-sessions', { userId: rootId }, ADMIN), 'CONFLICT');
    const demote = expectError(await t.call('admin:set-role', { userId: rootId, role: 'user' }, ADMIN), 'CONFLICT');
    expect(demote.message).toContain(`You cannot ${SELF_REFUSED['remove-admin']} your own account`);
  });
});

describe('user details and the email edit', () => {
  it('reads one account with its allowed actions; an unknown id is NOT_FOUND', async () => {
    const { user } = expectOk(await t.call('admin:get-user', { userId: aliceId }, ADMIN));
    expect(user).toMatchObject({ username: 'alice', email: 'alice@example.com', allowedActions: expect.arrayContaining(['delete']) });
    expectError(await t.call('admin:get-user', { userId: 999 }, ADMIN), 'NOT_FOUND');
    expectError(await t.call('admin:get-user', { userId: aliceId }, USER), 'FORBIDDEN');
  });

  it('changes the email with the registration rules, and audits who changed it', async () => {
    const changed = expectOk(await t.call('admin:update-email', { userId: aliceId, email: '  Alice.New@Example.com ' }, ADMIN));
    expect(changed.user.email).toBe('Alice.New@Example.com');
    // Signing in by the new address works (normalised as at registration).
    expectOk(await t.call('auth:login', { identifier: 'alice.new@example.com', password: registration('alice').password }, 5));

    const bad = expectError(await t.call('admin:update-email', { userId: aliceId, email: 'not-an-email' }, ADMIN), 'VALIDATION_FAILED');
    expect(bad.fields?.email).toMatch(/email address/);
    const taken = expectError(await t.call('admin:update-email', { userId: aliceId, email: 'ROOT@example.com' }, ADMIN), 'VALIDATION_FAILED');
    expect(taken.fields?.email).toMatch(/already exists/);
    expectError(await t.call('admin:update-email', { userId: aliceId, email: 'x@example.com' }, USER), 'FORBIDDEN');
    expectError(await t.call('admin:update-email', { userId: 999, email: 'x@example.com' }, ADMIN), 'NOT_FOUND');

    const entries = expectOk(await t.call('admin:audit', { event: 'profile_change' }, ADMIN)).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ userId: aliceId, actorId: rootId, actorName: 'root' });
    expect(JSON.parse(entries[0]!.detail!)).toEqual({ email: { from: 'alice@example.com', to: 'Alice.New@Example.com' } });
  });
});

describe("a deleted account's name in the audit log", () => {
  it('stays on its rows, in the filter choices and in the CSV', async () => {
    expectOk(await t.call('admin:delete-user', { userId: aliceId }, ADMIN));
    const page = expectOk(await t.call('admin:audit', { userId: aliceId }, ADMIN));
    expect(page.entries.length).toBeGreaterThanOrEqual(2); // registered, deleted
    for (const entry of page.entries) expect(entry).toMatchObject({ username: 'alice', userDeleted: true });
    expect(page.deletedAccounts).toEqual([{ id: aliceId, username: 'alice' }]);

    const csv = expectOk(await t.call('admin:audit-csv', { userId: aliceId }, ADMIN)).csv.trimEnd().split('\r\n');
    for (const line of csv.slice(1)) expect(line).toContain(`,"${aliceId}","alice",`);
  });

  it('a new account never takes the id of the newest deleted one, so its rows stay with the deleted name', async () => {
    // alice is the newest account: without care SQLite hands her id to the next insert.
    expectOk(await t.call('admin:delete-user', { userId: aliceId }, ADMIN));
    const bob = expectOk(await t.call('auth:register', registration('bob'), 3)).user;
    expect(bob.id).toBeGreaterThan(aliceId);
    const alicesRows = expectOk(await t.call('admin:audit', { userId: aliceId }, ADMIN)).entries;
    for (const entry of alicesRows) expect(entry).toMatchObject({ username: 'alice', userDeleted: true });
    const bobsRows = expectOk(await t.call('admin:audit', { userId: bob.id }, ADMIN)).entries;
    expect(bobsRows.map((e) => e.username)).toEqual(bobsRows.map(() => 'bob'));
  });

  it('an account deleted before the migration gets the name its delete row recorded', async () => {
    const { db, migration } = await databaseBeforeMigration('CREATE TABLE deleted_users');
    db.run("INSERT INTO audit_log (at, event, user_id, actor_id, detail) VALUES (1, 'admin_delete_user', 7, 1, ?)", [
      JSON.stringify({ username: 'bob', email: 'bob@example.com' }),
    ]);
    db.run("INSERT INTO audit_log (at, event, user_id, actor_id, detail) VALUES (2, 'admin_delete_user', 8, 1, 'not json')");
    db.exec(migration);
    expect(db.exec('SELECT id, username FROM deleted_users')[0]?.values).toEqual([[7, 'bob']]);
    db.close();
  });
});
