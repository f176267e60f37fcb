/**
 * auth:register: every field rule, the password policy (NIST SP 800-63B: length, NFKC, the
 * 72-byte bcrypt limit, a real blocklist, not the username), uniqueness, roles, the policy switch
 * and the race of two simultaneous registrations.
 */
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { dictionary } from '@zxcvbn-ts/language-common';
import { isCommonPassword } from '../../src/main/core/common-passwords';
import { TAKEN } from '../../src/main/core/new-user';
import {
  STRONG_PASSWORD,
  expectError,
  expectOk,
  openTestCore,
  queryFile,
  registration,
  storedUser,
  type TestCore,
} from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

async function fieldErrors(payload: { username: string; email: string; password: string; confirmPassword: string }) {
  const error = expectError(await t.call('auth:register', payload), 'VALIDATION_FAILED');
  return error.fields ?? {};
}

async function userCount(dir: string): Promise<number> {
  return Number((await queryFile<{ n: number }>(dir, 'SELECT count(*) AS n FROM users'))[0]!.n);
}

describe('username rules', () => {
  it('accepts 3 to 30 characters and refuses 2 or 31', async () => {
    t = await openTestCore();
    expect((await fieldErrors(registration('ab'))).username).toMatch(/3 to 30/);
    expect((await fieldErrors(registration('a'.repeat(31)))).username).toMatch(/3 to 30/);
    expect(expectOk(await t.call('auth:register', registration('abc'), 1)).user.username).toBe('abc');
    const thirty = 'b'.repeat(30);
    expect(expectOk(await t.call('auth:register', registration(thirty), 2)).user.username).toBe(thirty);
  });

  it('counts characters, not bytes or UTF-16 units: three emoji-free CJK letters are enough', async () => {
    t = await openTestCore();
    // 3 characters, 9 UTF-8 bytes: a byte count would call it 9, a length rule must see 3.
    expectOk(await t.call('auth:register', { ...registration('東京都'), email: 'tokyo@example.com' }));
    // 30 supplementary-plane letters are 60 UTF-16 units but 30 characters.
    const gothic = '𐌰'.repeat(30);
    expectOk(await t.call('auth:register', { ...registration(gothic), email: 'goth@example.com' }, 2));
  });

  it.each([['has space'], ['at@sign'], ["o'brien"], ['semi;colon'], ['slash/name'], ['tab\tname'], ['emoji😀x'], ['\u0301accent-first']])(
    'refuses %j: only letters, digits, dot, underscore and hyphen',
    async (username) => {
      t = await openTestCore();
      expect((await fieldErrors({ ...registration('valid'), username })).username).toMatch(/letters, digits/);
    },
  );

  it('accepts letters of any script and stores them exactly as typed', async () => {
    t = await openTestCore();
    for (const [index, username] of ['Zoë', '東京タワー', 'Ñandú_2', 'Δημήτρης', 'Олег-1.2', 'राम', 'ประยุทธ์'].entries()) {
      const { user } = expectOk(
        await t.call('auth:register', { ...registration('x'), username, email: `u${index}@example.com` }, index + 1),
      );
      expect(user.username).toBe(username);
      expect((await storedUser(t.dir, username))?.username).toBe(username);
    }
    // And they sign in by that name.
    expectOk(await t.call('auth:login', { identifier: '東京タワー', password: STRONG_PASSWORD }, 9));
    expect(expectOk(await t.call('auth:login', { identifier: 'zoË', password: STRONG_PASSWORD }, 10)).user.username).toBe('Zoë');
  });

  it('keeps usernames unique after NFKC: a decomposed "Zoë" is the same name as the composed one', async () => {
    t = await openTestCore();
    const { user } = expectOk(await t.call('auth:register', { ...registration('x'), username: 'Zoe\u0308', email: 'a@example.com' }));
    expect(user.username).toBe('Zo\u00EB');
    expect(expectError(await t.call('auth:register', { ...registration('x'), username: 'ZO\u00CB', email: 'b@example.com' }, 2), 'VALIDATION_FAILED').fields).toEqual({ username: TAKEN.username });
  });

  it('stores injection-looking values literally and leaves the tables intact', async () => {
    t = await openTestCore();
    const payload = {
      username: 'x_DROP-TABLE.users',
      email: "o'brien--@example.com",
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    };
    const { user } = expectOk(await t.call('auth:register', payload));
    expect(user).toMatchObject({ username: 'x_DROP-TABLE.users', email: "o'brien--@example.com" });
    const row = await storedUser(t.dir, 'x_DROP-TABLE.users');
    expect(row).toMatchObject({ username: 'x_DROP-TABLE.users', email: "o'brien--@example.com" });

    // A classic as an identifier is just an unknown name, recorded literally.
    const classic = "Robert'); DROP TABLE users;--";
    expectError(await t.call('auth:login', { identifier: classic, password: 'whatever it is' }, 2), 'INVALID_CREDENTIALS');
    expectError(await t.call('auth:login', { identifier: "' OR '1'='1", password: "' OR '1'='1" }, 2), 'INVALID_CREDENTIALS');
    expectError(await t.call('auth:login', { identifier: "o'brien--@example.com' --", password: STRONG_PASSWORD }, 2), 'INVALID_CREDENTIALS');
    const identifiers = await queryFile<{ identifier: string }>(t.dir, "SELECT identifier FROM audit_log WHERE event = 'signin_failure'");
    expect(identifiers.map((r) => r.identifier)).toContain(classic);

    expect(await userCount(t.dir)).toBe(1);
    const tables = await queryFile<{ name: string }>(t.dir, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    expect(tables.map((r) => r.name)).toEqual(['audit_log', 'directory_accounts', 'login_throttle', 'sessions', 'settings', 'users']);
    // The literal email signs in.
    expectOk(await t.call('auth:login', { identifier: "O'Brien--@example.com", password: STRONG_PASSWORD }, 3));
  });
});

describe('email rules', () => {
  it.each([['not-an-email'], ['a@b'], ['a b@example.com'], ['@example.com'], ['name@'], ['two@@example.com'], ['   ']])(
    'refuses %j',
    async (email) => {
      t = await openTestCore();
      expect((await fieldErrors({ ...registration('valid'), email })).email).toBeTruthy();
    },
  );

  it('refuses an email over 254 characters', async () => {
    t = await openTestCore();
    const email = `${'a'.repeat(243)}@example.com`; // 255
    expect((await fieldErrors({ ...registration('valid'), email })).email).toMatch(/254/);
  });

  it('accepts a plain address and stores it trimmed, in the case typed', async () => {
    t = await openTestCore();
    const { user } = expectOk(await t.call('auth:register', { ...registration('valid'), email: '  Valid.Person+tag@Example.co.uk ' }));
    expect(user.email).toBe('Valid.Person+tag@Example.co.uk');
    expect((await storedUser(t.dir, 'valid'))?.email_norm).toBe('valid.person+tag@example.co.uk');
  });
});

describe('password policy', () => {
  it('needs at least 8 characters by default', async () => {
    t = await openTestCore();
    expect((await fieldErrors(registration('valid', 'Zq7#kp2'))).password).toMatch(/at least 8/);
    expectOk(await t.call('auth:register', registration('valid', 'Zq7#kp2w')));
  });

  it('counts characters, so 8 four-byte characters are 8, not 32', async () => {
    t = await openTestCore({ policy: { minPasswordLength: 9 } });
    expect((await fieldErrors(registration('valid', '🦊🐙🦉🐢🦔🐝🦋🐞'))).password).toMatch(/at least 9/);
  });

  it('applies a configured higher minimum', async () => {
    t = await openTestCore({ policy: { minPasswordLength: 12 } });
    expect((await fieldErrors(registration('valid', 'Zq7#kp2wLm9'))).password).toMatch(/at least 12/);
    expectOk(await t.call('auth:register', registration('valid', 'Zq7#kp2wLm9!')));
  });

  it('normalises with NFKC: a password typed in full-width form signs in with its plain form, and vice versa', async () => {
    t = await openTestCore();
    const fullWidth = 'ｆｕｌｌｗｉｄｔｈ ｐａｓｓ ２０２６';
    const plain = 'fullwidth pass 2026';
    expect(fullWidth).not.toBe(plain);
    expect(fullWidth.normalize('NFKC')).toBe(plain);
    expectOk(await t.call('auth:register', registration('zed', fullWidth)));
    // The stored hash is of the NFKC form.
    expect(bcrypt.compareSync(plain, (await storedUser(t.dir, 'zed'))!.password_hash)).toBe(true);
    expectOk(await t.call('auth:login', { identifier: 'zed', password: plain }, 2));
    expectOk(await t.call('auth:login', { identifier: 'zed', password: fullWidth }, 3));
    // A ligature is its letters.
    expectOk(await t.call('auth:register', registration('liga', 'ﬁnal ﬂight plan')));
    expectOk(await t.call('auth:login', { identifier: 'liga', password: 'final flight plan' }, 4));
  });

  it('accepts a confirmation typed in another normalisation form of the same password', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', { ...registration('zed'), password: 'ｆｕｌｌｗｉｄｔｈ ｐａｓｓ', confirmPassword: 'fullwidth pass' }));
  });

  describe('the 72-byte bcrypt limit', () => {
    const cases: [string, string][] = [
      ['ASCII', 'Kq9#'.repeat(18)],
      ['2-byte letters', 'é'.repeat(36)],
      ['3-byte letters', '東'.repeat(24)],
      ['4-byte emoji', '🦊'.repeat(18)],
    ];

    it.each(cases)('accepts exactly 72 bytes of %s and refuses 73, saying why', async (_label, exactly72) => {
      t = await openTestCore();
      expect(new TextEncoder().encode(exactly72).length).toBe(72);
      const problem = (await fieldErrors(registration('over', `${exactly72}x`))).password;
      expect(problem).toMatch(/72 bytes/);
      expect(problem).toMatch(/bcrypt/);
      expectOk(await t.call('auth:register', registration('edge', exactly72)));
      expectOk(await t.call('auth:login', { identifier: 'edge', password: exactly72 }, 2));
    });

    it('counts bytes after NFKC: "½" grows to "1⁄2", a ligature shrinks', async () => {
      t = await openTestCore();
      const grows = `${'k'.repeat(60)}½½½`; // 66 bytes as typed, 75 after NFKC
      expect(new TextEncoder().encode(grows).length).toBe(66);
      expect((await fieldErrors(registration('grow', grows))).password).toMatch(/bcrypt/);
      const shrinks = 'ﬁ'.repeat(25); // 75 bytes as typed, 50 after NFKC
      expectOk(await t.call('auth:register', registration('shrink', shrinks)));
    });

    it('every one of the 72 bytes counts: changing the last one fails to sign in', async () => {
      t = await openTestCore();
      const password = 'Kq9#'.repeat(18);
      expectOk(await t.call('auth:register', registration('edge', password)));
      const lastChanged = `${password.slice(0, 71)}$`;
      expectError(await t.call('auth:login', { identifier: 'edge', password: lastChanged }, 2), 'INVALID_CREDENTIALS');
    });

    it('a longer password whose first 72 bytes match does not sign in (bcrypt would have ignored the rest)', async () => {
      t = await openTestCore();
      const password = 'Kq9#'.repeat(18);
      expectOk(await t.call('auth:register', registration('edge', password)));
      expect(bcrypt.compareSync(`${password}anything`, (await storedUser(t.dir, 'edge'))!.password_hash)).toBe(true);
      expectError(await t.call('auth:login', { identifier: 'edge', password: `${password}anything` }, 2), 'INVALID_CREDENTIALS');
    });
  });

  it('ships a real blocklist of at least 10,000 common passwords', () => {
    // The list the core loads, read from the package itself (no test-only export in the core).
    expect(dictionary['passwords-common'].length).toBeGreaterThanOrEqual(10_000);
    expect(isCommonPassword('password123')).toBe(true);
    expect(isCommonPassword('correct horse battery staple')).toBe(false);
  });

  it.each([['password123'], ['PASSWORD123'], ['qwertyuiop'], ['iloveyou1'], ['ｐａｓｓｗｏｒｄ１２３']])(
    'refuses the common password %j',
    async (password) => {
      t = await openTestCore();
      expect((await fieldErrors(registration('valid', password))).password).toMatch(/common/);
    },
  );

  it('refuses a password that contains the username, in any case', async () => {
    t = await openTestCore();
    expect((await fieldErrors(registration('marigold', 'my-MariGold-garden'))).password).toMatch(/username/);
    expect((await fieldErrors({ ...registration('x'), username: 'Zoë', password: 'hello zoë, welcome', confirmPassword: 'hello zoë, welcome' })).password).toMatch(
      /username/,
    );
  });

  it('refuses a confirmation that does not match', async () => {
    t = await openTestCore();
    expect((await fieldErrors({ ...registration('valid'), confirmPassword: `${STRONG_PASSWORD}!` })).confirmPassword).toMatch(
      /do not match/,
    );
  });
});

