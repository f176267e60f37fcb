/**
 * Directory sign-in against a real slapd (issue 16 §Accounts, §Offline, §Lockout): through the
 * one door, `invoke`, as the renderer calls it.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkerHasher } from '../../src/main/core/hasher';
import type { DirectoryConfig } from '../../src/main/core';
import {
  DAY,
  auditRows,
  countingHasher,
  expectError,
  expectOk,
  openTestCore,
  queryFile,
  registration,
  storedUser,
  type CountingHasher,
  type TestCore,
} from '../support/core';
import { FIXED_PASSWORD_UID, personDn, SLAPD_MISSING, startSlapd, testDirectoryConfig, type Slapd } from '../support/slapd';
import { CHANGED_IN_DIRECTORY } from '../../src/main/core/directory/account-actions';
import { DIRECTORY_REFUSED } from '../../src/main/core/admin-user-actions';
import { enrol, phoneCode, STEP_MS } from '../support/two-step';

const KEEPER_PASSWORD = 'plum orchard lantern seventeen';

/** A core with the break-glass local administrator `keeper`, its directory set to `config`. */
async function coreWithDirectory(config: DirectoryConfig, hasher?: CountingHasher): Promise<TestCore> {
  const t = await openTestCore({ policy: { lockoutThreshold: 20 }, ...(hasher ? { hasher } : {}) });
  expectOk(await t.core.provisioning.createUser({ username: 'keeper', email: 'keeper@example.com', password: KEEPER_PASSWORD, admin: true }));
  expectOk(await t.core.provisioning.directory.set(config));
  return t;
}

const signIn = (t: TestCore, identifier: string, password: string, windowId = 1) => t.call('auth:login', { identifier, password }, windowId);

