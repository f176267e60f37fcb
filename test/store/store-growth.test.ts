/**
 * Issue 10 §3: strangers cannot grow the store. Repeated attempts are coalesced into one audit
 * row with a count, stored identifiers are short, the audit log has a retention limit that
 * drops noise before evidence, and registrations from one window are throttled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/shared/policy-settings';
import { databaseBeforeMigration, expectError, expectOk, openTestCore, queryFile, registration, storeOnDisk, type TestCore } from '../support/core';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/**
 * The size of the database the folder holds (snapshot plus journal replayed), not of the files:
 * the journal grows with every write until the next checkpoint, bounded by its threshold
 * (test/core/store-journal.test.ts), while the database must not grow with a flood.
 */
async function storeBytes(dir: string): Promise<number> {
  const { db } = await storeOnDisk(dir);
  try {
    return db.export().length;
  } finally {
    db.close();
  }
}

const WRONG = 'not the password at all';

async function auditRows(core: TestCore, event: string) {
  return expectOk(await core.call('admin:audit', { event: event as never, pageSize: 100 }, 1)).entries;
}

describe('attempts against a locked identifier', () => {
  it('10,000 attempts grow the store by less than 64 KB, and the log keeps their count', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('root'), 1));
    const target = `victim-${'x'.repeat(900)}`;
    for (let i = 0; i < 5; i++) await t.call('auth:login', { identifier: target, password: WRONG }, 2);
    expectError(await t.call('auth:login', { identifier: target, password: WRONG }, 2), 'ACCOUNT_LOCKED');
    await t.reopen(); // settle: the folder as a restart leaves it
    const before = await storeBytes(t.dir);

    const started = Date.now();
    const ATTEMPTS = 10_000;
    const BATCH = 100; // as a hostile renderer would send them: many at once
    for (let sent = 0; sent < ATTEMPTS; sent += BATCH) {
      const answers = await Promise.all(
        Array.from({ length: BATCH }, () => t!.call('auth:login', { identifier: target, password: WRONG }, 2)),
      );
      for (const answer of answers) expectError(answer, 'ACCOUNT_LOCKED');
    }
    const elapsed = Date.now() - started;
    await t.reopen();
    const growth = (await storeBytes(t.dir)) - before;
    console.log(`store growth: ${ATTEMPTS} locked attempts in ${elapsed} ms grew the store by ${growth} bytes`);
    expect(growth).toBeLessThan(64 * 1024);

    expectOk(await t.call('auth:login', { identifier: 'root', password: registration('root').password }, 1));
    const blocked = await auditRows(t, 'signin_blocked');
    expect(blocked).toHaveLength(1);
    expect(blocked[0]!.identifier!.length).toBeLessThanOrEqual(64);
    expect(JSON.parse(blocked[0]!.detail!)).toMatchObject({ count: ATTEMPTS + 1, firstSeen: expect.any(String) as string });
  }, 240_000);
  it('changing the letter case or width of the identifier is the same flood, one row', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('root'), 1));
    expectOk(await t.call('auth:register', registration('victim'), 3));
    const variants = (i: number) =>
      // Upper and lower case, and a full-width first letter (NFKC folds it) every third time.
      [...'victim'].map((ch, k) => (k === 0 && i % 3 === 0 ? '\uFF56' : (i >> k) & 1 ? ch.toUpperCase() : ch)).join('');
    for (let i = 0; i < 5; i++) await t.call('auth:login', { identifier: 'victim', password: WRONG }, 2);
    await t.reopen();
    const before = await storeBytes(t.dir);
    for (let i = 0; i < 600; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => t!.call('auth:login', { identifier: variants(i + k), password: WRONG }, 2)));
    }
    await t.reopen();
    expect((await storeBytes(t.dir)) - before).toBeLessThan(64 * 1024);
    expectOk(await t.call('auth:login', { identifier: 'root', password: registration('root').password }, 1));
    expect(await auditRows(t, 'signin_blocked')).toHaveLength(1);
  }, 120_000);
});

