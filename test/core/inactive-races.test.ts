/**
 * Attacks on the inactive-account rule (issue 14) by timing: the daily run racing what people do
 * at the same moment (an administrator's Enable, Keep or Make admin, the owner signing in).
 *
 * The semantics these tests hold the core to: the run looks at, changes and audits each account
 * in one step that nothing else interleaves with, so every other action lands wholly before or
 * wholly after it, and the audit log's order is the order things happened. Replaying the audit
 * log therefore says exactly what the store holds, and the run never acts on an account that,
 * at that instant, was kept, an administrator, or just signed into. An Enable that lands after
 * the run disabled the account wins and stops its deletion for good; one that lands before the
 * run only enables an account that is then still due, which the run disables again, audited
 * (README: "disabled again at the next run unless it is signed into or kept").
 *
 * The RememberStore here answers asynchronously, like the shell's (safeStorage's async decrypt):
 * revoking a disabled account's sessions then really waits, which is where other calls got in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RememberStore } from '../../src/main/core';
import { DAY, STRONG_PASSWORD, auditRows, expectOk, inspectableRememberStore, openTestCore, queryFile, registration, storedUser, type AuditRow, type TestCore } from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

const ADMIN = 1;
const AFTER = 30 * DAY;
const POLICY = { removeInactiveAccounts: true, inactiveAccountAfterMs: AFTER, inactiveGraceMs: 7 * DAY };

/** The shell's RememberStore answers after a real wait (safeStorage.decryptStringAsync). */
function slowRememberStore(): RememberStore {
  let token: string | null = null;
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));
  return { load: () => later(token), save: async (next) => void (token = await later(next)) };
}

interface Victim {
  id: number;
  username: string;
  password: string;
}

/**
 * root (admin) and `count` accounts each signed in once and their windows left open (so each has
 * a session row, expired after 12 hours, for the run to revoke), then left alone until the run
 * that disables them is one day away.
 */
async function dueTomorrow(count: number): Promise<Victim[]> {
  t = await openTestCore({ policy: POLICY, rememberStore: slowRememberStore() });
  expectOk(await t.call('auth:register', registration('root'), ADMIN));
  await t.core.tick([]); // the app's first run
  const victims: Victim[] = [];
  for (let i = 0; i < count; i++) {
    const username = `v${String(i).padStart(2, '0')}`;
    const made = expectOk(await t.call('admin:create-user', { username, email: `${username}@example.com`, role: 'user' }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: username, password: made.temporaryPassword }, 100 + i));
    victims.push({ id: made.user.id, username, password: made.temporaryPassword });
  }
  for (let day = 0; day < 29; day++) {
    t.clock.advance(DAY);
    await t.core.tick([]);
  }
  t.clock.advance(DAY); // the next tick's run is the one that disables them
  expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
  return victims;
}

interface Replayed {
  active: number;
  keep: number;
  role: string;
  lastSignInAt: number;
}

/**
 * Replays the audit log account by account and checks, at each of the run's actions, that the
 * account was one the rule may act on at that instant. Returns each account's state as the log
 * tells it, for comparing with the store.
 */
function replay(rows: AuditRow[], start: (id: number) => Replayed): Map<number, Replayed> {
  const state = new Map<number, Replayed>();
  const of = (id: number) => {
    let s = state.get(id);
    if (!s) state.set(id, (s = start(id)));
    return s;
  };
  for (const row of rows) {
    if (row.user_id === null) continue;
    const s = of(row.user_id);
    const detail = row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {};
    const where = `audit row ${row.id} (${row.event}) for user ${row.user_id}`;
    switch (row.event) {
      case 'inactive_disabled':
        expect({ where, active: s.active, keep: s.keep, role: s.role, idleEnough: s.lastSignInAt <= row.at - AFTER }).toEqual({
          where, active: 1, keep: 0, role: 'user', idleEnough: true,
        });
        s.active = 0;
        break;
      case 'admin_enable_user':
        s.active = 1;
        break;
      case 'admin_disable_user':
        s.active = 0;
        break;
      case 'admin_set_keep':
        s.keep = detail.keep ? 1 : 0;
        break;
      case 'admin_set_role':
        s.role = String(detail.to);
        break;
      case 'signin_success':
        expect({ where, active: s.active }).toEqual({ where, active: 1 });
        s.lastSignInAt = row.at;
        break;
    }
  }
  return state;
}

