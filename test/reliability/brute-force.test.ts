/**
 * Brute force and enumeration. A thousand wrong passwords lock an account at the threshold and
 * never get in, relocking after each lock expires; the same campaign against an identifier that
 * belongs to nobody gets exactly the same answers (so lockout cannot reveal who has an account);
 * and a failed sign-in costs the same bcrypt work whether or not the account exists. Work is
 * asserted by counting the comparisons the core asks the Hasher for and reading the cost of the
 * hash each one checks against, not by timing (the bench reports the two median times).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerHasher } from '../../src/main/core/hasher';
import type { Result } from '../../src/shared/result';
import { countingHasher, openTestCore, STRONG_PASSWORD, registration, type CountingHasher, type TestCore } from '../support/core';

const THRESHOLD = 5;
const LOCK_MS = 15 * 60_000;
const ATTEMPTS = 1_000;
/** Attempts before which the clock jumps past the lock, so the campaign meets fresh locks. */
const UNLOCK_AT = new Set([250, 500, 750]);

const opened: { t: TestCore; hasher: CountingHasher }[] = [];
afterEach(async () => {
  for (const { t, hasher } of opened.splice(0)) {
    await t.close();
    await hasher.close();
  }
});

async function coreWithCountingHasher(cost = 4) {
  const hasher = countingHasher(createWorkerHasher(2));
  const t = await openTestCore({ hasher, bcryptCost: cost, policy: { lockoutThreshold: THRESHOLD, lockoutDurationMs: LOCK_MS } });
  opened.push({ t, hasher });
  return { t, hasher };
}

const answer = (result: Result<unknown>) =>
  result.ok ? 'ok' : `${result.error.code}${result.error.unlocksAt ? ` until ${result.error.unlocksAt}` : ''}`;

/** What a correct core answers to attempt after attempt of wrong passwords, from the rules alone. */
function expectedCampaign(start: number): { answers: string[]; compares: number; locks: number } {
  const answers: string[] = [];
  let now = start;
  let failures = 0;
  let lockedUntil = 0;
  let compares = 0;
  let locks = 0;
  for (let i = 0; i < ATTEMPTS; i++) {
    if (UNLOCK_AT.has(i)) now += LOCK_MS + 1_000;
    if (lockedUntil > now) {
      answers.push(`ACCOUNT_LOCKED until ${new Date(lockedUntil).toISOString()}`);
      continue;
    }
    compares++;
    failures++;
    if (failures >= THRESHOLD) {
      failures = 0;
      lockedUntil = now + LOCK_MS;
      locks++;
      answers.push(`ACCOUNT_LOCKED until ${new Date(lockedUntil).toISOString()}`);
    } else {
      answers.push('INVALID_CREDENTIALS');
    }
  }
  return { answers, compares, locks };
}

/** Runs the campaign; while locked, now and then also tries the right password (which must not help). */
async function campaign(t: TestCore, identifier: string, rightPassword: string | null) {
  const answers: string[] = [];
  const rightWhileLocked: string[] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    if (UNLOCK_AT.has(i)) t.clock.advance(LOCK_MS + 1_000);
    const result = await t.call('auth:login', { identifier, password: `wrong guess ${i}` }, 2);
    answers.push(answer(result));
    if (rightPassword && i % 100 === 99 && !result.ok && result.error.code === 'ACCOUNT_LOCKED') {
      rightWhileLocked.push(answer(await t.call('auth:login', { identifier, password: rightPassword }, 3)));
    }
  }
  return { answers, rightWhileLocked };
}

