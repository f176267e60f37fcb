/**
 * When the computer locks or sleeps (issue 14): the policy chooses between locking the Gatehouse
 * session (the default, today's behaviour) and ending it, remembered sessions included.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_LOCK_SIGN_OUT_MESSAGE } from '../../src/main/core/system-lock';
import { STRONG_PASSWORD, auditRows, expectError, expectOk, inspectableRememberStore, openTestCore, registration, storedSessions, type TestCore } from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

describe('the OS lock policy', () => {
  it('locks the session by default', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    await t.core.lockWindowSession(1);
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'locked' });
    expect(expectOk(await t.call('auth:session', {})).locked).toBe(true);
  });

  it('ends it when the policy says so: pushed once with the reason, audited, gone from disk', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('root')));
    expectOk(await t.call('admin:set-policy', { policy: { endSessionOnSystemLock: true } }));
    await t.core.lockWindowSession(1);
    expect(await storedSessions(t.dir)).toEqual([]);
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'ended', message: SYSTEM_LOCK_SIGN_OUT_MESSAGE });
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'signed-out' });
    const signouts = await auditRows(t.dir, 'signout');
    expect(JSON.parse(signouts.at(-1)!.detail!)).toEqual({ reason: 'system-lock' });
  });

  it('a page reloaded before the push still hears why, once', async () => {
    t = await openTestCore({ policy: { endSessionOnSystemLock: true } });
    expectOk(await t.call('auth:register', registration('alice')));
    await t.core.lockWindowSession(1);
    expect(expectError(await t.call('auth:session', {}), 'SESSION_EXPIRED').message).toBe(SYSTEM_LOCK_SIGN_OUT_MESSAGE);
    expect(expectOk(await t.call('auth:session', {})).user).toBeNull();
    expect((await t.core.tick([1])).get(1)).toEqual({ status: 'signed-out' });
  });

  it('ends a remembered session too, and forgets its token', async () => {
    const remember = inspectableRememberStore();
    t = await openTestCore({ policy: { endSessionOnSystemLock: true, rememberAllowed: true }, rememberStore: remember });
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: true }));
    expect(remember.token).not.toBeNull();
    await t.core.lockWindowSession(1);
    expect(remember.token).toBeNull();
    expect(await storedSessions(t.dir)).toEqual([]);
  });

  it('does nothing to a window nobody is signed in at', async () => {
    t = await openTestCore({ policy: { endSessionOnSystemLock: true } });
    await t.core.lockWindowSession(9);
    expect((await t.core.tick([9])).get(9)).toEqual({ status: 'signed-out' });
  });
});
