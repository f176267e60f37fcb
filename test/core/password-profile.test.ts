/**
 * auth:change-password and account:update-profile: the current password is required, the one
 * password policy applies, other sessions end, and profile edits keep the register rules and
 * uniqueness (case-insensitive, the account itself excepted).
 */
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { TAKEN } from '../../src/main/core/new-user';
import {
  MINUTE,
  STRONG_PASSWORD,
  auditRows,
  editFile,
  expectError,
  expectOk,
  inspectableRememberStore,
  openTestCore,
  registration,
  storedSessions,
  storedUser,
  type TestCore,
} from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

const NEW_PASSWORD = 'a different long passphrase';

async function withAlice(options: Parameters<typeof openTestCore>[0] = {}) {
  // These suites use "Remember me", which is off by default since issue 11.
  t = await openTestCore({ ...options, policy: { rememberAllowed: true, ...options.policy } });
  return expectOk(await t.call('auth:register', registration('alice'))).user;
}

function change(currentPassword: string, newPassword: string, confirmPassword = newPassword, windowId = 1) {
  return t.call('auth:change-password', { currentPassword, newPassword, confirmPassword }, windowId);
}

function login(identifier: string, password: string, windowId = 1, remember?: boolean) {
  return t.call('auth:login', { identifier, password, ...(remember === undefined ? {} : { remember }) }, windowId);
}