describe('brute force', () => {
  it(`${ATTEMPTS} wrong passwords lock the account at the threshold, relock after each lock, never get in`, async () => {
    const { t, hasher } = await coreWithCountingHasher();
    expect((await t.call('auth:register', registration('victim'))).ok).toBe(true);
    const expected = expectedCampaign(t.clock.now());
    hasher.reset();

    const { answers, rightWhileLocked } = await campaign(t, 'victim', STRONG_PASSWORD);

    expect(answers).not.toContain('ok');
    expect(answers).toEqual(expected.answers);
    // The lock holds against the right password too: it is a lock, not a filter on wrong guesses.
    expect(rightWhileLocked.length).toBeGreaterThan(0);
    expect(rightWhileLocked.every((a) => a.startsWith('ACCOUNT_LOCKED'))).toBe(true);
    // bcrypt ran only for attempts that were allowed to try: a locked account costs no hashing.
    expect(hasher.compares).toHaveLength(expected.compares);
    expect(expected.locks).toBe(4);

    // The owner gets back in once the lock has passed.
    t.clock.advance(LOCK_MS + 1_000);
    expect(answer(await t.call('auth:login', { identifier: 'victim', password: STRONG_PASSWORD }, 4))).toBe('ok');
  }, 120_000);

  it('the same campaign against an identifier nobody owns gets the very same answers', async () => {
    const known = await coreWithCountingHasher();
    const unknown = await coreWithCountingHasher();
    // Both stores have one account, so they differ only in whether the target exists.
    expect((await known.t.call('auth:register', registration('victim'))).ok).toBe(true);
    expect((await unknown.t.call('auth:register', registration('someone'))).ok).toBe(true);
    known.hasher.reset();
    unknown.hasher.reset();

    // The two campaigns are independent (two stores, two clocks): run them side by side.
    const [a, b] = await Promise.all([campaign(known.t, 'victim', null), campaign(unknown.t, 'victim', null)]);
    expect(b.answers).toEqual(a.answers);
    expect(unknown.hasher.compares).toEqual(known.hasher.compares);
  }, 120_000);

  it('a burst of concurrent wrong passwords locks the account just as a sequence does', async () => {
    const { t } = await coreWithCountingHasher();
    expect((await t.call('auth:register', registration('victim'))).ok).toBe(true);
    // A hostile renderer need not wait for one answer before sending the next guess.
    const burst = await Promise.all(
      Array.from({ length: THRESHOLD + 2 }, (_, i) =>
        t.call('auth:login', { identifier: 'victim', password: `wrong guess ${i}` }, 10 + i),
      ),
    );
    expect(burst.map(answer)).not.toContain('ok');
    const afterBurst = await t.call('auth:login', { identifier: 'victim', password: STRONG_PASSWORD }, 99);
    expect(answer(afterBurst), 'the right password right after a burst of wrong ones').toMatch(/^ACCOUNT_LOCKED/);

    const ghostBurst = await Promise.all(
      Array.from({ length: THRESHOLD + 2 }, (_, i) =>
        t.call('auth:login', { identifier: 'ghost', password: `wrong guess ${i}` }, 10 + i),
      ),
    );
    expect(ghostBurst.map(answer).sort()).toEqual(burst.map(answer).sort());
    expect(answer(await t.call('auth:login', { identifier: 'ghost', password: 'one more' }, 99))).toMatch(/^ACCOUNT_LOCKED/);
  });

  it('a burst of wrong passwords at the lock screen counts every guess and locks the account', async () => {
    const { t } = await coreWithCountingHasher();
    expect((await t.call('auth:register', registration('victim'), 1)).ok).toBe(true);
    expect((await t.call('session:lock', {}, 1)).ok).toBe(true);
    // Lock-screen guesses count toward the same lockout as sign-ins; sent at once, they still must.
    const burst = await Promise.all(
      Array.from({ length: THRESHOLD + 2 }, (_, i) => t.call('session:unlock', { password: `wrong guess ${i}` }, 1)),
    );
    expect(burst.map(answer)).not.toContain('ok');
    expect(answer(await t.call('session:unlock', { password: STRONG_PASSWORD }, 1)), 'the right password at the lock screen').toMatch(
      /^ACCOUNT_LOCKED/,
    );
    expect(answer(await t.call('auth:login', { identifier: 'victim', password: STRONG_PASSWORD }, 2)), 'signing in elsewhere').toMatch(
      /^ACCOUNT_LOCKED/,
    );
  });
});

describe('enumeration: a failed sign-in does the same work whether or not the account exists', () => {
  const COST = 6; // not the suite's default 4, so a hard-coded cost would show
  const overLong = 'x'.repeat(80); // over bcrypt's 72 bytes: refused before bcrypt could truncate it

  const cases: { name: string; identifier: string; password: string }[] = [
    { name: 'unknown username', identifier: 'nobody', password: 'some guess' },
    { name: 'unknown email', identifier: 'nobody@example.com', password: 'some guess' },
    { name: 'known username, wrong password', identifier: 'victim', password: 'some guess' },
    { name: 'known email in capitals, wrong password', identifier: 'VICTIM@example.com', password: 'some guess' },
    { name: 'known username, over-long password', identifier: 'victim', password: overLong },
    { name: 'unknown username, over-long password', identifier: 'nobody', password: overLong },
  ];

  it('one bcrypt comparison at the configured cost, no hashing, the same answer', async () => {
    const { t, hasher } = await coreWithCountingHasher(COST);
    expect((await t.call('auth:register', registration('victim'))).ok).toBe(true);
    const work: Record<string, { compares: (number | null)[]; hashes: number[]; answer: string; message: string }> = {};
    for (const { name, identifier, password } of cases) {
      hasher.reset();
      const result = await t.call('auth:login', { identifier, password }, 2);
      work[name] = {
        compares: [...hasher.compares],
        hashes: [...hasher.hashes],
        answer: answer(result),
        // The count left is per typed name (victim is typed twice here); the words must match.
        message: result.ok ? '' : result.error.message.replace(/\d+ attempts? left/, 'N attempts left'),
      };
    }
    const reference = work['known username, wrong password']!;
    expect(reference).toEqual({ compares: [COST], hashes: [], answer: 'INVALID_CREDENTIALS', message: expect.any(String) as string });
    for (const { name } of cases) expect(work[name], name).toEqual(reference);
  });
});