async function directoryLink(t: TestCore, username: string) {
  const user = await storedUser(t.dir, username);
  if (!user) return undefined;
  const rows = await queryFile<{ dn: string; cached_hash: string | null; last_online_at: number | null; offline_failures: number }>(
    t.dir,
    'SELECT * FROM directory_accounts WHERE user_id = ?',
    [user.id],
  );
  return rows[0];
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(SLAPD_MISSING)('directory sign-in against slapd', () => {
  let slapd: Slapd;
  let t: TestCore;
  beforeAll(async () => {
    slapd = await startSlapd();
  });
  afterAll(async () => {
    await slapd?.destroy();
  });
  beforeEach(async () => {
    if (slapd.pid === -1) await slapd.start();
  });
  afterEach(async () => {
    await t?.close();
  });

  it('needs a local administrator before a directory can be set', async () => {
    t = await openTestCore();
    const refused = await t.core.provisioning.directory.set(testDirectoryConfig(slapd.url));
    expect(refused.ok).toBe(false);
    expect(t.core.provisioning.directory.status().configured).toBe(false);
  });

  it('first sign-in makes a directory account with no local password; the role follows the admin group at each online sign-in', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    const ada = expectOk(await signIn(t, 'ada', 'ada directory password')).user;
    expect(ada).toMatchObject({ username: 'ada', email: 'ada@example.org', role: 'admin' });
    expect(ada.signedInOffline).toBeUndefined();
    const stored = await storedUser(t.dir, 'ada');
    expect(stored!.password_hash).toBe('!directory');
    expect((await directoryLink(t, 'ada'))!.dn).toBe(personDn('ada'));
    // Offline is off by default: nothing is cached.
    expect((await directoryLink(t, 'ada'))!.cached_hash).toBeNull();

    const linus = expectOk(await signIn(t, 'linus', 'linus directory password', 2)).user;
    expect(linus).toMatchObject({ role: 'user', email: 'linus@directory.invalid' });

    await slapd.setAdmin('ada', false);
    expect(expectOk(await signIn(t, 'ada', 'ada directory password')).user.role).toBe('user');
    await slapd.setAdmin('linus', true);
    expect(expectOk(await signIn(t, 'linus', 'linus directory password', 2)).user.role).toBe('admin');
    await slapd.setAdmin('ada', true);
    await slapd.setAdmin('linus', false);
    const audit = await auditRows(t.dir, 'admin_set_role');
    expect(audit.map((row) => JSON.parse(row.detail!) as unknown)).toEqual([
      { from: 'admin', to: 'user', via: 'directory' },
      { from: 'user', to: 'admin', via: 'directory' },
    ]);
  });

  it('a password changed in the directory works from the next online sign-in; a deleted person loses access and their cache', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url, { offlineDays: 7 }));
    await slapd.addPerson({ uid: 'temp', password: 'temp first password' });
    expectOk(await signIn(t, 'temp', 'temp first password'));
    expect((await directoryLink(t, 'temp'))!.cached_hash).toMatch(/^\$2[aby]\$04\$/);

    await slapd.setPassword('temp', 'temp second password');
    expectError(await signIn(t, 'temp', 'temp first password', 2), 'INVALID_CREDENTIALS');
    // A failed bind alone never drops the cache.
    expect((await directoryLink(t, 'temp'))!.cached_hash).not.toBeNull();
    expectOk(await signIn(t, 'temp', 'temp second password', 2));

    await slapd.deletePerson('temp');
    const gone = expectError(await signIn(t, 'temp', 'temp second password', 3), 'INVALID_CREDENTIALS');
    expect(gone.message).toMatch(/^The username or email and password do not match an account\. \d+ attempts? left/);
    expect((await directoryLink(t, 'temp'))!.cached_hash).toBeNull();
    // Its open sessions ended too.
    expectError(await t.call('session:activity', {}, 2), 'SESSION_EXPIRED');
    expect(await auditRows(t.dir, 'directory_account_gone')).toHaveLength(1);
  });

  it('offline: only when unreachable, within offline-days, with its own failure limit; never-online cannot', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url, { offlineDays: 3 }));
    expectOk(await signIn(t, 'grace', 'grace directory password'));
    expectOk(await t.call('auth:logout', {}));
    await slapd.stop();

    const offline = expectOk(await signIn(t, 'grace', 'grace directory password')).user;
    expect(offline.signedInOffline).toBe(true);
    expect(expectOk(await t.call('auth:session', {})).user!.signedInOffline).toBe(true);
    expectOk(await t.call('auth:logout', {}));

    // Never signed in online here: nothing to check against.
    const never = expectError(await signIn(t, 'linus', 'linus directory password'), 'DIRECTORY_UNREACHABLE');
    // A wrong password offline answers exactly as a name with no cache does.
    const wrong = expectError(await signIn(t, 'grace', 'not it'), 'DIRECTORY_UNREACHABLE');
    expect(wrong.message).toBe(never.message);

    // The cache's own limit: 5 wrong in a row, then even the right one waits for the directory.
    for (let i = 0; i < 4; i++) expectError(await signIn(t, 'grace', `wrong ${i}`), 'DIRECTORY_UNREACHABLE');
    expectError(await signIn(t, 'grace', 'grace directory password'), 'DIRECTORY_UNREACHABLE');
    await slapd.start();
    expectOk(await signIn(t, 'grace', 'grace directory password')); // online resets the limit
    expectOk(await t.call('auth:logout', {}));
    await slapd.stop();
    expectOk(await signIn(t, 'grace', 'grace directory password'));
    expectOk(await t.call('auth:logout', {}));

    // Past offline-days since the last online sign-in: no more.
    t.clock.advance(3 * DAY + 1);
    expectError(await signIn(t, 'grace', 'grace directory password'), 'DIRECTORY_UNREACHABLE');

    const events = (await auditRows(t.dir)).filter((row) => row.identifier === 'grace' || row.event === 'directory_unreachable');
    const modes = events.filter((row) => row.event === 'signin_success').map((row) => (JSON.parse(row.detail!) as { mode: string }).mode);
    expect(modes).toEqual(['online', 'offline', 'online', 'offline']);
    expect(events.some((row) => row.event === 'directory_unreachable')).toBe(true);
  });

  it('a directory that is online decides, even with a cache: the cache is not a second password', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url, { offlineDays: 3 }));
    expectOk(await signIn(t, 'grace', 'grace directory password'));
    await slapd.setPassword('grace', 'grace new password');
    expectError(await signIn(t, 'grace', 'grace directory password', 2), 'INVALID_CREDENTIALS');
    expectOk(await signIn(t, 'grace', 'grace new password', 2));
    await slapd.setPassword('grace', 'grace directory password');
  });

  it('offline-days 0 caches nothing, and switching offline off drops every cache', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url, { offlineDays: 2 }));
    expectOk(await signIn(t, 'grace', 'grace directory password'));
    expect((await directoryLink(t, 'grace'))!.cached_hash).not.toBeNull();
    expectOk(await t.core.provisioning.directory.set(testDirectoryConfig(slapd.url, { offlineDays: 0 })));
    expect((await directoryLink(t, 'grace'))!.cached_hash).toBeNull();
    await slapd.stop();
    expectError(await signIn(t, 'grace', 'grace directory password', 2), 'DIRECTORY_UNREACHABLE');
  });

  it('a local name wins: the directory person is refused and audited, never merged', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    expectOk(await t.core.provisioning.createUser({ username: 'shared', email: 'shared@example.com', password: 'the local password here', admin: false }));
    expectError(await signIn(t, 'shared', 'shared directory password'), 'INVALID_CREDENTIALS');
    const conflicts = await eventually(
      () => auditRows(t.dir, 'directory_name_conflict'),
      (rows) => rows.length > 0,
    );
    expect(conflicts).toHaveLength(1);
    expect((await directoryLink(t, 'shared'))).toBeUndefined();
    expect((await storedUser(t.dir, 'shared'))!.role).toBe('user');
    expectOk(await signIn(t, 'shared', 'the local password here'));
  });

  it('the last-admin rule counts local administrators only', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    const ada = expectOk(await signIn(t, 'ada', 'ada directory password', 2)).user;
    const keeper = (await storedUser(t.dir, 'keeper'))!;
    // ada (a directory administrator) cannot remove the last local one...
    expectError(await t.call('admin:set-role', { userId: keeper.id, role: 'user' }, 2), 'CONFLICT');
    expectError(await t.call('admin:delete-user', { userId: keeper.id }, 2), 'CONFLICT');
    // ...and the local one may disable ada even though no other administrator is local.
    expectOk(await signIn(t, 'keeper', KEEPER_PASSWORD, 1));
    expectOk(await t.call('admin:set-active', { userId: ada.id, active: false }, 1));
  });

  it("an administrator cannot reset a directory account's password (it is the directory's), nor can the CLI", async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    const grace = expectOk(await signIn(t, 'grace', 'grace directory password', 2)).user;
    expectOk(await signIn(t, 'keeper', KEEPER_PASSWORD, 1));
    expect(expectError(await t.call('admin:reset-password', { userId: grace.id }, 1), 'CONFLICT').message).toMatch(/organisation's directory/);
    expect(expectError(await t.core.provisioning.resetPassword('grace'), 'CONFLICT').message).toBe(
      `grace signs in with the organisation's directory: ${DIRECTORY_REFUSED['reset-password']}`,
    );
    expect((await storedUser(t.dir, 'grace'))!.password_hash).toBe('!directory');
  });

  it('the Users screen marks directory accounts and offers nothing the directory decides; the core refuses it if called anyway', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    const grace = expectOk(await signIn(t, 'grace', 'grace directory password', 2)).user;
    const ada = expectOk(await signIn(t, 'ada', 'ada directory password', 3)).user;
    expectOk(await t.core.provisioning.createUser({ username: 'localperson', email: 'lp@example.com', password: 'local person password', admin: false }));
    expectOk(await signIn(t, 'keeper', KEEPER_PASSWORD, 1));

    const rows = expectOk(await t.call('admin:list-users', {}, 1)).users;
    const row = (name: string) => rows.find((user) => user.username === name)!;
    expect(row('grace')).toMatchObject({ fromDirectory: true, allowedActions: ['edit-email', 'disable', 'end-sessions', 'keep', 'delete'] });
    expect(row('ada')).toMatchObject({ fromDirectory: true, role: 'admin', allowedActions: ['edit-email', 'disable', 'end-sessions', 'delete'] });
    expect(row('localperson')).toMatchObject({ fromDirectory: false });
    expect(row('localperson').allowedActions).toEqual(expect.arrayContaining(['reset-password', 'make-admin']));
    expect(row('keeper').fromDirectory).toBe(false);
    // The details view says the same, from the same function.
    expect(expectOk(await t.call('admin:get-user', { userId: grace.id }, 1)).user).toEqual(row('grace'));

    // Called anyway (an old screen, a hostile page): a typed refusal that says why, and nothing changes.
    const because = (action: keyof typeof DIRECTORY_REFUSED, name: string) => `${name} signs in with the organisation's directory: ${DIRECTORY_REFUSED[action]}`;
    expect(expectError(await t.call('admin:set-role', { userId: grace.id, role: 'admin' }, 1), 'CONFLICT').message).toBe(because('make-admin', 'grace'));
    expect(expectError(await t.call('admin:set-role', { userId: ada.id, role: 'user' }, 1), 'CONFLICT').message).toBe(because('remove-admin', 'ada'));
    expect(expectError(await t.call('admin:reset-password', { userId: ada.id }, 1), 'CONFLICT').message).toBe(because('reset-password', 'ada'));
    // On one's own directory account too, without "ask another administrator", who could not either.
    expect(expectError(await t.call('admin:set-role', { userId: ada.id, role: 'user' }, 3), 'CONFLICT').message).toBe(because('remove-admin', 'ada'));
    expect((await storedUser(t.dir, 'grace'))!.role).toBe('user');
    expect((await storedUser(t.dir, 'ada'))!.role).toBe('admin');
    expect((await storedUser(t.dir, 'ada'))!.password_hash).toBe('!directory');
    expect(await auditRows(t.dir, 'admin_set_role')).toHaveLength(0);
    expect(await auditRows(t.dir, 'admin_reset_password')).toHaveLength(0);
    // Their sessions were left alone.
    expect(expectOk(await t.call('auth:session', {}, 2)).user?.username).toBe('grace');
    expect(expectOk(await t.call('auth:session', {}, 3)).user?.role).toBe('admin');

    // Delete still applies: the account and its link go, and the next sign-in makes a new one.
    expectOk(await t.call('admin:delete-user', { userId: grace.id }, 1));
    const links = () => queryFile<{ user_id: number }>(t.dir, 'SELECT user_id FROM directory_accounts WHERE dn = ?', [personDn('grace')]);
    expect(await links()).toEqual([]);
    const again = expectOk(await signIn(t, 'grace', 'grace directory password', 4)).user;
    expect(again.id).not.toBe(grace.id);
    expect(await links()).toEqual([{ user_id: again.id }]);
  });

  it('changes a directory password with RFC 3062, with the current password', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url, { offlineDays: 1 }));
    await slapd.addPerson({ uid: 'changer', password: 'changer old password' });
    expectOk(await signIn(t, 'changer', 'changer old password'));
    const wrong = await t.call('auth:change-password', { currentPassword: 'nope', newPassword: 'changer new password', confirmPassword: 'changer new password' });
    expect(expectError(wrong, 'INVALID_CREDENTIALS').fields).toHaveProperty('currentPassword');
    expectOk(await t.call('auth:change-password', { currentPassword: 'changer old password', newPassword: 'changer new password', confirmPassword: 'changer new password' }));
    expectError(await signIn(t, 'changer', 'changer old password', 2), 'INVALID_CREDENTIALS');
    expectOk(await signIn(t, 'changer', 'changer new password', 2));
    // The cache follows: offline, the new password works and the old one does not.
    await slapd.stop();
    expectError(await signIn(t, 'changer', 'changer old password', 3), 'DIRECTORY_UNREACHABLE');
    expectOk(await signIn(t, 'changer', 'changer new password', 3));
  });

  it('where the directory refuses Password Modify, the person is told to change it there, nothing changes, and others still can', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url, { offlineDays: 1 }));
    expectOk(await signIn(t, FIXED_PASSWORD_UID, 'fixed directory password'));
    const cachedBefore = (await directoryLink(t, FIXED_PASSWORD_UID))!.cached_hash;
    const change = { currentPassword: 'fixed directory password', newPassword: 'fixed new password', confirmPassword: 'fixed new password' };
    const refused = expectError(await t.call('auth:change-password', change), 'FORBIDDEN');
    expect(refused.message).toBe(CHANGED_IN_DIRECTORY);
    expect(refused.message).toMatch(/organisation's password tool/);
    // Nothing changed: not the directory, not the cache, not the session, and no change audited.
    expectOk(await t.call('auth:session', {}));
    expect((await directoryLink(t, FIXED_PASSWORD_UID))!.cached_hash).toBe(cachedBefore);
    expect(await auditRows(t.dir, 'password_change')).toHaveLength(0);
    expectError(await signIn(t, FIXED_PASSWORD_UID, 'fixed new password', 2), 'INVALID_CREDENTIALS');
    expectOk(await signIn(t, FIXED_PASSWORD_UID, 'fixed directory password', 2));

    // Another person on the same directory still changes theirs.
    await slapd.addPerson({ uid: 'other', password: 'other old password' });
    expectOk(await signIn(t, 'other', 'other old password', 3));
    const other = { currentPassword: 'other old password', newPassword: 'other new password', confirmPassword: 'other new password' };
    expectOk(await t.call('auth:change-password', other, 3));
    expectOk(await signIn(t, 'other', 'other new password', 4));
    await slapd.deletePerson('other');
  });

  it('two-step verification stays with local accounts: a directory person is neither offered nor required it', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    expectOk(await signIn(t, 'ada', 'ada directory password')); // a directory administrator
    expectOk(await t.call('admin:set-policy', { policy: { twoStepPolicy: 'everyone' } }));
    expect(expectOk(await t.call('two-step:status', {}))).toMatchObject({ enabled: false, policy: 'off' });
    expectError(await t.call('two-step:begin-setup', {}), 'FORBIDDEN');
    const linus = expectOk(await signIn(t, 'linus', 'linus directory password', 2)).user;
    expect(linus.twoStepSetupRequired).toBeFalsy();
    expectOk(await t.call('account:sign-in-history', {}, 2)); // not held at the setup screen
  });

  it("the dashboard's history counts directory sign-ins like local ones: none before the first, wrong passwords since", async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    expectOk(await signIn(t, 'grace', 'grace directory password'));
    expect(expectOk(await t.call('account:sign-in-history', {}))).toEqual({ previousSignInAt: null, failedAttemptsSince: 0 });
    expectOk(await t.call('auth:logout', {}));
    for (let i = 0; i < 3; i++) expectError(await signIn(t, 'grace', 'not her password'), 'INVALID_CREDENTIALS');
    expectOk(await signIn(t, 'grace', 'grace directory password'));
    const history = expectOk(await t.call('account:sign-in-history', {}));
    expect(history.failedAttemptsSince).toBe(3);
    expect(history.previousSignInAt).not.toBeNull();
  });

  it("a directory sign-in in a window ends that window's half-done two-step sign-in", async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    expectOk(await signIn(t, 'keeper', KEEPER_PASSWORD));
    const { secret } = await enrol(t);
    expectOk(await t.call('auth:logout', {}));
    t.clock.advance(STEP_MS);
    expectError(await signIn(t, 'keeper', KEEPER_PASSWORD), 'SECOND_STEP_REQUIRED');
    expectOk(await signIn(t, 'grace', 'grace directory password'));
    // keeper's code must not turn grace's session into keeper's.
    expectError(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }), 'NOT_FOUND');
    expect(expectOk(await t.call('auth:session', {})).user?.username).toBe('grace');
  });

  it('the lock screen takes the directory password', async () => {
    t = await coreWithDirectory(testDirectoryConfig(slapd.url));
    expectOk(await signIn(t, 'grace', 'grace directory password'));
    expectOk(await t.call('session:lock', {}));
    expectError(await t.call('session:unlock', { password: 'wrong' }), 'INVALID_CREDENTIALS');
    expectOk(await t.call('session:unlock', { password: 'grace directory password' }));
  });
});