describe('registration outcomes', () => {
  it('reports every field error at once and creates nothing', async () => {
    t = await openTestCore();
    const fields = await fieldErrors({ username: 'a', email: 'nope', password: 'short', confirmPassword: 'other' });
    expect(Object.keys(fields).sort()).toEqual(['confirmPassword', 'email', 'password', 'username']);
    expect(await userCount(t.dir)).toBe(0);
  });

  it('refuses a taken username or email whatever the case, as a field problem beside the others', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    const taken = expectError(await t.call('auth:register', { ...registration('ALICE'), email: 'other@example.com' }, 2), 'VALIDATION_FAILED');
    expect(taken.fields).toEqual({ username: TAKEN.username });
    const emailTaken = expectError(await t.call('auth:register', { ...registration('carol'), email: 'Alice@EXAMPLE.com' }, 2), 'VALIDATION_FAILED');
    expect(emailTaken.fields).toEqual({ email: TAKEN.email });
    // Both taken, and a weak password: one answer names all three.
    const all = expectError(
      await t.call('auth:register', { ...registration('Alice'), email: 'alice@example.com', password: 'short', confirmPassword: 'short' }, 2),
      'VALIDATION_FAILED',
    );
    expect(Object.keys(all.fields ?? {}).sort()).toEqual(['email', 'password', 'username']);
    expect(await userCount(t.dir)).toBe(1);
  });

  it('makes the first account an admin and the next ones users, and signs the new account in', async () => {
    t = await openTestCore();
    const first = expectOk(await t.call('auth:register', registration('alice'), 1)).user;
    const second = expectOk(await t.call('auth:register', registration('bob'), 2)).user;
    expect(first.role).toBe('admin');
    expect(second.role).toBe('user');
    expect(expectOk(await t.call('auth:session', {}, 1)).user?.username).toBe('alice');
    expect(expectOk(await t.call('auth:session', {}, 2)).user?.username).toBe('bob');
    expect((await storedUser(t.dir, 'bob'))?.role).toBe('user');
  });

  it('REGISTRATION_CLOSED when policy closes it, but the first account on an empty store is still allowed', async () => {
    t = await openTestCore({ policy: { selfRegistration: false } });
    expect(expectOk(await t.call('auth:register', registration('admin1'))).user.role).toBe('admin');
    expectError(await t.call('auth:register', registration('bob'), 2), 'REGISTRATION_CLOSED');
    expect(await userCount(t.dir)).toBe(1);
  });

  it('two simultaneous registrations of one username: exactly one wins', async () => {
    t = await openTestCore();
    const results = await Promise.all([
      t.call('auth:register', { ...registration('Racer'), email: 'one@example.com' }, 1),
      t.call('auth:register', { ...registration('racer'), email: 'two@example.com' }, 2),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.fields)).toEqual([{ username: TAKEN.username }]);
    expect(await userCount(t.dir)).toBe(1);
  });

  it('two simultaneous registrations of one email: exactly one wins', async () => {
    t = await openTestCore();
    const results = await Promise.all([
      t.call('auth:register', { ...registration('one'), email: 'same@example.com' }, 1),
      t.call('auth:register', { ...registration('two'), email: 'SAME@example.com' }, 2),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.fields)).toEqual([{ email: TAKEN.email }]);
  });

  it('two simultaneous first registrations make exactly one admin', async () => {
    t = await openTestCore();
    const results = await Promise.all([
      t.call('auth:register', registration('first'), 1),
      t.call('auth:register', registration('second'), 2),
    ]);
    const roles = results.map((r) => expectOk(r).user.role).sort();
    expect(roles).toEqual(['admin', 'user']);
  });

  it('with registration closed, two simultaneous first registrations create only one account', async () => {
    t = await openTestCore({ policy: { selfRegistration: false } });
    const results = await Promise.all([
      t.call('auth:register', registration('first'), 1),
      t.call('auth:register', registration('second'), 2),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['REGISTRATION_CLOSED']);
    expect(await userCount(t.dir)).toBe(1);
  });
});
