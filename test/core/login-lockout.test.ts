/**
 * auth:login: by username or email in any case, one answer for every kind of failure, the same
 * bcrypt work for unknown users, lockout and its throttling twin for unknown identifiers,
 * disabled accounts, rehashing at the current cost, and the audit trail of it all.
 */
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerHasher } from '../../src/main/core/hasher';
import type { AppError } from '../../src/shared/result';
import {
  MINUTE,
  STRONG_PASSWORD,
  auditRows,
  countingHasher,
  editFile,
  expectError,
  expectOk,
  openTestCore,
  registration,
  storedUser,
  type TestCore,
} from '../support/core';

let t: TestCore;
let extraCleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await t?.close();
  await extraCleanup?.();
  extraCleanup = null;
});

const WRONG = 'not the right password';

async function withAlice(options: Parameters<typeof openTestCore>[0] = {}) {
  t = await openTestCore(options);
  expectOk(await t.call('auth:register', registration('alice')));
  expectOk(await t.call('auth:logout', {}));
}

function login(identifier: string, password: string, windowId = 1) {
  return t.call('auth:login', { identifier, password }, windowId);
}

describe('signing in', () => {
  it.each([['alice'], ['ALICE'], ['Alice'], ['alice@example.com'], ['ALICE@Example.COM'], ['  alice@example.com  ']])(
    'by username or email in any case: %j',
    async (identifier) => {
      await withAlice();
      const { user } = expectOk(await login(identifier, STRONG_PASSWORD));
      expect(user.username).toBe('alice');
      expect(expectOk(await t.call('auth:session', {})).user?.id).toBe(user.id);
    },
  );

  it('records the sign-in time and returns it', async () => {
    await withAlice();
    t.clock.advance(5 * MINUTE);
    const { user } = expectOk(await login('alice', STRONG_PASSWORD));
    expect(user.lastLoginAt).toBe(new Date(t.clock.now()).toISOString());
    expect((await storedUser(t.dir, 'alice'))?.last_login_at).toBe(t.clock.now());
  });

  it('wrong password and unknown user give the same code and the same words', async () => {
    await withAlice();
    const wrong = expectError(await login('alice', WRONG), 'INVALID_CREDENTIALS');
    const unknown = expectError(await login('nobody', WRONG), 'INVALID_CREDENTIALS');
    const unknownEmail = expectError(await login('nobody@example.com', WRONG), 'INVALID_CREDENTIALS');
    expect(unknown).toEqual(wrong);
    expect(unknownEmail).toEqual(wrong);
    expect(expectOk(await t.call('auth:session', {})).user).toBeNull();
  });

  it('an empty identifier or password is a field error, not a sign-in attempt', async () => {
    await withAlice();
    const error = expectError(await login('  ', ''), 'VALIDATION_FAILED');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['identifier', 'password']);
    expect(await auditRows(t.dir, 'signin_failure')).toHaveLength(0);
  });
});

describe('the same bcrypt work for unknown users', () => {
  async function withCountingHasher() {
    const inner = createWorkerHasher(2);
    const hasher = countingHasher(inner);
    extraCleanup = () => inner.close();
    await withAlice({ hasher });
    hasher.reset();
    return hasher;
  }

  it('one comparison against a hash of the current cost, and no hashing, whether or not the account exists', async () => {
    const hasher = await withCountingHasher();
    const work = async (identifier: string, password: string) => {
      hasher.reset();
      expectError(await login(identifier, password), 'INVALID_CREDENTIALS');
      return [...hasher.calls];
    };
    const wrongPassword = await work('alice', WRONG);
    expect(wrongPassword).toEqual([{ op: 'compare', cost: 4 }]);
    expect(await work('nobody', WRONG)).toEqual(wrongPassword);
    expect(await work('nobody@example.com', WRONG)).toEqual(wrongPassword);
    // An over-long password for a real account is compared against the dummy too: still one compare.
    expect(await work('alice', 'x'.repeat(100))).toEqual(wrongPassword);
  });

  it('no bcrypt work at all while locked, for a real account or an unknown name alike', async () => {
    const hasher = await withCountingHasher();
    for (let i = 0; i < 5; i++) {
      await login('alice', WRONG);
      await login('nobody', WRONG);
    }
    hasher.reset();
    expectError(await login('alice', STRONG_PASSWORD), 'ACCOUNT_LOCKED');
    expectError(await login('nobody', WRONG), 'ACCOUNT_LOCKED');
    expect(hasher.calls).toEqual([]);
  });
});

