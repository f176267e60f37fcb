/**
 * A lock belongs to the session, not to the window: a reload, a quit, a restart or a new window
 * keeps a remembered session AND its lock, and only the owner's password opens it. A renderer
 * that crashed or hung loses its session, remembered or not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DAY,
  MINUTE,
  STRONG_PASSWORD,
  auditRows,
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

async function rememberedAndLocked() {
  const remember = inspectableRememberStore();
  t = await openTestCore({ rememberStore: remember, policy: { rememberAllowed: true } });
  expectOk(await t.call('auth:register', registration('alice'), 1));
  expectOk(await t.call('auth:register', registration('bob'), 2));
  expectOk(await t.call('auth:logout', {}, 1));
  expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: true }, 1));
  expectOk(await t.call('session:lock', {}, 1));
  return remember;
}

describe('a remembered session keeps its lock', () => {
  it('across a restart: still alice, still locked, nothing but unlock and sign-out answers', async () => {
    await rememberedAndLocked();
    await t.reopen();
    expect(expectOk(await t.call('auth:session', {}, 5))).toMatchObject({ user: { username: 'alice' }, locked: true });
    expectError(await t.call('account:update-profile', { email: 'mallory@example.org' }, 5), 'SESSION_LOCKED');
    // Someone else's password does not open it.
    expectError(await t.call('session:unlock', { password: `${STRONG_PASSWORD} bob` }, 5), 'INVALID_CREDENTIALS');
    expectOk(await t.call('session:unlock', { password: STRONG_PASSWORD }, 5));
    expect(expectOk(await t.call('auth:session', {}, 5)).locked).toBe(false);
    expectOk(await t.call('account:update-profile', {}, 5));
  });

  it('when its window closes and a new one opens (a quit, or a reload that lost the slot)', async () => {
    await rememberedAndLocked();
    await t.core.endWindowSession(1, 'window-closed');
    expect(expectOk(await t.call('auth:session', {}, 6))).toMatchObject({ user: { username: 'alice' }, locked: true });
  });

  it('and an unlock is kept across a restart too', async () => {
    await rememberedAndLocked();
    expectOk(await t.call('session:unlock', { password: STRONG_PASSWORD }, 1));
    await t.reopen();
    expect(expectOk(await t.call('auth:session', {}, 7))).toMatchObject({ user: { username: 'alice' }, locked: false });
  });

  it('the lock is on disk, in the sessions table', async () => {
    await rememberedAndLocked();
    const rows = await storedSessions(t.dir);
    expect(rows.find((row) => row.remember === 1)).toMatchObject({ locked_at: t.clock.now() });
  });
});

describe('a renderer that crashed or hung', () => {
  it('ends its remembered session for good: revoked, token forgotten, sign-out audited', async () => {
    const remember = await rememberedAndLocked();
    await t.core.endWindowSession(1, 'renderer-crashed');
    expect(remember.token).toBeNull();
    expect((await storedSessions(t.dir)).filter((row) => row.remember === 1)).toEqual([]);
    expect(expectOk(await t.call('auth:session', {}, 1)).user).toBeNull();
    await t.reopen();
    expect(expectOk(await t.call('auth:session', {}, 2)).user).toBeNull();
    expect((await auditRows(t.dir, 'signout')).at(-1)?.detail).toContain('renderer-crashed');
  });
});

describe('the session clock (one tick, states decided by the core)', () => {
  it('goes active, warning with the time left, ended with the reason, then signed-out', async () => {
    t = await openTestCore({ policy: { idleTimeoutMs: 5 * MINUTE, rememberAllowed: true } });
    expectOk(await t.call('auth:register', registration('alice'), 1));
    expect(await t.core.tick([1, 2])).toEqual(new Map([[1, { status: 'active' }], [2, { status: 'signed-out' }]]));

    t.clock.advance(4 * MINUTE);
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'warning', msLeft: MINUTE });
    t.clock.advance(MINUTE - 1_000);
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'warning', msLeft: 1_000 });

    // Input reported by the renderer moves the deadline back.
    expectOk(await t.call('session:activity', {}, 1));
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'active' });

    t.clock.advance(5 * MINUTE);
    const ended = (await t.core.tick([1])).get(1);
    expect(ended).toMatchObject({ status: 'ended', message: expect.stringContaining('5 minutes') });
    expect((await auditRows(t.dir, 'session_expired')).at(-1)?.detail).toContain('idle');
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'signed-out' });
    expectError(await t.call('account:update-profile', {}, 1), 'NOT_AUTHENTICATED');
  });

  it('reports a lock; a remembered session warns, then idle time locks it (kept, on disk) rather than ending it', async () => {
    await rememberedAndLocked();
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'locked' });
    await t.reopen();
    expectOk(await t.call('auth:session', {}, 3));
    expect((await t.core.tick([3])).get(3)).toEqual({ status: 'locked' });
    expectOk(await t.call('session:unlock', { password: STRONG_PASSWORD }, 3));
    expect((await t.core.tick([3])).get(3)).toEqual({ status: 'active' });

    t.clock.advance(14 * MINUTE);
    expect((await t.core.tick([3])).get(3)).toEqual({ status: 'warning', msLeft: MINUTE, then: 'lock' });
    t.clock.advance(MINUTE);
    expect((await t.core.tick([3])).get(3)).toEqual({ status: 'locked' });
    expect((await auditRows(t.dir, 'session_lock')).at(-1)?.detail).toContain('idle');
    expectError(await t.call('account:update-profile', {}, 3), 'SESSION_LOCKED');
    // Still locked a day later (not ended), and still locked after a restart: the lock is on disk.
    t.clock.advance(DAY);
    expect((await t.core.tick([3])).get(3)).toEqual({ status: 'locked' });
    expect((await storedSessions(t.dir)).map((row) => row.locked_at !== null)).toEqual([true]);
    await t.reopen();
    expect(expectOk(await t.call('auth:session', {}, 4))).toMatchObject({ user: { username: 'alice' }, locked: true });
    expectOk(await t.call('session:unlock', { password: STRONG_PASSWORD }, 4));
    expect((await t.core.tick([4])).get(4)).toEqual({ status: 'active' });
  });
});
