/**
 * Issue 10 §5, lockout reveals nothing: sign-in failures count per normalised typed name, known
 * or unknown, under one decay rule, so no answer, no "attempts left" figure, no unlock time and
 * no bcrypt work differ between an account that exists and one that does not. Failures where the
 * person is already identified (lock screen, change password) count on the account.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerHasher } from '../../src/main/core/hasher';
import { FAILURE_MEMORY_MS } from '../../src/main/core/lockout';
import {
  MINUTE,
  STRONG_PASSWORD,
  countingHasher,
  expectError,
  expectOk,
  openTestCore,
  registration,
  type CountingHasher,
  type HasherCall,
  type TestCore,
} from '../support/core';

const WRONG = 'not the right password';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A fresh core holding alice, with a hasher that records every bcrypt call. */
async function coreWithAlice(): Promise<{ t: TestCore; hasher: CountingHasher }> {
  const inner = createWorkerHasher(2);
  const hasher = countingHasher(inner);
  const t = await openTestCore({ hasher });
  cleanups.push(async () => {
    await t.close();
    await inner.close();
  });
  expectOk(await t.call('auth:register', registration('alice')));
  expectOk(await t.call('auth:logout', {}));
  return { t, hasher };
}

interface Step {
  code: string;
  message: string;
  /** unlocksAt as milliseconds from the moment of the answer: comparable across two cores. */
  unlocksIn: number | null;
  attemptsLeft: number | undefined;
  work: HasherCall[];
}

/**
 * A whole campaign on one typed name: fail to the lock, hit the lock, wait it out, fail again,
 * go quiet past the decay, then fail to the lock once more. Every answer and its bcrypt work.
 */
async function campaign(identifier: string): Promise<Step[]> {
  const { t, hasher } = await coreWithAlice();
  const steps: Step[] = [];
  const attempt = async (password = WRONG) => {
    hasher.reset();
    const result = await t.call('auth:login', { identifier, password }, 2);
    if (result.ok) throw new Error(`${identifier} signed in during the campaign`);
    const { code, message, unlocksAt, attemptsLeft } = result.error;
    steps.push({
      code,
      message,
      unlocksIn: unlocksAt === undefined ? null : Date.parse(unlocksAt) - t.clock.now(),
      attemptsLeft,
      work: [...hasher.calls],
    });
  };
  for (let i = 0; i < 5; i++) await attempt(); // 4 × INVALID_CREDENTIALS, then the lock
  t.clock.advance(5 * MINUTE);
  await attempt(STRONG_PASSWORD); // locked: even alice's right password is refused, with no bcrypt work
  t.clock.advance(10 * MINUTE);
  for (let i = 0; i < 2; i++) await attempt(); // a fresh count after the lock: 2 of 5 used
  t.clock.advance(FAILURE_MEMORY_MS + 1);
  for (let i = 0; i < 5; i++) await attempt(); // forgotten: 5 more before the next lock, not 3
  return steps;
}

/** What every campaign must see, for any name: the count, the lock, the wait and the decay. */
function expectedCampaign() {
  const compare = [{ op: 'compare', cost: 4 }];
  const invalid = (attemptsLeft: number) => ({ code: 'INVALID_CREDENTIALS', attemptsLeft, unlocksIn: null, work: compare });
  // The failure that locks was compared; an attempt while locked costs no bcrypt work at all.
  const locks = { code: 'ACCOUNT_LOCKED', attemptsLeft: 0, unlocksIn: 15 * MINUTE, work: compare };
  const locked = (unlocksIn: number) => ({ code: 'ACCOUNT_LOCKED', attemptsLeft: 0, unlocksIn, work: [] });
  return [
    invalid(4),
    invalid(3),
    invalid(2),
    invalid(1),
    locks,
    locked(10 * MINUTE),
    invalid(4),
    invalid(3),
    invalid(4),
    invalid(3),
    invalid(2),
    invalid(1),
    locks,
  ];
}