describe('lockout', () => {
  it('locks after 5 consecutive failures for 15 minutes, refusing even the right password, then unlocks', async () => {
    await withAlice();
    for (let i = 0; i < 4; i++) expectError(await login('alice', WRONG), 'INVALID_CREDENTIALS');
    const lockedAt = t.clock.now();
    const locked = expectError(await login('alice', WRONG), 'ACCOUNT_LOCKED');
    expect(locked.unlocksAt).toBe(new Date(lockedAt + 15 * MINUTE).toISOString());
    expect(locked.message).toMatch(/15 minutes/);

    const rightWhileLocked = expectError(await login('alice', STRONG_PASSWORD), 'ACCOUNT_LOCKED');
    expect(rightWhileLocked.unlocksAt).toBe(locked.unlocksAt);

    t.clock.advance(15 * MINUTE - 1);
    expectError(await login('alice', STRONG_PASSWORD), 'ACCOUNT_LOCKED');
    t.clock.advance(1);
    expectOk(await login('alice', STRONG_PASSWORD));
  });

  it('a success resets the count: 4 failures, a success, 4 failures is not locked', async () => {
    await withAlice();
    for (let i = 0; i < 3; i++) expectError(await login('alice', WRONG), 'INVALID_CREDENTIALS');
    expect(expectError(await login('alice', WRONG), 'INVALID_CREDENTIALS').attemptsLeft).toBe(1);
    expectOk(await login('alice', STRONG_PASSWORD));
    expectOk(await t.call('auth:logout', {}));
    for (let i = 0; i < 4; i++) expectError(await login('alice', WRONG), 'INVALID_CREDENTIALS');
    expectOk(await login('alice', STRONG_PASSWORD));
  });

  it('uses the configured threshold and duration', async () => {
    await withAlice({ policy: { lockoutThreshold: 3, lockoutDurationMs: 5 * MINUTE } });
    for (let i = 0; i < 2; i++) expectError(await login('alice', WRONG), 'INVALID_CREDENTIALS');
    const locked = expectError(await login('alice', WRONG), 'ACCOUNT_LOCKED');
    expect(locked.unlocksAt).toBe(new Date(t.clock.now() + 5 * MINUTE).toISOString());
    t.clock.advance(5 * MINUTE);
    expectOk(await login('alice', STRONG_PASSWORD));
  });

  it('an unknown identifier is throttled exactly like a real account, so lockout reveals nothing', async () => {
    await withAlice();
    const answers = async (identifier: string) => {
      const seen: AppError[] = [];
      for (let i = 0; i < 6; i++) {
        const result = await login(identifier, WRONG);
        if (result.ok) throw new Error(`${identifier} signed in with a wrong password`);
        seen.push(result.error);
      }
      return seen;
    };
    const real = await answers('alice');
    const unknown = await answers('ghost');
    expect(real.map((e) => e.code)).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
    ]);
    expect(unknown).toEqual(real);
    // The throttle key is the normalised identifier: another spelling is the same lock.
    expectError(await login('GHOST', WRONG), 'ACCOUNT_LOCKED');
    t.clock.advance(15 * MINUTE);
    expectError(await login('ghost', WRONG), 'INVALID_CREDENTIALS');
  });

  it('concurrent guesses cannot outrun the lock: past the threshold every answer is ACCOUNT_LOCKED, even the right password', async () => {
    await withAlice();
    const guesses = (identifier: string, right: string | null) =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) => login(identifier, i === 19 && right !== null ? right : `${WRONG} ${i}`, 10 + i)),
      );
    const codes = (results: Awaited<ReturnType<typeof guesses>>) => results.map((r) => (r.ok ? 'ok' : r.error.code));
    const real = codes(await guesses('alice', STRONG_PASSWORD));
    expect(real[19]).toBe('ACCOUNT_LOCKED'); // the right password, sent last, did not get in
    expect(real.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(4);
    expect(real.filter((code) => code === 'ACCOUNT_LOCKED')).toHaveLength(16);
    expect(expectOk(await t.call('auth:session', {}, 29)).user).toBeNull();
    // An unknown name answers the same way.
    expect(codes(await guesses('ghost', null)).sort()).toEqual([...real].sort());
  });

  it('the lock screen cannot be raced past the lockout either (its failures count like sign-in failures)', async () => {
    await withAlice();
    expectOk(await login('alice', STRONG_PASSWORD));
    expectOk(await t.call('session:lock', {}));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.call('session:unlock', { password: i === 19 ? STRONG_PASSWORD : `${WRONG} ${i}` })),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes[19]).toBe('ACCOUNT_LOCKED');
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(4);
    expect((await storedUser(t.dir, 'alice'))?.locked_until).not.toBeNull();
  });

  it('the count for an unknown email is kept by its normalised form', async () => {
    await withAlice({ policy: { lockoutThreshold: 2 } });
    expectError(await login('Ghost@Example.com', WRONG), 'INVALID_CREDENTIALS');
    expectError(await login('ghost@example.COM', WRONG), 'ACCOUNT_LOCKED');
  });
});

