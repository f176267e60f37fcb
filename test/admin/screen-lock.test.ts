/** Lock, unlock, activity and the kiosk exit: held by the core, counted toward lockout. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, STRONG_PASSWORD, expectError, expectOk, openTestCore, registration, type TestCore } from '../support/core';

const ADMIN = 1;
const USER = 2;

let t: TestCore;

beforeEach(async () => {
  t = await openTestCore();
  expectOk(await t.call('auth:register', registration('root'), ADMIN));
  expectOk(await t.call('auth:register', registration('alice'), USER));
});
afterEach(async () => t.close());

describe('screen lock', () => {
  it('a locked window answers only unlock, session and sign-out, and says it is locked', async () => {
    expectOk(await t.call('session:lock', {}, USER));
    expect(expectOk(await t.call('auth:session', {}, USER))).toMatchObject({ locked: true, user: { username: 'alice' } });
    expectError(await t.call('account:update-profile', {}, USER), 'SESSION_LOCKED');
    expectError(await t.call('session:activity', {}, USER), 'SESSION_LOCKED');
    expectError(await t.call('auth:change-password', { currentPassword: STRONG_PASSWORD, newPassword: 'x'.repeat(12), confirmPassword: 'x'.repeat(12) }, USER), 'SESSION_LOCKED');
    // Other windows are not affected.
    expectOk(await t.call('account:update-profile', {}, ADMIN));
  });

  it('unlocks only with the same person’s password', async () => {
    expectOk(await t.call('session:lock', {}, USER));
    const wrong = expectError(await t.call('session:unlock', { password: 'not it' }, USER), 'INVALID_CREDENTIALS');
    expect(wrong.fields?.password).toBeDefined();
    // Root's password does not open alice's screen.
    expectError(await t.call('session:unlock', { password: STRONG_PASSWORD + ' root' }, USER), 'INVALID_CREDENTIALS');
    expect(expectOk(await t.call('session:unlock', { password: STRONG_PASSWORD }, USER)).user.username).toBe('alice');
    expect(expectOk(await t.call('auth:session', {}, USER)).locked).toBe(false);
    expectOk(await t.call('account:update-profile', {}, USER));
  });

  it('failed unlocks count toward lockout; the locked account cannot unlock until it ends', async () => {
    expectOk(await t.call('session:lock', {}, USER));
    for (let i = 0; i < 4; i++) expectError(await t.call('session:unlock', { password: `wrong ${i}` }, USER), 'INVALID_CREDENTIALS');
    const locked = expectError(await t.call('session:unlock', { password: 'wrong 5' }, USER), 'ACCOUNT_LOCKED');
    expect(locked.unlocksAt).toBe(new Date(t.clock.now() + 15 * MINUTE).toISOString());
    expectError(await t.call('session:unlock', { password: STRONG_PASSWORD }, USER), 'ACCOUNT_LOCKED');
    // The same count applies at the sign-in screen.
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 9), 'ACCOUNT_LOCKED');
  });

  it('"sign in as someone else" ends the locked session', async () => {
    expectOk(await t.call('session:lock', {}, USER));
    expectOk(await t.call('auth:logout', {}, USER));
    expect(expectOk(await t.call('auth:session', {}, USER))).toEqual({ user: null, locked: false, idleRemainingMs: null });
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, USER));
    expect(expectOk(await t.call('auth:session', {}, USER)).locked).toBe(false);
  });

  it('a locked screen still times out: waiting at the lock is not activity', async () => {
    expectOk(await t.call('session:lock', {}, USER));
    t.clock.advance(10 * MINUTE);
    expectError(await t.call('session:unlock', { password: 'wrong' }, USER), 'INVALID_CREDENTIALS');
    t.clock.advance(6 * MINUTE);
    expectError(await t.call('session:unlock', { password: STRONG_PASSWORD }, USER), 'SESSION_EXPIRED');
  });

  it('survives a renderer reload: the lock is the core’s, not the page’s', async () => {
    expectOk(await t.call('session:lock', {}, USER));
    // A reload asks who is signed in again: still locked.
    expect(expectOk(await t.call('auth:session', {}, USER)).locked).toBe(true);
  });
});

describe('activity', () => {
  it('reported activity keeps a session alive; silence lets it expire', async () => {
    t.clock.advance(14 * MINUTE);
    expect(expectOk(await t.call('session:activity', {}, USER)).idleTimeoutMs).toBe(15 * MINUTE);
    t.clock.advance(14 * MINUTE);
    expectOk(await t.call('account:update-profile', {}, USER));
    t.clock.advance(15 * MINUTE);
    expectError(await t.call('session:activity', {}, USER), 'SESSION_EXPIRED');
  });

  it('asking who is signed in is not activity, so a renderer polling it cannot keep a session alive', async () => {
    for (let i = 0; i < 4; i++) {
      t.clock.advance(4 * MINUTE);
      if (i < 3) expectOk(await t.call('auth:session', {}, USER));
    }
    expectError(await t.call('auth:session', {}, USER), 'SESSION_EXPIRED');
  });
});

describe('kiosk exit', () => {
  it('needs an administrator who types their password again', async () => {
    expectError(await t.call('kiosk:exit', { password: STRONG_PASSWORD }, USER), 'FORBIDDEN');
    expectError(await t.call('kiosk:exit', { password: 'wrong' }, ADMIN), 'INVALID_CREDENTIALS');
    expectOk(await t.call('kiosk:exit', { password: STRONG_PASSWORD }, ADMIN));
    expectError(await t.call('kiosk:exit', { password: STRONG_PASSWORD }, 42), 'NOT_AUTHENTICATED');
    const events = expectOk(await t.call('admin:audit', { event: 'kiosk_exit' }, ADMIN)).entries;
    expect(events).toHaveLength(1);
  });
});

describe('kiosk defaults', () => {
  it('a kiosk starts with registration closed and a two-minute idle timeout, which an admin may change', async () => {
    await t.reopen({ kiosk: true });
    const info = expectOk(await t.call('app:info', {}, 5)).policy;
    expect(info).toMatchObject({ selfRegistration: false, idleTimeoutMs: 2 * MINUTE, kioskMode: true, rememberAllowed: false });
    expectError(await t.call('auth:register', registration('walkup'), 5), 'REGISTRATION_CLOSED');
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
    expectOk(await t.call('admin:set-policy', { policy: { idleTimeoutMs: 5 * MINUTE } }, ADMIN));
    expect(expectOk(await t.call('app:info', {}, 5)).policy.idleTimeoutMs).toBe(5 * MINUTE);
  });

  it('the kiosk policy setting turns kiosk defaults on without a flag', async () => {
    expectOk(await t.call('admin:set-policy', { policy: { kioskMode: true } }, ADMIN));
    expect(expectOk(await t.call('app:info', {}, 5)).policy).toMatchObject({ kioskMode: true, selfRegistration: false, idleTimeoutMs: 2 * MINUTE });
  });

  it('the on-screen keyboard is on in a kiosk, off elsewhere, and an admin may choose either way', async () => {
    expect(expectOk(await t.call('app:info', {}, 5)).policy.onScreenKeyboard).toBe(false);
    expectOk(await t.call('admin:set-policy', { policy: { onScreenKeyboard: true } }, ADMIN));
    expect(expectOk(await t.call('app:info', {}, 5)).policy.onScreenKeyboard).toBe(true);
    await t.reopen({ kiosk: true });
    expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, ADMIN));
    expectOk(await t.call('admin:set-policy', { policy: { onScreenKeyboard: false } }, ADMIN));
    expect(expectOk(await t.call('app:info', {}, 5)).policy).toMatchObject({ kioskMode: true, onScreenKeyboard: false });
  });
});

describe('signals from the shell', () => {
  it('system input seen by the shell keeps the session alive; it cannot open a locked one', async () => {
    t.clock.advance(14 * 60_000);
    t.core.noteSystemActivity(USER);
    t.clock.advance(14 * 60_000);
    expectOk(await t.call('account:update-profile', {}, USER));
    await t.core.lockWindowSession(USER);
    t.core.noteSystemActivity(USER);
    expectError(await t.call('account:update-profile', {}, USER), 'SESSION_LOCKED');
    t.clock.advance(16 * 60_000);
    t.core.noteSystemActivity(USER);
    expectError(await t.call('session:unlock', { password: STRONG_PASSWORD }, USER), 'SESSION_EXPIRED');
  });

  it('an OS screen lock locks a signed-in window and does nothing to an empty one', async () => {
    await t.core.lockWindowSession(USER);
    await t.core.lockWindowSession(77);
    expect(expectOk(await t.call('auth:session', {}, USER)).locked).toBe(true);
    expect(expectOk(await t.call('auth:session', {}, 77))).toEqual({ user: null, locked: false, idleRemainingMs: null });
  });
});

describe('what the renderer may ask of the idle clock', () => {
  it('auth:session tells the time left, which activity (in the app or seen by the shell) restores', async () => {
    expect(expectOk(await t.call('auth:session', {}, USER)).idleRemainingMs).toBe(15 * MINUTE);
    t.clock.advance(10 * MINUTE);
    expect(expectOk(await t.call('auth:session', {}, USER)).idleRemainingMs).toBe(5 * MINUTE);
    t.core.noteSystemActivity(USER);
    expect(expectOk(await t.call('auth:session', {}, USER)).idleRemainingMs).toBe(15 * MINUTE);
    t.clock.advance(MINUTE);
    expectOk(await t.call('session:activity', {}, USER));
    expect(expectOk(await t.call('auth:session', {}, USER)).idleRemainingMs).toBe(15 * MINUTE);
  });

  it('a remembered session has the same idle limit, and idle time locks it rather than ending it', async () => {
    expectOk(await t.call('admin:set-policy', { policy: { rememberAllowed: true } }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: true }, 6));
    expect(expectOk(await t.call('auth:session', {}, 6)).idleRemainingMs).toBe(15 * MINUTE);
    t.clock.advance(60 * MINUTE);
    expect(expectOk(await t.call('auth:session', {}, 6))).toMatchObject({ user: { username: 'alice' }, locked: true, idleRemainingMs: null });
  });

  it('someone who must choose a new password can still report activity and lock the screen', async () => {
    const created = expectOk(await t.call('admin:create-user', { username: 'temp', email: 'temp@example.com', role: 'user' }, ADMIN));
    expectOk(await t.call('auth:login', { identifier: 'temp', password: created.temporaryPassword }, 8));
    expectOk(await t.call('session:activity', {}, 8));
    expectOk(await t.call('session:lock', {}, 8));
    expectOk(await t.call('session:unlock', { password: created.temporaryPassword }, 8));
    expectError(await t.call('account:update-profile', {}, 8), 'PASSWORD_CHANGE_REQUIRED');
  });

  it('unlock checks the password even when the window is not locked', async () => {
    expectError(await t.call('session:unlock', { password: 'any old thing' }, USER), 'INVALID_CREDENTIALS');
    expect(expectOk(await t.call('session:unlock', { password: STRONG_PASSWORD }, USER)).user.username).toBe('alice');
  });
});