/** The store on disk agrees with its audit log, and no disabled account keeps a session. */
async function expectStoreMatchesAudit(): Promise<void> {
  const users = await queryFile<{ id: number; active: number; keep: number; role: string; created_at: number; inactive_disabled_at: number | null }>(
    t.dir,
    'SELECT id, active, keep, role, created_at, inactive_disabled_at FROM users',
  );
  // Every account starts enabled, not kept, and an ordinary user but root, the first (dueTomorrow).
  const start = (id: number): Replayed => ({ active: 1, keep: 0, role: id === 1 ? 'admin' : 'user', lastSignInAt: users.find((u) => u.id === id)?.created_at ?? 0 });
  const told = replay(await auditRows(t.dir), start);
  for (const user of users) {
    const s = told.get(user.id) ?? start(user.id);
    expect({ id: user.id, active: user.active, keep: user.keep, role: user.role }).toEqual({ id: user.id, active: s.active, keep: s.keep, role: s.role });
    // Enabled means out of the rule's grace: nothing left that a later manual Disable would turn into a deletion.
    if (user.active === 1) expect({ id: user.id, inactiveDisabledAt: user.inactive_disabled_at }).toEqual({ id: user.id, inactiveDisabledAt: null });
  }
  const disabledWithSessions = await queryFile(t.dir, 'SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.active = 0');
  expect(disabledWithSessions).toEqual([]);
}

/** `n` turns of the event loop, so a racing call starts at a different point of the run. */
async function after<T>(turns: number, call: () => Promise<T>): Promise<T> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  return call();
}

describe('the inactive-account run racing people', () => {
  for (const turns of [0, 1, 3, 8]) {
    it(`Enable, Keep, Make admin and a sign-in landing ${turns} turns into the run: the store is what the audit log says, and the rule only acted on accounts due at that instant`, async () => {
      const v = await dueTomorrow(12);
      const answers = await Promise.all([
        t.core.tick([]),
        after(turns, () => t.call('admin:set-active', { userId: v[0]!.id, active: true }, ADMIN)),
        after(turns, () => t.call('admin:set-keep', { userId: v[5]!.id, keep: true }, ADMIN)),
        after(turns, () => t.call('admin:set-role', { userId: v[6]!.id, role: 'admin' }, ADMIN)),
        after(turns, () => t.call('auth:login', { identifier: v[11]!.username, password: v[11]!.password }, 300)),
        after(turns, () => t.call('admin:set-active', { userId: v[10]!.id, active: true }, ADMIN)),
      ]);
      // Every administrator action was acknowledged; the sign-in either happened or was refused as disabled.
      for (const answer of answers.slice(1, 4)) expect(answer).toMatchObject({ ok: true });
      expect(answers[5]).toMatchObject({ ok: true });
      const signIn = answers[4] as { ok: boolean; error?: { code: string } };
      if (!signIn.ok) expect(signIn.error?.code).toBe('ACCOUNT_DISABLED');
      await expectStoreMatchesAudit();
      // The account enabled last stays enabled, whatever the order: the run never undoes an Enable it did not see.
      expect((await storedUser(t.dir, 'v00'))?.active).toBe(1);
      expect((await storedUser(t.dir, 'v10'))?.active).toBe(1);
    }, 30_000);
  }

  it('Enable racing the run with the Enable sent first: the run sees the account enabled and still due, disables it again, and says so', async () => {
    const v = await dueTomorrow(3);
    const [enabled] = await Promise.all([t.call('admin:set-active', { userId: v[1]!.id, active: true }, ADMIN), t.core.tick([])]);
    expect(enabled).toMatchObject({ ok: true });
    await expectStoreMatchesAudit();
  });
});

describe('an Enable ends the rule’s hold on the account', () => {
  it('an account the rule disabled, enabled and signed into, then disabled by hand, is never deleted by the rule', async () => {
    const [victim] = await dueTomorrow(1);
    await t.core.tick([]);
    expect((await storedUser(t.dir, victim!.username))?.active).toBe(0);
    expectOk(await t.call('admin:set-active', { userId: victim!.id, active: true }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: victim!.username, password: victim!.password }, 50));
    expectOk(await t.call('admin:set-active', { userId: victim!.id, active: false }, ADMIN)); // e.g. on leave
    for (let day = 0; day < 10; day++) {
      t.clock.advance(DAY);
      await t.core.tick([]);
    }
    expect(await storedUser(t.dir, victim!.username)).toMatchObject({ active: 0 });
    expect(await auditRows(t.dir, 'inactive_deleted')).toEqual([]);
  });
});