describe('change password', () => {
  it('wrong current passwords count toward lockout, so a session left open is no guessing oracle', async () => {
    await withAlice();
    for (let i = 1; i < 5; i++) expectError(await change(`guess number ${i}`, NEW_PASSWORD), 'INVALID_CREDENTIALS');
    const locked = expectError(await change('guess number 5', NEW_PASSWORD), 'ACCOUNT_LOCKED');
    expect(locked.unlocksAt).toBe(new Date(t.clock.now() + 15 * MINUTE).toISOString());
    // Locked means locked: the right current password waits too, and so does sign-in elsewhere.
    expectError(await change(STRONG_PASSWORD, NEW_PASSWORD), 'ACCOUNT_LOCKED');
    expectError(await login('alice', STRONG_PASSWORD, 2), 'ACCOUNT_LOCKED');
    // Coalesced: one row counting the five (issue 10 §3).
    const failures = await auditRows(t.dir, 'password_change_failure');
    expect(failures).toHaveLength(1);
    expect(JSON.parse(String(failures[0]!.detail))).toMatchObject({ count: 5 });
  });

  it('needs a signed-in window', async () => {
    await withAlice();
    expectError(await change(STRONG_PASSWORD, NEW_PASSWORD, NEW_PASSWORD, 2), 'NOT_AUTHENTICATED');
  });

  it('needs the right current password, and changes nothing without it', async () => {
    await withAlice();
    const before = (await storedUser(t.dir, 'alice'))!;
    const wrong = expectError(await change('not my password at all', NEW_PASSWORD), 'INVALID_CREDENTIALS');
    expect(wrong.fields?.currentPassword).toBeTruthy();
    expect(expectError(await change('', NEW_PASSWORD), 'VALIDATION_FAILED').fields?.currentPassword).toBeTruthy();
    // 72-byte rule on the current password too: a longer one never matches a bcrypt prefix.
    expectError(await change(`${STRONG_PASSWORD}${'x'.repeat(60)}`, NEW_PASSWORD), 'INVALID_CREDENTIALS');
    expect((await storedUser(t.dir, 'alice'))!.password_hash).toBe(before.password_hash);
    expect(await auditRows(t.dir, 'password_change')).toHaveLength(0);
  });

  it.each([
    ['too short', 'Zq7#kp2', /at least 8/],
    ['common', 'password123', /common/],
    ['containing the username', 'hello-ALICE-again', /username/],
    ['over 72 bytes', '東'.repeat(25), /bcrypt/],
  ])('applies the password policy: %s', async (_label, newPassword, message) => {
    await withAlice();
    const error = expectError(await change(STRONG_PASSWORD, newPassword), 'VALIDATION_FAILED');
    expect(error.fields?.newPassword).toMatch(message);
  });

  it('applies a configured higher minimum', async () => {
    await withAlice({ policy: { minPasswordLength: 28 } });
    expect(expectError(await change(STRONG_PASSWORD, NEW_PASSWORD), 'VALIDATION_FAILED').fields?.newPassword).toMatch(/at least 28/);
  });

  it('refuses a confirmation that does not match', async () => {
    await withAlice();
    const error = expectError(await change(STRONG_PASSWORD, NEW_PASSWORD, `${NEW_PASSWORD}.`), 'VALIDATION_FAILED');
    expect(error.fields?.confirmPassword).toMatch(/do not match/);
  });

  it('must differ from the current password, also in another normalisation form', async () => {
    await withAlice();
    expect(expectError(await change(STRONG_PASSWORD, STRONG_PASSWORD), 'VALIDATION_FAILED').fields?.newPassword).toMatch(/different/);
    const fullWidth = 'ｃｏｒｒｅｃｔ ｈｏｒｓｅ ｂａｔｔｅｒｙ ｓｔａｐｌｅ';
    expect(fullWidth.normalize('NFKC')).toBe(STRONG_PASSWORD);
    expectError(await change(STRONG_PASSWORD, fullWidth), 'VALIDATION_FAILED');
  });

  it('the new password signs in and the old one does not; the time is recorded', async () => {
    const alice = await withAlice();
    const before = (await storedUser(t.dir, 'alice'))!;
    t.clock.advance(3 * MINUTE);
    expectOk(await change(STRONG_PASSWORD, NEW_PASSWORD));
    const after = (await storedUser(t.dir, 'alice'))!;
    expect(after.password_changed_at).toBe(t.clock.now());
    expect(after.password_changed_at).toBeGreaterThan(before.password_changed_at);
    expect(after.updated_at).toBe(t.clock.now());
    expect(bcrypt.compareSync(NEW_PASSWORD, after.password_hash)).toBe(true);
    expect(after.password_hash).toMatch(/^\$2b\$04\$/);
    const audit = await auditRows(t.dir, 'password_change');
    expect(audit.map((r) => [r.user_id, r.actor_id])).toEqual([[alice.id, alice.id]]);

    expectOk(await t.call('auth:logout', {}));
    expectError(await login('alice', STRONG_PASSWORD), 'INVALID_CREDENTIALS');
    expectOk(await login('alice', NEW_PASSWORD));
  });

  it("keeps the current session and ends the user's other sessions, remembered ones included, but nobody else's", async () => {
    const remember = inspectableRememberStore();
    await withAlice({ rememberStore: remember });
    expectOk(await t.call('auth:register', registration('bob'), 3));
    expectOk(await login('alice', STRONG_PASSWORD, 2, true));
    expect(remember.token).not.toBeNull();
    expect(await storedSessions(t.dir)).toHaveLength(3);

    expectOk(await change(STRONG_PASSWORD, NEW_PASSWORD, NEW_PASSWORD, 1));

    const other = await t.call('account:update-profile', {}, 2);
    expect(other.ok).toBe(false);
    expect(['SESSION_EXPIRED', 'NOT_AUTHENTICATED']).toContain(!other.ok && other.error.code);
    expect(expectOk(await t.call('auth:session', {}, 2)).user).toBeNull();
    expect(remember.token).toBeNull();
    expect(expectOk(await t.call('auth:session', {}, 1)).user?.username).toBe('alice');
    expectOk(await t.call('account:update-profile', {}, 1));
    expect(expectOk(await t.call('auth:session', {}, 3)).user?.username).toBe('bob');
    expect(await storedSessions(t.dir)).toHaveLength(2);
  });

  it('a must-change-password account can do nothing else until it changes the password', async () => {
    await withAlice();
    await t.core.close();
    await editFile(t.dir, (db) => db.run("UPDATE users SET must_change_password = 1 WHERE username_norm = 'alice'"));
    await t.reopen();
    const { user } = expectOk(await login('alice', STRONG_PASSWORD));
    expect(user.mustChangePassword).toBe(true);
    expectError(await t.call('account:update-profile', { email: 'x@example.com' }), 'PASSWORD_CHANGE_REQUIRED');
    expect(expectOk(await t.call('auth:session', {})).user?.mustChangePassword).toBe(true);
    expectOk(await change(STRONG_PASSWORD, NEW_PASSWORD));
    expect(expectOk(await t.call('auth:session', {})).user?.mustChangePassword).toBe(false);
    expectOk(await t.call('account:update-profile', { email: 'x@example.com', currentPassword: NEW_PASSWORD }));
  });
});

