/**
 * Issue 10 §2: the last-admin rule cannot be raced, an emptied store never hands out admin
 * rights again, and a locked-out administrator has a way back on the machine itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, EXIT } from '../../src/cli/gatehouse';
import { openGatehouse } from '../../src/main/core';
import { STRONG_PASSWORD, editFile, expectError, expectOk, openTestCore, registration, type TestCore } from '../support/core';

const ROOT = 1;
const SECOND = 2;
let t: TestCore;
afterEach(async () => t.close());

async function twoAdmins(): Promise<{ rootId: number; secondId: number }> {
  t = await openTestCore();
  const rootId = expectOk(await t.call('auth:register', registration('root'), ROOT)).user.id;
  const secondId = expectOk(await t.call('auth:register', registration('second'), SECOND)).user.id;
  expectOk(await t.call('admin:set-role', { userId: secondId, role: 'admin' }, ROOT));
  return { rootId, secondId };
}

function activeAdmins(): number {
  return t.core.provisioning.listUsers().filter(
    (user) => user.role === 'admin' && user.active,
  ).length;
}

describe('two administrators acting on each other at the same moment', () => {
  it('delete against delete leaves one administrator', async () => {
    const { rootId, secondId } = await twoAdmins();
    const answers = await Promise.all([
      t.call('admin:delete-user', { userId: secondId }, ROOT),
      t.call('admin:delete-user', { userId: rootId }, SECOND),
    ]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(activeAdmins()).toBe(1);
  });

  it('delete against demote leaves one administrator', async () => {
    const { rootId, secondId } = await twoAdmins();
    await Promise.all([
      t.call('admin:delete-user', { userId: secondId }, ROOT),
      t.call('admin:set-role', { userId: rootId, role: 'user' }, SECOND),
    ]);
    expect(activeAdmins()).toBe(1);
  });

  it('delete against disable leaves one administrator', async () => {
    const { rootId, secondId } = await twoAdmins();
    await Promise.all([
      t.call('admin:delete-user', { userId: secondId }, ROOT),
      t.call('admin:set-active', { userId: rootId, active: false }, SECOND),
    ]);
    expect(activeAdmins()).toBe(1);
  });
});

describe('an action that awaits (hashing) before it writes', () => {
  it('a password reset racing a delete answers NOT_FOUND, never INTERNAL, ', async () => {
    await twoAdmins();
    const victimId = expectOk(await t.call('auth:register', registration('victim'), 3)).user.id;
    const [reset, deleted] = await Promise.all([
      t.call('admin:reset-password', { userId: victimId }, ROOT),
      t.call('admin:delete-user', { userId: victimId }, SECOND),
    ]);
    expectOk(deleted);
    expectError(reset, 'NOT_FOUND');
  });

  it('an administrator demoted while creating an account creates nothing', async () => {
    const { secondId } = await twoAdmins();
    const [created, demoted] = await Promise.all([
      t.call('admin:create-user', { username: 'evil', email: 'evil@example.com', role: 'admin' }, SECOND),
      t.call('admin:set-role', { userId: secondId, role: 'user' }, ROOT),
    ]);
    expectOk(demoted);
    expectError(created, 'FORBIDDEN');
    expect(t.core.provisioning.listUsers().map((u) => u.username)).not.toContain('evil');
  });
});

describe('a store that has had accounts', () => {
  it('never makes a registrant an administrator again, even when every account is gone', async () => {
    t = await openTestCore();
    const rootId = expectOk(await t.call('auth:register', registration('root'), ROOT)).user.id;
    // The only way to empty it: the store is edited behind the app's back (or by a future bug).
    await t.core.close();
    await editFile(t.dir, (db) => db.run('DELETE FROM users WHERE id = ?', [rootId]));
    t.core = await openGatehouse({ dataDir: t.dir, bcryptCost: 4, clock: t.clock.now, warn: () => {}, kiosk: true });
    expectError(await t.call('auth:register', registration('stranger'), 5), 'REGISTRATION_CLOSED');
    await t.reopen({ kiosk: false });
    expect(expectOk(await t.call('auth:register', registration('stranger'), 5)).user.role).toBe('user');
  });
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdin: async () => '', out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('recovery on the machine', () => {
  it('unlock lifts a lockout and reset-password prints a one-time password that must be changed', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('root'), ROOT));
    for (let i = 0; i < 5; i++) await t.call('auth:login', { identifier: 'root', password: 'wrong password here' }, 4);
    expectError(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, 4), 'ACCOUNT_LOCKED');
    await t.core.close();

    expect(await cli(['unlock', 'root', '--data-dir', t.dir])).toMatchObject({ code: EXIT.ok });
    const reset = await cli(['reset-password', 'root', '--data-dir', t.dir]);
    expect(reset.code).toBe(EXIT.ok);
    const temporary = /([a-z2-9]{4}(-[a-z2-9]{4}){3})/.exec(reset.out)?.[1];
    expect(temporary).toBeDefined();
    expect((await cli(['unlock', 'nobody', '--data-dir', t.dir])).code).toBe(EXIT.refused);
    // A refusal quotes what was typed: a terminal escape in it is printed escaped, not run.
    const hostile = await cli(['reset-password', 'nobody\u001b[2J', '--data-dir', t.dir]);
    expect(hostile.code).toBe(EXIT.refused);
    expect(hostile.err + hostile.out).toContain('nobody\\x1b[2J');
    expect(hostile.err + hostile.out).not.toContain('\u001b');

    t.core = await openGatehouse({ dataDir: t.dir, bcryptCost: 4, clock: t.clock.now, warn: () => {} });
    expectError(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, 4), 'INVALID_CREDENTIALS');
    const signedIn = expectOk(await t.call('auth:login', { identifier: 'root', password: temporary! }, 4));
    expect(signedIn.user.mustChangePassword).toBe(true);
  });
});