describe('a known name and an unknown one are indistinguishable at sign-in', () => {
  it('the same answers, attempts left, unlock times and bcrypt work across lock, wait and decay', async () => {
    const known = await campaign('alice');
    const unknown = await campaign('ghost');
    expect(known).toMatchObject(expectedCampaign());
    expect(unknown).toEqual(known);
  });

  it('an email, known or unknown, behaves the same too', async () => {
    const known = await campaign('alice@example.com');
    expect(known).toMatchObject(expectedCampaign());
    expect(await campaign('ghost@example.com')).toEqual(known);
  });

  it('the count belongs to the normalised typed name: case and NFKC variants share it, another spelling does not', async () => {
    const { t } = await coreWithAlice();
    const login = (identifier: string, password = WRONG) => t.call('auth:login', { identifier, password }, 2);
    for (const name of ['alice', 'ghost']) {
      for (let i = 0; i < 5; i++) await login(i % 2 === 0 ? name : name.toUpperCase());
      // Fullwidth letters normalise (NFKC) to the same name: the same lock.
      const fullwidth = [...name].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
      expectError(await login(fullwidth), 'ACCOUNT_LOCKED');
    }
    // The documented consequence: alice's email is another typed name with its own count, exactly as
    // ghost@example.com is next to a locked "ghost". (Username + email = 10 guesses per lock period.)
    const emails = [await login('alice@example.com'), await login('ghost@example.com')].map((r) => (r.ok ? null : r.error));
    expect(emails[0]).toMatchObject({ code: 'INVALID_CREDENTIALS', attemptsLeft: 4 });
    expect(emails[1]).toEqual(emails[0]);
  });
});

describe('where the person is already identified, failures count on the account', () => {
  async function signedInAlice() {
    const { t } = await coreWithAlice();
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 1));
    return t;
  }

  async function expectAccountLocked(t: TestCore) {
    // Locked at every door, for both spellings, even with the right password.
    expectError(await t.call('session:unlock', { password: STRONG_PASSWORD }, 1), 'ACCOUNT_LOCKED');
    for (const identifier of ['alice', 'ALICE@example.com']) {
      const answer = expectError(await t.call('auth:login', { identifier, password: STRONG_PASSWORD }, 3), 'ACCOUNT_LOCKED');
      expect(answer.attemptsLeft).toBe(0);
      expect(Date.parse(answer.unlocksAt!)).toBe(t.clock.now() + 15 * MINUTE);
    }
    t.clock.advance(15 * MINUTE);
    expectOk(await t.call('auth:login', { identifier: 'alice@example.com', password: STRONG_PASSWORD }, 3));
  }

  it('five wrong passwords at the lock screen lock the account', async () => {
    const t = await signedInAlice();
    expectOk(await t.call('session:lock', {}, 1));
    for (let i = 0; i < 4; i++) expectError(await t.call('session:unlock', { password: `${WRONG} ${i}` }, 1), 'INVALID_CREDENTIALS');
    expectError(await t.call('session:unlock', { password: WRONG }, 1), 'ACCOUNT_LOCKED');
    await expectAccountLocked(t);
  });

  it('five wrong current passwords at change password lock the account', async () => {
    const t = await signedInAlice();
    const change = (currentPassword: string) =>
      t.call('auth:change-password', { currentPassword, newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' }, 1);
    for (let i = 0; i < 4; i++) expectError(await change(`${WRONG} ${i}`), 'INVALID_CREDENTIALS');
    expectError(await change(WRONG), 'ACCOUNT_LOCKED');
    await expectAccountLocked(t);
  });

  it('sign-in failures do not count against the signed-in person’s lock screen', async () => {
    const t = await signedInAlice();
    expectOk(await t.call('session:lock', {}, 1));
    // A stranger fails 5 times as "alice" at another window: that locks the typed name only.
    for (let i = 0; i < 5; i++) await t.call('auth:login', { identifier: 'alice', password: WRONG }, 2);
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 2), 'ACCOUNT_LOCKED');
    expectOk(await t.call('session:unlock', { password: STRONG_PASSWORD }, 1));
  });
});