describe('disabled accounts', () => {
  it('ACCOUNT_DISABLED only with the right password; a wrong one is still INVALID_CREDENTIALS', async () => {
    await withAlice();
    expectOk(await t.call('auth:register', registration('bob'), 2));
    await t.core.close();
    await editFile(t.dir, (db) => db.run("UPDATE users SET active = 0 WHERE username_norm = 'bob'"));
    await t.reopen();
    expectError(await login('bob', WRONG), 'INVALID_CREDENTIALS');
    expectError(await login('bob', STRONG_PASSWORD), 'ACCOUNT_DISABLED');
    expectError(await login('bob@example.com', STRONG_PASSWORD), 'ACCOUNT_DISABLED');
    expect(expectOk(await t.call('auth:session', {})).user).toBeNull();
    expect((await auditRows(t.dir, 'signin_failure')).at(-1)?.detail).toMatch(/disabled/);
    // Alice is unaffected.
    expectOk(await login('alice', STRONG_PASSWORD));
  });
});

describe('rehash at the current cost', () => {
  it('a hash made at another cost is replaced on the next successful sign-in, and still works', async () => {
    await withAlice();
    const before = (await storedUser(t.dir, 'alice'))!.password_hash;
    expect(before).toMatch(/^\$2b\$04\$/);
    await t.reopen({ bcryptCost: 5 });
    expectError(await login('alice', WRONG), 'INVALID_CREDENTIALS');
    expect((await storedUser(t.dir, 'alice'))!.password_hash).toBe(before); // not on a failure
    expectOk(await login('alice', STRONG_PASSWORD));
    const after = (await storedUser(t.dir, 'alice'))!.password_hash;
    expect(after).toMatch(/^\$2b\$05\$/);
    expect(bcrypt.compareSync(STRONG_PASSWORD, after)).toBe(true);
    expectOk(await t.call('auth:logout', {}));
    expectOk(await login('alice', STRONG_PASSWORD));
    expect((await storedUser(t.dir, 'alice'))!.password_hash).toBe(after); // same cost now: left alone
  });
});

describe('audit trail', () => {
  it('records register, sign-in success and failure with the identifier tried, lockout, sign-out, password and profile changes and session expiry', async () => {
    t = await openTestCore({ policy: { lockoutThreshold: 2 } });
    const { user } = expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('auth:logout', {}));
    expectError(await login('ALICE', WRONG), 'INVALID_CREDENTIALS');
    expectError(await login('ALICE', WRONG), 'ACCOUNT_LOCKED');
    expectError(await login('ghost@example.com', WRONG), 'INVALID_CREDENTIALS');
    t.clock.advance(15 * MINUTE);
    expectOk(await login('Alice@Example.com', STRONG_PASSWORD));
    const newPassword = 'a different long passphrase';
    expectOk(
      await t.call('auth:change-password', { currentPassword: STRONG_PASSWORD, newPassword, confirmPassword: newPassword }),
    );
    expectOk(await t.call('account:update-profile', { email: 'alice@example.org', currentPassword: newPassword }));
    t.clock.advance(15 * MINUTE);
    expectError(await t.call('account:update-profile', {}), 'SESSION_EXPIRED');
    await t.core.close();

    const rows = await auditRows(t.dir);
    const events = rows.map((r) => [r.event, r.user_id, r.identifier]);
    expect(events).toEqual([
      ['register', user.id, 'alice'],
      ['signin_success', user.id, 'alice'],
      ['signout', user.id, null],
      ['signin_failure', user.id, 'ALICE'], // two failures, one row with a count (issue 10 §3)
      ['lockout', user.id, 'ALICE'],
      ['signin_failure', null, 'ghost@example.com'],
      ['signin_success', user.id, 'Alice@Example.com'],
      ['password_change', user.id, null],
      ['profile_change', user.id, null],
      ['session_expired', user.id, null],
    ]);
    const profile = rows.find((r) => r.event === 'profile_change')!;
    expect(JSON.parse(profile.detail!)).toEqual({ email: { from: 'alice@example.com', to: 'alice@example.org' } });
    expect(JSON.parse(rows.at(-1)!.detail!)).toEqual({ reason: 'idle' });
    // Times come from the injected clock.
    expect(rows.at(-1)!.at).toBe(t.clock.now());
    // Nothing secret in the log.
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toMatch(/\$2[aby]\$|correct horse|not the right|different long/);
    }
  });
});