describe('update profile', () => {
  it('needs a signed-in window', async () => {
    await withAlice();
    expectError(await t.call('account:update-profile', { username: 'mallory' }, 2), 'NOT_AUTHENTICATED');
    expect((await storedUser(t.dir, 'alice'))?.username).toBe('alice');
  });

  it('changes username and email, which then sign in, and records what changed', async () => {
    const alice = await withAlice();
    t.clock.advance(MINUTE);
    const { user } = expectOk(await t.call('account:update-profile', { username: 'Alicia', email: ' Alicia@Example.org ', currentPassword: STRONG_PASSWORD }));
    expect(user).toMatchObject({ id: alice.id, username: 'Alicia', email: 'Alicia@Example.org' });
    const row = (await storedUser(t.dir, 'alicia'))!;
    expect(row).toMatchObject({ username: 'Alicia', username_norm: 'alicia', email_norm: 'alicia@example.org', updated_at: t.clock.now() });
    const [audit] = await auditRows(t.dir, 'profile_change');
    expect(JSON.parse(audit!.detail!)).toEqual({
      username: { from: 'alice', to: 'Alicia' },
      email: { from: 'alice@example.com', to: 'Alicia@Example.org' },
    });
    expect(audit!.user_id).toBe(alice.id);

    expectOk(await t.call('auth:logout', {}));
    expectError(await login('alice', STRONG_PASSWORD), 'INVALID_CREDENTIALS');
    expectOk(await login('ALICIA', STRONG_PASSWORD));
    expectOk(await t.call('auth:logout', {}));
    expectOk(await login('alicia@example.org', STRONG_PASSWORD));
  });

  it('changes one field alone and leaves the other', async () => {
    await withAlice();
    expect(expectOk(await t.call('account:update-profile', { email: 'new@example.com', currentPassword: STRONG_PASSWORD })).user).toMatchObject({
      username: 'alice',
      email: 'new@example.com',
    });
    expect(expectOk(await t.call('account:update-profile', { username: 'alice2', currentPassword: STRONG_PASSWORD })).user).toMatchObject({
      username: 'alice2',
      email: 'new@example.com',
    });
  });

  it('applies the register rules and reports every field at once', async () => {
    await withAlice();
    const error = expectError(await t.call('account:update-profile', { username: 'a b', email: 'nope', currentPassword: STRONG_PASSWORD }), 'VALIDATION_FAILED');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['email', 'username']);
    expectError(await t.call('account:update-profile', { username: 'x'.repeat(31), currentPassword: STRONG_PASSWORD }), 'VALIDATION_FAILED');
    expectError(await t.call('account:update-profile', { username: '', currentPassword: STRONG_PASSWORD }), 'VALIDATION_FAILED');
    expect((await storedUser(t.dir, 'alice'))?.email).toBe('alice@example.com');
  });

  it("keeps usernames and emails unique case-insensitively, except for the account's own", async () => {
    await withAlice();
    expectOk(await t.call('auth:register', registration('bob'), 2));
    // The same answer as at registration, so the renderer handles both alike.
    expect(expectError(await t.call('account:update-profile', { username: 'BOB', currentPassword: STRONG_PASSWORD }), 'VALIDATION_FAILED').fields).toEqual({ username: TAKEN.username });
    expect(expectError(await t.call('account:update-profile', { email: 'Bob@Example.com', currentPassword: STRONG_PASSWORD }), 'VALIDATION_FAILED').fields).toEqual({ email: TAKEN.email });
    // The same name in another case is still the account's own.
    expect(expectOk(await t.call('account:update-profile', { username: 'ALICE', email: 'ALICE@example.com', currentPassword: STRONG_PASSWORD })).user).toMatchObject({
      username: 'ALICE',
      email: 'ALICE@example.com',
    });
    expect((await storedUser(t.dir, 'bob'))?.email).toBe('bob@example.com');
  });

  it('stores non-ASCII and injection-looking values literally', async () => {
    await withAlice();
    expect(expectOk(await t.call('account:update-profile', { username: '東京タワー', email: "o'brien--@example.com", currentPassword: STRONG_PASSWORD })).user).toMatchObject({
      username: '東京タワー',
      email: "o'brien--@example.com",
    });
    expect((await storedUser(t.dir, '東京タワー'))?.email).toBe("o'brien--@example.com");
  });

  it('an edit that changes nothing writes nothing', async () => {
    await withAlice();
    expectOk(await t.call('account:update-profile', { username: 'alice', email: 'alice@example.com' }));
    expectOk(await t.call('account:update-profile', {}));
    expect(await auditRows(t.dir, 'profile_change')).toHaveLength(0);
  });
});
