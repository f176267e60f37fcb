/**
 * Attacks on the hard session limit and on sessions an account should no longer have (issue 14):
 * two sign-ins at once from two windows, an administrator shortening the limit while people are
 * signed in, and a remembered session whose account was disabled while the app was closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_LOCK_SIGN_OUT_MESSAGE } from '../../src/main/core/system-lock';
import { SESSION_LIMIT_MESSAGE } from '../../src/shared/session-length';
import {
  DAY,
  HOUR,
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
  type TestCore,
} from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

const ADMIN = 1;
/** Long idle timeouts, so only the hard limit ends anything here. */
const QUIET = { idleTimeoutMs: 24 * HOUR };

async function rootAndAlice(extra: Record<string, unknown> = {}) {
  t = await openTestCore({ policy: { ...QUIET, ...extra } });
  expectOk(await t.call('auth:register', registration('root'), ADMIN));
  expectOk(await t.call('admin:set-policy', { policy: { selfRegistration: true } }, ADMIN));
  expectOk(await t.call('auth:register', registration('alice'), 50));
  expectOk(await t.call('auth:logout', {}, 50));
}

const signInAlice = (windowId: number, remember = false) => t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember }, windowId);

describe('the hard session limit, attacked', () => {
  it('two sign-ins at once from two windows: each session ends at its own limit, and neither extends the other', async () => {
    await rootAndAlice();
    expectOk(await t.call('admin:set-policy', { policy: { sessionLifetimeMs: 30 * MINUTE } }, ADMIN));
    const [first, second] = await Promise.all([signInAlice(2), signInAlice(3)]);
    expectOk(first);
    expectOk(second);
    const sessions = (await storedSessions(t.dir)).filter((s) => s.user_id === 2);
    expect(sessions.map((s) => s.expires_at - s.created_at)).toEqual([30 * MINUTE, 30 * MINUTE]);
    t.clock.advance(20 * MINUTE);
    expectOk(await signInAlice(4)); // a third, later, sign-in changes nothing for the first two
    t.clock.advance(10 * MINUTE);
    for (const windowId of [2, 3]) expect(expectError(await t.call('account:sign-in-history', {}, windowId), 'SESSION_EXPIRED').message).toBe(SESSION_LIMIT_MESSAGE);
    expectOk(await t.call('account:sign-in-history', {}, 4));
  });

  it('a shorter limit set while people are signed in ends their sessions at it, counted from their sign-in', async () => {
    await rootAndAlice({ rememberAllowed: true });
    expectOk(await signInAlice(2));
    expectOk(await signInAlice(3, true));
    t.clock.advance(40 * MINUTE);
    // The kiosk's operator decides sessions there last 30 minutes, remembered ones 1 day.
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
    expectOk(await t.call('admin:set-policy', { policy: { sessionLifetimeMs: 30 * MINUTE, rememberLifetimeMs: DAY } }, ADMIN));
    expect((await t.core.tick([2])).get(2)).toEqual({ status: 'ended', message: SESSION_LIMIT_MESSAGE });
    expect(expectError(await t.call('account:sign-in-history', {}, 2), 'NOT_AUTHENTICATED')).toBeTruthy();
    // The remembered one: 40 minutes old, so it has until a day after its sign-in, not 30 days.
    expectOk(await t.call('account:sign-in-history', {}, 3));
    t.clock.advance(DAY - 40 * MINUTE);
    expect(expectError(await t.call('account:sign-in-history', {}, 3), 'SESSION_EXPIRED').message).toBe(SESSION_LIMIT_MESSAGE);
    // A longer limit does not lengthen a session already running (nothing extends one).
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
    const before = (await storedSessions(t.dir)).find((s) => s.user_id === 1)!;
    expectOk(await t.call('admin:set-policy', { policy: { sessionLifetimeMs: 7 * DAY } }, ADMIN));
    expect((await storedSessions(t.dir)).find((s) => s.user_id === 1)!.expires_at).toBe(before.expires_at);
  });
});

describe('a remembered session its account should no longer have', () => {
  it('is not resumed after a restart if the account was disabled meanwhile, and is forgotten and audited', async () => {
    const remembered = inspectableRememberStore();
    t = await openTestCore({ policy: { ...QUIET, rememberAllowed: true }, rememberStore: remembered });
    expectOk(await t.call('auth:register', registration('root'), ADMIN));
    expectOk(await t.call('admin:set-policy', { policy: { selfRegistration: true } }, ADMIN));
    expectOk(await t.call('auth:register', registration('alice'), 50));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: true }, 50));
    expect(remembered.token).not.toBeNull();
    await t.core.close();
    // Disabled while the app was closed, its session row left behind (an older Gatehouse, a hand edit).
    await editFile(t.dir, (db) => db.run("UPDATE users SET active = 0 WHERE username = 'alice'"));
    await t.reopen();
    expect(expectOk(await t.call('auth:session', {}, 50)).user).toBeNull();
    expect(remembered.token).toBeNull();
    expect((await storedSessions(t.dir)).filter((s) => s.user_id === 2)).toEqual([]);
    expect((await auditRows(t.dir, 'session_expired')).filter((row) => row.user_id === 2)).toHaveLength(1);
  });
});

describe('the computer locks while a sign-in is being checked', () => {
  async function aliceSigningInAsTheMachineLocks(policy: Record<string, unknown>) {
    await rootAndAlice(policy);
    // The password is being checked (bcrypt, in a worker) when the lid closes.
    return Promise.all([signInAlice(2), t.core.lockWindowSession(2)]).then(([answer]) => answer);
  }

  it('with the policy that ends sessions, the sign-in is answered as ended, and no session is left open behind the OS lock', async () => {
    const answer = await aliceSigningInAsTheMachineLocks({ endSessionOnSystemLock: true });
    expect(expectError(answer, 'SESSION_EXPIRED').message).toBe(SYSTEM_LOCK_SIGN_OUT_MESSAGE);
    expect((await storedSessions(t.dir)).filter((s) => s.user_id === 2)).toEqual([]);
    expect(expectOk(await t.call('auth:session', {}, 2)).user).toBeNull();
  });

  it('with the default policy, the new session is locked behind the password', async () => {
    const answer = await aliceSigningInAsTheMachineLocks({});
    expectOk(answer);
    expect(expectOk(await t.call('auth:session', {}, 2))).toMatchObject({ user: { username: 'alice' }, locked: true });
    expectError(await t.call('account:sign-in-history', {}, 2), 'SESSION_LOCKED');
  });

  it('a sign-in that finishes before the lock is locked or ended by it as usual; one that starts after is not touched', async () => {
    await rootAndAlice({ endSessionOnSystemLock: true });
    await t.core.lockWindowSession(3);
    expectOk(await signInAlice(3));
    expectOk(await t.call('account:sign-in-history', {}, 3));
  });
});