describe('a sign-in whose account changes while its password is being checked', () => {
  async function oneAccount() {
    t = await openTestCore({ policy: {} });
    expectOk(await t.call('auth:register', registration('root'), ADMIN));
    const made = expectOk(await t.call('admin:create-user', { username: 'amy', email: 'amy@example.com', role: 'user' }, ADMIN));
    return { id: made.user.id, password: made.temporaryPassword };
  }

  it('a Disable that lands during the hash: the sign-in is refused as disabled, and no session is left', async () => {
    const amy = await oneAccount();
    // The sign-in reads the account, then waits for bcrypt in a worker; the Disable lands meanwhile.
    const [signIn, disabled] = await Promise.all([
      t.call('auth:login', { identifier: 'amy', password: amy.password, remember: true }, 7),
      t.call('admin:set-active', { userId: amy.id, active: false }, ADMIN),
    ]);
    expect(disabled).toMatchObject({ ok: true });
    expect(signIn).toMatchObject({ ok: false, error: { code: 'ACCOUNT_DISABLED' } });
    expect(await queryFile(t.dir, 'SELECT token_hash FROM sessions WHERE user_id = ?', [amy.id])).toEqual([]);
    expect(await auditRows(t.dir, 'signin_success').then((rows) => rows.filter((row) => row.user_id === amy.id))).toEqual([]);
    expect((await storedUser(t.dir, 'amy'))?.last_login_at).toBeNull();
  });

  it('a Delete that lands during the hash: the sign-in is refused like a wrong password, not an internal error', async () => {
    const amy = await oneAccount();
    const [signIn, deleted] = await Promise.all([
      t.call('auth:login', { identifier: 'amy', password: amy.password }, 7),
      t.call('admin:delete-user', { userId: amy.id }, ADMIN),
    ]);
    expect(deleted).toMatchObject({ ok: true });
    expect(signIn).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(await queryFile(t.dir, 'SELECT token_hash FROM sessions WHERE user_id = ?', [amy.id])).toEqual([]);
  });
});

describe('an account in use through Remember me', () => {
  it('is not disabled while its remembered session is alive, though it was signed into only once; it is due again once that session ends', async () => {
    const remembered = inspectableRememberStore();
    t = await openTestCore({ policy: { ...POLICY, rememberAllowed: true, rememberLifetimeMs: 90 * DAY }, rememberStore: remembered });
    expectOk(await t.call('auth:register', registration('root'), ADMIN));
    await t.core.tick([]);
    const made = expectOk(await t.call('admin:create-user', { username: 'alice', email: 'alice@example.com', role: 'user' }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: made.temporaryPassword, remember: true }, 5));
    expectOk(await t.call('auth:change-password', { currentPassword: made.temporaryPassword, newPassword: 'morning walk by the river', confirmPassword: 'morning walk by the river' }, 5));
    // Every morning the kiosk starts and Alice's remembered session resumes; she uses it.
    for (let day = 0; day < 40; day++) {
      t.clock.advance(DAY);
      await t.reopen();
      const session = expectOk(await t.call('auth:session', {}, 5));
      expect(session.user?.username, `day ${day + 1}`).toBe('alice');
      if (session.locked) expectOk(await t.call('session:unlock', { password: 'morning walk by the river' }, 5));
      expectOk(await t.call('account:sign-in-history', {}, 5));
      await t.core.tick([5]);
    }
    expect((await storedUser(t.dir, 'alice'))?.active).toBe(1);
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
    expect(expectOk(await t.call('admin:inactive-due', {}, ADMIN)).accounts).toEqual([]);
    // Signed out: nothing keeps the account in use any more, and its last sign-in is 40 days old.
    expectOk(await t.call('auth:logout', {}, 5));
    expect(expectOk(await t.call('admin:inactive-due', {}, ADMIN)).accounts).toMatchObject([{ username: 'alice', action: 'disable' }]);
    t.clock.advance(DAY);
    await t.core.tick([]);
    expect((await storedUser(t.dir, 'alice'))?.active).toBe(0);
  }, 60_000);
});

describe('an account the rule deleted', () => {
  it('keeps its name in the audit log, as one an administrator deleted does', async () => {
    const [victim] = await dueTomorrow(1);
    for (let day = 0; day < 8; day++) {
      await t.core.tick([]);
      t.clock.advance(DAY);
    }
    expect(await storedUser(t.dir, victim!.username)).toBeUndefined();
    expect(await auditRows(t.dir, 'inactive_deleted')).toHaveLength(1);
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
    const rows = expectOk(await t.call('admin:audit', { userId: victim!.id, pageSize: 100 }, ADMIN)).entries;
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect({ event: row.event, username: row.username, deleted: row.userDeleted }).toEqual({ event: row.event, username: victim!.username, deleted: true });
  });
});

describe('Keep ends the rule’s hold on the account too', () => {
  it('an account the rule disabled, then kept, then unkept, is not deleted at once without a grace', async () => {
    const [victim] = await dueTomorrow(1);
    await t.core.tick([]);
    expect(await queryFile(t.dir, 'SELECT active FROM users WHERE id = ? AND inactive_disabled_at IS NOT NULL', [victim!.id])).toEqual([{ active: 0 }]);
    expectOk(await t.call('admin:set-keep', { userId: victim!.id, keep: true }, ADMIN));
    for (let day = 0; day < 10; day++) {
      t.clock.advance(DAY);
      await t.core.tick([]);
    }
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
    expectOk(await t.call('admin:set-keep', { userId: victim!.id, keep: false }, ADMIN));
    expect(expectOk(await t.call('admin:inactive-due', {}, ADMIN)).accounts).toEqual([]);
    t.clock.advance(DAY);
    await t.core.tick([]);
    expect(await storedUser(t.dir, victim!.username)).toMatchObject({ active: 0 });
    expect(await auditRows(t.dir, 'inactive_deleted')).toEqual([]);
  });
});