describe.skipIf(SLAPD_MISSING)('what a stranger can learn', () => {
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd();
  });
  afterAll(async () => {
    await slapd?.destroy();
  });

  /** Every answer and the bcrypt work of a whole lockout campaign on one name. */
  async function campaign(name: string) {
    const inner = createWorkerHasher(2);
    const hasher = countingHasher(inner);
    const t = await openTestCore({ hasher }); // the default threshold (5)
    try {
      expectOk(await t.core.provisioning.createUser({ username: 'keeper', email: 'keeper@example.com', password: KEEPER_PASSWORD, admin: true }));
      expectOk(await t.core.provisioning.directory.set(testDirectoryConfig(slapd.url)));
      await t.core.provisioning.createUser({ username: 'localperson', email: 'lp@example.com', password: 'local person password', admin: false });
      await t.call('auth:session', {});
      await t.core.provisioning.listUsers();
      await new Promise((resolve) => setTimeout(resolve, 100)); // the dummy hash's warm-up
      hasher.reset();
      const steps = [];
      for (let i = 0; i < 7; i++) {
        const before = hasher.calls.length;
        const answer = await t.call('auth:login', { identifier: name, password: `wrong ${i}` });
        const error = answer.ok ? null : { ...answer.error, unlocksAt: answer.error.unlocksAt ? 'set' : undefined };
        steps.push({ error, work: hasher.calls.slice(before) });
      }
      return steps;
    } finally {
      await t.close();
      await inner.close();
    }
  }

  it('answers, bcrypt work and the lockout sequence are the same for a local name, a directory name and no name', async () => {
    const local = await campaign('localperson');
    const directory = await campaign('grace');
    const nowhere = await campaign('nobody-at-all');
    expect(directory).toEqual(local);
    expect(nowhere).toEqual(local);
    expect(local[0]!.work).toEqual([{ op: 'compare', cost: 4 }]);
    expect(local.map((step) => step.error?.code)).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
    ]);
  });

  it('a locked directory name is not sent to the directory, even with the right password', async () => {
    const t = await openTestCore();
    try {
      expectOk(await t.core.provisioning.createUser({ username: 'keeper', email: 'keeper@example.com', password: KEEPER_PASSWORD, admin: true }));
      expectOk(await t.core.provisioning.directory.set(testDirectoryConfig(slapd.url)));
      for (let i = 0; i < 5; i++) await t.call('auth:login', { identifier: 'grace', password: `wrong ${i}` });
      expectError(await t.call('auth:login', { identifier: 'grace', password: 'grace directory password' }), 'ACCOUNT_LOCKED');
      expect(await storedUser(t.dir, 'grace')).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('registration never asks the directory', () => {
  let listener: Server;
  let connections = 0;
  beforeAll(async () => {
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  it('creates a local account without a single connection to the directory', async () => {
    const port = (listener.address() as { port: number }).port;
    const t = await openTestCore({ policy: { selfRegistration: true } });
    try {
      expectOk(await t.core.provisioning.createUser({ username: 'keeper', email: 'keeper@example.com', password: KEEPER_PASSWORD, admin: true }));
      expectOk(await t.core.provisioning.directory.set(testDirectoryConfig(`ldap://127.0.0.1:${port}`)));
      expectOk(await t.call('auth:register', registration('grace')));
      expect(connections).toBe(0);
      // While a sign-in with a name nobody has here does ask it.
      await t.call('auth:login', { identifier: 'linus', password: 'whatever' }, 2);
      expect(connections).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe.skipIf(SLAPD_MISSING)('the Settings screen channels', () => {
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd();
  });
  afterAll(async () => {
    await slapd?.destroy();
  });

  it('show the status and test the connection for administrators only, with no parameters', async () => {
    const t = await coreWithDirectory(testDirectoryConfig(slapd.url, { offlineDays: 2 }));
    try {
      expectOk(await signIn(t, 'keeper', KEEPER_PASSWORD, 1));
      expectOk(await signIn(t, 'grace', 'grace directory password', 2));
      const { status } = expectOk(await t.call('admin:directory-status', {}, 1));
      expect(status).toMatchObject({ configured: true, url: slapd.url, transport: 'plain-loopback', offlineDays: 2, accounts: 1, cachedCredentials: 1 });
      expect(expectOk(await t.call('admin:directory-test', {}, 1)).test).toMatchObject({ reachable: true });
      expectError(await t.call('admin:directory-status', {}, 2), 'FORBIDDEN');
      expectError(await t.call('admin:directory-test', {}, 2), 'FORBIDDEN');
      // A page cannot aim the test anywhere: the payload has no room for it.
      expectError(await t.core.invoke('admin:directory-test', { url: 'ldap://evil.example' }, { windowId: 1, fromAppPage: true }) as never, 'VALIDATION_FAILED');
      await slapd.stop();
      expect(expectOk(await t.call('admin:directory-test', {}, 1)).test).toMatchObject({ reachable: false });
    } finally {
      await t.close();
    }
  });

  it("app:info tells anyone whether a directory is configured (for the footer's words), never where", async () => {
    const t = await openTestCore();
    try {
      expect(expectOk(await t.call('app:info', {}, 3)).directoryConfigured).toBe(false);
      expectOk(await t.core.provisioning.createUser({ username: 'keeper', email: 'keeper@example.com', password: KEEPER_PASSWORD, admin: true }));
      expectOk(await t.core.provisioning.directory.set(testDirectoryConfig(slapd.url)));
      const info = expectOk(await t.call('app:info', {}, 3));
      expect(info.directoryConfigured).toBe(true);
      expect(JSON.stringify(info)).not.toMatch(/127\.0\.0\.1|dc=example/);
      expectOk(await t.core.provisioning.directory.clear());
      expect(expectOk(await t.call('app:info', {}, 3)).directoryConfigured).toBe(false);
    } finally {
      await t.close();
    }
  });
});
