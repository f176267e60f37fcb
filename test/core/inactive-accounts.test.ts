/**
 * Inactive accounts (issue 14): off by default; never-signed-in counts from creation; admins and
 * Keep exempt; disable, then delete after the grace; capped per run; refused after a clock jump;
 * run by the app's tick only (at its first tick, then daily); due list; audited with names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PER_RUN } from '../../src/main/core/inactive-accounts';
import { DAY, HOUR, STRONG_PASSWORD, auditRows, expectOk, openTestCore, queryFile, registration, type TestCore } from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

const ADMIN = 1;
const ON = { removeInactiveAccounts: true, inactiveAccountAfterMs: 30 * DAY, inactiveGraceMs: 7 * DAY };

async function setUp(policy: Record<string, unknown> = ON) {
  t = await openTestCore({ policy });
  expectOk(await t.call('auth:register', registration('root'), ADMIN));
}

async function createUser(name: string): Promise<number> {
  return expectOk(await t.call('admin:create-user', { username: name, email: `${name}@example.com`, role: 'user' }, ADMIN)).user.id;
}

async function users(): Promise<{ username: string; active: number }[]> {
  return queryFile(t.dir, 'SELECT username, active FROM users ORDER BY username');
}

/** One tick of the app's clock (the shell's timer, the harness's poll). */
const tick = () => t.core.tick([]);

/** `n` days, one tick a day, as the running app would. */
async function days(n: number): Promise<void> {
  for (let day = 0; day < n; day++) {
    t.clock.advance(DAY);
    await tick();
  }
}

/** The administrator signs in afresh (sessions end after 12 hours), then calls. */
async function dueAsAdmin() {
  expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
  return t.call('admin:inactive-due', {}, ADMIN);
}

describe('inactive accounts', () => {
  it('does nothing while the policy is off (the default)', async () => {
    await setUp({});
    await createUser('old');
    t.clock.advance(400 * DAY);
    await tick();
    expect(await users()).toEqual([{ username: 'old', active: 1 }, { username: 'root', active: 1 }]);
  });

  it('disables after the threshold (never signed in counts from creation), then deletes after the grace; admins exempt', async () => {
    await setUp();
    await tick(); // the app's first tick records the run
    await createUser('never');
    await days(29);
    expect((await users()).find((u) => u.username === 'never')?.active).toBe(1);
    const due = expectOk(await dueAsAdmin());
    expect(due).toEqual({ enabled: true, accounts: [{ userId: 2, username: 'never', action: 'disable', at: expect.any(String) }] });
    await days(1);
    expect(await users()).toEqual([{ username: 'never', active: 0 }, { username: 'root', active: 1 }]);
    expect(JSON.parse((await auditRows(t.dir, 'inactive_disabled'))[0]!.detail!)).toMatchObject({ username: 'never' });
    expect(expectOk(await dueAsAdmin()).accounts).toMatchObject([{ username: 'never', action: 'delete' }]);
    await days(7);
    // root has not signed in for 37 days either, but is an administrator: never removed.
    expect(await users()).toEqual([{ username: 'root', active: 1 }]);
    expect(JSON.parse((await auditRows(t.dir, 'inactive_deleted'))[0]!.detail!)).toMatchObject({ username: 'never' });
  });

  it('counts from the last sign-in, and spares accounts marked Keep', async () => {
    await setUp();
    await tick();
    const kept = await createUser('kept');
    const made = expectOk(await t.call('admin:create-user', { username: 'used', email: 'used@example.com', role: 'user' }, ADMIN));
    expectOk(await t.call('admin:set-keep', { userId: kept, keep: true }, ADMIN));
    expect(JSON.parse((await auditRows(t.dir, 'admin_set_keep'))[0]!.detail!)).toEqual({ username: 'kept', keep: true });
    await days(20);
    expectOk(await t.call('auth:login', { identifier: 'used', password: made.temporaryPassword }, 5));
    await days(20);
    expect(await users()).toEqual([{ username: 'kept', active: 1 }, { username: 'root', active: 1 }, { username: 'used', active: 1 }]);
    await days(10);
    expect(await users()).toEqual([{ username: 'kept', active: 1 }, { username: 'root', active: 1 }, { username: 'used', active: 0 }]);
  });

  it('acts on at most MAX_PER_RUN accounts a run', async () => {
    await setUp();
    await tick();
    for (let i = 0; i < MAX_PER_RUN + 3; i++) await createUser(`u${String(i).padStart(3, '0')}`);
    await days(30);
    expect((await auditRows(t.dir, 'inactive_disabled')).length).toBe(MAX_PER_RUN);
    await days(1);
    expect((await auditRows(t.dir, 'inactive_disabled')).length).toBe(MAX_PER_RUN + 3);
  });

  it('refuses to act after the clock jumped more than a day forwards, or backwards, and audits why', async () => {
    await setUp();
    await tick();
    await createUser('old');
    t.clock.advance(40 * DAY); // e.g. a wrong RTC, or the machine off for a long time
    await tick();
    expect((await users()).find((u) => u.username === 'old')?.active).toBe(1);
    expect(JSON.parse((await auditRows(t.dir, 'inactive_run_refused'))[0]!.detail!)).toMatchObject({ reason: 'the clock moved more than a day forwards' });
    t.clock.advance(DAY);
    await tick(); // the next daily run goes ahead from the new time
    expect((await users()).find((u) => u.username === 'old')?.active).toBe(0);

    await t.reopen();
    t.clock.advance(-2 * HOUR);
    await t.core.tick([]); // a new process's first tick
    expect(JSON.parse((await auditRows(t.dir, 'inactive_run_refused')).at(-1)!.detail!)).toMatchObject({ reason: 'the clock moved backwards' });
  });

  it('is never run by the CLI: opening the core without ticking changes nothing', async () => {
    await setUp();
    await createUser('old');
    await t.reopen();
    t.clock.advance(60 * DAY);
    await t.reopen();
    expect((await users()).find((u) => u.username === 'old')?.active).toBe(1);
  });
});
