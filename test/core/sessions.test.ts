/**
 * Sessions: a fresh 256-bit token per sign-in, only its SHA-256 in the store, absolute and idle
 * expiry on the injected clock, remember-me across restarts, sign-out, and one slot per window.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DAY,
  HOUR,
  MINUTE,
  STRONG_PASSWORD,
  auditRows,
  dbPath,
  expectError,
  expectOk,
  inspectableRememberStore,
  openTestCore,
  registration,
  sha256Hex,
  storedSessions,
  type TestCore,
} from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

async function withAlice(options: Parameters<typeof openTestCore>[0] = {}) {
  // These suites use "Remember me", which is off by default since issue 11.
  t = await openTestCore({ ...options, policy: { rememberAllowed: true, ...options.policy } });
  const { user } = expectOk(await t.call('auth:register', registration('alice')));
  expectOk(await t.call('auth:logout', {}));
  return user;
}

function login(windowId = 1, remember?: boolean) {
  return t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, ...(remember === undefined ? {} : { remember }) }, windowId);
}

async function sessionUser(windowId = 1) {
  return expectOk(await t.call('auth:session', {}, windowId)).user;
}

describe('tokens', () => {
  it('issues a new token at every sign-in and revokes the one the window held (no fixation)', async () => {
    await withAlice();
    expectOk(await login());
    const [first] = await storedSessions(t.dir);
    expectOk(await login());
    const after = await storedSessions(t.dir);
    expect(after).toHaveLength(1);
    expect(after[0]!.token_hash).not.toBe(first!.token_hash);
    // The registration's own session was replaced the same way.
    expect(after[0]!.user_id).toBe(first!.user_id);
  });

  it('stores only the SHA-256 (64 hex) of a 256-bit token; the token itself is nowhere in the file or the answers', async () => {
    const remember = inspectableRememberStore();
    await withAlice({ rememberStore: remember });
    const result = await login(1, true);
    const token = remember.token!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const [row] = await storedSessions(t.dir);
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).toBe(sha256Hex(token));
    const file = readFileSync(dbPath(t.dir));
    expect(file.includes(Buffer.from(token))).toBe(false);
    const answers = JSON.stringify([result, await t.call('auth:session', {})]);
    expect(answers).not.toContain(token);
    expect(answers).not.toContain(row!.token_hash);
  });

  it('two sign-ins of one account in two windows are two sessions', async () => {
    await withAlice();
    expectOk(await login(1));
    expectOk(await login(2));
    const rows = await storedSessions(t.dir);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.token_hash)).size).toBe(2);
  });
});

describe('expiry', () => {
  it('ends a session 12 hours after sign-in however active it is', async () => {
    await withAlice({ policy: { idleTimeoutMs: DAY } });
    expectOk(await login());
    t.clock.advance(12 * HOUR - 1);
    expectOk(await t.call('account:update-profile', {}));
    t.clock.advance(1);
    expectError(await t.call('account:update-profile', {}), 'SESSION_EXPIRED');
    expect(await storedSessions(t.dir)).toHaveLength(0);
    expect(await sessionUser()).toBeNull();
    expectError(await t.call('account:update-profile', {}), 'NOT_AUTHENTICATED');
    expect(JSON.parse((await auditRows(t.dir, 'session_expired'))[0]!.detail!)).toEqual({ reason: 'lifetime' });
  });

  it('ends a session after 15 idle minutes, and auth:session reports the expiry once, then nobody', async () => {
    await withAlice();
    expectOk(await login());
    t.clock.advance(15 * MINUTE - 1);
    expect((await sessionUser())?.username).toBe('alice');
    t.clock.advance(1);
    const expired = expectError(await t.call('auth:session', {}), 'SESSION_EXPIRED');
    expect(expired.message).toBe('You were signed out after 15 minutes without activity.');
    expect(await sessionUser()).toBeNull();
    expect(await storedSessions(t.dir)).toHaveLength(0);
  });

  it('activity extends the idle deadline', async () => {
    await withAlice();
    expectOk(await login());
    t.clock.advance(10 * MINUTE);
    expectOk(await t.call('account:update-profile', {})); // counts as activity
    t.clock.advance(10 * MINUTE);
    expect((await sessionUser())?.username).toBe('alice'); // 20 minutes after sign-in, 10 idle
    t.clock.advance(5 * MINUTE);
    expectError(await t.call('account:update-profile', {}), 'SESSION_EXPIRED');
  });

  it('uses the configured lifetime and idle timeout', async () => {
    await withAlice({ policy: { idleTimeoutMs: 2 * MINUTE, sessionLifetimeMs: 5 * MINUTE } });
    expectOk(await login());
    t.clock.advance(2 * MINUTE);
    expectError(await t.call('account:update-profile', {}), 'SESSION_EXPIRED');
    expectOk(await login());
    for (let i = 0; i < 3; i++) {
      t.clock.advance(MINUTE + 15_000);
      expectOk(await t.call('account:update-profile', {}));
    }
    t.clock.advance(MINUTE + 15_000); // 5 minutes since sign-in, 75 seconds idle
    expectError(await t.call('account:update-profile', {}), 'SESSION_EXPIRED');
    const reasons = (await auditRows(t.dir, 'session_expired')).map((row) => JSON.parse(row.detail!).reason);
    expect(reasons).toEqual(['idle', 'lifetime']);
  });

  it('a session cut short by expiry in one window leaves the other window signed in', async () => {
    await withAlice();
    expectOk(await login(1));
    t.clock.advance(10 * MINUTE);
    expectOk(await login(2));
    t.clock.advance(5 * MINUTE);
    expectError(await t.call('account:update-profile', {}, 1), 'SESSION_EXPIRED');
    expectOk(await t.call('account:update-profile', {}, 2));
  });
});

describe('remember me', () => {
  it('keeps the session across a restart: a new window of a new core adopts it', async () => {
    const remember = inspectableRememberStore();
    const alice = await withAlice({ rememberStore: remember });
    expectOk(await login(1, true));
    const [row] = await storedSessions(t.dir);
    expect(row).toMatchObject({ remember: 1, expires_at: t.clock.now() + 30 * DAY });
    expect(remember.token).not.toBeNull();

    t.clock.advance(2 * DAY); // long past the 12-hour lifetime of an ordinary session
    await t.reopen();
    expect((await sessionUser(7))?.id).toBe(alice.id);
    expectOk(await t.call('account:update-profile', {}, 7));
  });

  it('survives the window being closed before the restart', async () => {
    const remember = inspectableRememberStore();
    const alice = await withAlice({ rememberStore: remember });
    expectOk(await login(1, true));
    await t.core.endWindowSession(1, 'window-closed');
    expect(remember.token).not.toBeNull();
    await t.reopen();
    expect((await sessionUser(3))?.id).toBe(alice.id);
  });

  it('ends after 30 days, forgetting the token', async () => {
    const remember = inspectableRememberStore();
    await withAlice({ rememberStore: remember });
    expectOk(await login(1, true));
    await t.reopen();
    t.clock.advance(30 * DAY - 1);
    expect((await sessionUser(2))?.username).toBe('alice');
    t.clock.advance(1);
    expectError(await t.call('auth:session', {}, 2), 'SESSION_EXPIRED');
    expect(await sessionUser(4)).toBeNull();
    expect(remember.token).toBeNull();
    expect(await storedSessions(t.dir)).toHaveLength(0);
  });

  it('ends after 30 days across a restart too', async () => {
    const remember = inspectableRememberStore();
    await withAlice({ rememberStore: remember });
    expectOk(await login(1, true));
    t.clock.advance(30 * DAY);
    await t.reopen();
    expect(await sessionUser(2)).toBeNull();
    expect(remember.token).toBeNull();
  });

  it('uses the configured remember lifetime', async () => {
    const remember = inspectableRememberStore();
    await withAlice({ rememberStore: remember, policy: { rememberLifetimeMs: 3 * DAY } });
    expectOk(await login(1, true));
    expect((await storedSessions(t.dir))[0]!.expires_at).toBe(t.clock.now() + 3 * DAY);
    t.clock.advance(3 * DAY);
    await t.reopen();
    expect(await sessionUser(2)).toBeNull();
  });

  it('is ignored when policy switches it off', async () => {
    const remember = inspectableRememberStore();
    await withAlice({ rememberStore: remember, policy: { rememberAllowed: false } });
    expectOk(await login(1, true));
    expect(remember.token).toBeNull();
    expect((await storedSessions(t.dir))[0]!.remember).toBe(0);
    await t.reopen();
    expect(await sessionUser(2)).toBeNull();
  });

  it('a session remembered before policy switched it off is not adopted', async () => {
    const remember = inspectableRememberStore();
    await withAlice({ rememberStore: remember });
    expectOk(await login(1, true));
    await t.reopen({ policy: { rememberAllowed: false } });
    expect(await sessionUser(2)).toBeNull();
  });

  it('a remembered token that matches no session is forgotten', async () => {
    const remember = inspectableRememberStore();
    await withAlice({ rememberStore: remember });
    remember.token = 'forged-or-stale-token';
    expect(await sessionUser(2)).toBeNull();
    expect(remember.token).toBeNull();
  });

  it('an ordinary session does not outlive a restart', async () => {
    await withAlice();
    expectOk(await login(1));
    await t.reopen();
    expect(await storedSessions(t.dir)).toHaveLength(0);
    expect(await sessionUser(1)).toBeNull();
  });
});

describe('sign-out and windows', () => {
  it('sign-out revokes the session in the store and forgets the remembered token', async () => {
    const remember = inspectableRememberStore();
    const alice = await withAlice({ rememberStore: remember });
    expectOk(await login(1, true));
    expectOk(await t.call('auth:logout', {}));
    expect(await storedSessions(t.dir)).toHaveLength(0);
    expect(remember.token).toBeNull();
    expect(await sessionUser()).toBeNull();
    expectError(await t.call('account:update-profile', {}), 'NOT_AUTHENTICATED');
    expect((await auditRows(t.dir, 'signout')).at(-1)?.user_id).toBe(alice.id);
    await t.reopen();
    expect(await sessionUser(2)).toBeNull();
  });

  it('signing out when nobody is signed in is harmless', async () => {
    await withAlice();
    expectOk(await t.call('auth:logout', {}, 5));
  });

  it('each window has its own slot: window 2 is not signed in because window 1 is', async () => {
    await withAlice();
    expectOk(await login(1));
    expect(await sessionUser(2)).toBeNull();
    expectError(await t.call('account:update-profile', { email: 'evil@example.com' }, 2), 'NOT_AUTHENTICATED');
    expectOk(await t.call('auth:logout', {}, 2)); // window 2 signing out...
    expect((await sessionUser(1))?.username).toBe('alice'); // ...does not sign out window 1
  });

  it('endWindowSession revokes the window\'s session and records why', async () => {
    await withAlice();
    expectOk(await login(1));
    expectOk(await login(2));
    await t.core.endWindowSession(1, 'renderer-crashed');
    expect(await storedSessions(t.dir)).toHaveLength(1);
    expect(await sessionUser(1)).toBeNull();
    expect((await sessionUser(2))?.username).toBe('alice');
    const signout = (await auditRows(t.dir, 'signout')).at(-1)!;
    expect(JSON.parse(signout.detail!)).toEqual({ reason: 'renderer-crashed' });
    await t.core.endWindowSession(9, 'window-closed'); // a window that never signed in: nothing happens
  });
});

describe('remembered username', () => {
  it('"Remember me" remembers who for the next sign-in form; signing in without it forgets', async () => {
    const usernames = inspectableRememberStore();
    t = await openTestCore({ usernameStore: usernames, policy: { rememberAllowed: true } });
    expectOk(await t.call('auth:register', registration('alice')));
    expect(expectOk(await t.call('app:info', {}, 5)).rememberedUsername).toBeNull();
    expectOk(await t.call('auth:login', { identifier: 'ALICE@example.com', password: STRONG_PASSWORD, remember: true }, 2));
    expect(expectOk(await t.call('app:info', {}, 5)).rememberedUsername).toBe('alice');
    // Signing in again without it forgets.
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 3));
    expect(expectOk(await t.call('app:info', {}, 5)).rememberedUsername).toBeNull();
    expect(usernames.token).toBeNull();
  });

  it('signing out forgets the name: the next person at the machine never finds it filled in (issue 11)', async () => {
    const usernames = inspectableRememberStore();
    t = await openTestCore({ usernameStore: usernames, policy: { rememberAllowed: true } });
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: true }, 2));
    expect(expectOk(await t.call('app:info', {}, 5)).rememberedUsername).toBe('alice');
    expectOk(await t.call('auth:logout', {}, 2));
    expect(expectOk(await t.call('app:info', {}, 5)).rememberedUsername).toBeNull();
    expect(usernames.token).toBeNull();
  });

  it('is neither kept nor shown while policy disallows remember-me', async () => {
    const usernames = inspectableRememberStore();
    t = await openTestCore({ usernameStore: usernames });
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('admin:set-policy', { policy: { rememberAllowed: true } }, 1));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: true }, 2));
    expectOk(await t.call('admin:set-policy', { policy: { rememberAllowed: false } }, 1));
    expect(usernames.token).toBeNull();
    expect(expectOk(await t.call('app:info', {}, 5)).rememberedUsername).toBeNull();
  });
});