describe('audit retention', () => {
  it('by row count drops failures first and keeps administrator events; pruning is audited', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('root'), 1));
    expectOk(await t.call('admin:set-policy', { policy: { auditMaxEntries: 1_000 } }, 1));
    for (let batch = 0; batch < 12; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => t!.call('auth:login', { identifier: `stranger${batch}-${i}`, password: WRONG }, 2)),
      );
      t.clock.advance(1_000);
    }
    const all = expectOk(await t.call('admin:audit', { pageSize: 100 }, 1));
    expect(all.total).toBeLessThanOrEqual(1_000);
    expect((await auditRows(t, 'policy_change')).length).toBe(1);
    expect((await auditRows(t, 'register')).length).toBe(1);
    expect((await auditRows(t, 'audit_pruned')).length).toBeGreaterThan(0);
  }, 120_000);

  it('by age removes everything past the limit, administrator events included', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('root'), 1));
    expectOk(await t.call('admin:set-policy', { policy: { auditMaxAgeMs: 30 * DAY_MS } }, 1));
    t.clock.advance(31 * DAY_MS);
    await t.reopen();
    expectOk(await t.call('auth:login', { identifier: 'root', password: registration('root').password }, 1));
    expect(await auditRows(t, 'policy_change')).toHaveLength(0);
    expect(await auditRows(t, 'audit_pruned')).toHaveLength(1);
  });
});

describe('the audit row count retention reads (kept by triggers, not counted per write)', () => {
  const counts = async (dir: string) =>
    (await queryFile<{ kept: number; counted: number }>(dir, 'SELECT (SELECT entries FROM audit_log_size) AS kept, (SELECT count(*) FROM audit_log) AS counted'))[0]!;

  it('matches count(*) after new rows, coalesced rows, pruning by count and by age, a deleted account and a replay', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('root'), 1));
    const bob = expectOk(await t.call('auth:register', registration('bob'), 3)).user;
    expectOk(await t.call('admin:set-policy', { policy: { auditMaxEntries: 1_000, auditMaxAgeMs: 30 * DAY_MS } }, 1));
    for (let i = 0; i < 1_150; i++) await t.call('auth:login', { identifier: `stranger-${i}`, password: WRONG }, 2);
    for (let i = 0; i < 5; i++) await t.call('auth:login', { identifier: 'stranger-1', password: WRONG }, 2); // coalesced: updates
    expectOk(await t.call('admin:delete-user', { userId: bob.id }, 1));
    expect((await auditRows(t, 'audit_pruned')).length).toBeGreaterThan(0); // pruning by count ran
    t.clock.advance(31 * DAY_MS);
    expectOk(await t.call('auth:login', { identifier: 'root', password: registration('root').password }, 1)); // pruning by age
    const { kept, counted } = await counts(t.dir); // the journal replayed over the snapshot
    expect(kept).toBe(counted);
    expect(counted).toBeLessThan(10);
    await t.reopen();
    expectError(await t.call('auth:login', { identifier: 'nobody', password: WRONG }, 2), 'INVALID_CREDENTIALS'); // one new row
    expect(await counts(t.dir)).toEqual({ kept: counted + 1, counted: counted + 1 });
  }, 120_000);

  it('a store from before the count starts with the rows it already has', async () => {
    const { db, migration } = await databaseBeforeMigration('CREATE TABLE audit_log_size');
    for (let i = 0; i < 3; i++) db.run("INSERT INTO audit_log (at, event) VALUES (?, 'signin_failure')", [i]);
    db.exec(migration);
    db.run("INSERT INTO audit_log (at, event) VALUES (9, 'register')");
    db.run('DELETE FROM audit_log WHERE at < 2');
    expect(db.exec('SELECT entries FROM audit_log_size')[0]?.values).toEqual([[2]]);
    db.close();
  });
});

describe('registration', () => {
  it('a flood from one window gets a typed refusal, not a bigger store', async () => {
    t = await openTestCore();
    const answers = [];
    for (let i = 0; i < 30; i++) {
      answers.push(await t.call('auth:register', registration(`flood${i}`), 3));
      await t.call('auth:logout', {}, 3);
    }
    const made = answers.filter((answer) => answer.ok).length;
    expect(made).toBeLessThanOrEqual(10);
    expectError(answers.at(-1)!, 'RATE_LIMITED');
    // Another window, or the same one later, is not affected for ever.
    expectOk(await t.call('auth:register', registration('neighbour'), 4));
    t.clock.advance(11 * 60_000);
    expectOk(await t.call('auth:register', registration('later'), 3));
  });
});
