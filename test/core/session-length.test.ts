/**
 * The hard session limit (issue 14): one setting, 1 minute to 7 days; its time left pushed in the
 * last 10 minutes, a final warning nothing extends in the last minute, then sign-out with a
 * reason that a reloaded page still hears once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicySettings } from '../../src/shared/policy-settings';
import { SESSION_LIMIT_MESSAGE } from '../../src/shared/session-length';
import { DAY, MINUTE, STRONG_PASSWORD, auditRows, expectError, expectOk, openTestCore, registration, type TestCore } from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

async function signedIn(policy: Partial<PolicySettings> = {}) {
  t = await openTestCore({ policy });
  expectOk(await t.call('auth:register', registration('alice')));
}

const state = async (windowId = 1) => (await t.core.tick([windowId])).get(windowId);

describe('the hard session limit', () => {
  it('shows no time left until its last 10 minutes, then counts down in whole seconds', async () => {
    await signedIn({ sessionLifetimeMs: 30 * MINUTE, idleTimeoutMs: 60 * MINUTE });
    expect(await state()).toEqual({ status: 'active' });
    t.clock.advance(20 * MINUTE - 1);
    expect(await state()).toEqual({ status: 'active' });
    t.clock.advance(1);
    expect(await state()).toEqual({ status: 'active', endsInMs: 10 * MINUTE });
    t.clock.advance(1_500);
    expect(await state()).toEqual({ status: 'active', endsInMs: 10 * MINUTE - 1_000 });
  });

  it('warns in its last minute, and activity does not extend it', async () => {
    await signedIn({ sessionLifetimeMs: 30 * MINUTE, idleTimeoutMs: 60 * MINUTE });
    t.clock.advance(29 * MINUTE);
    expect(await state()).toEqual({ status: 'warning', msLeft: 60_000, final: true });
    expectOk(await t.call('session:activity', {}));
    t.clock.advance(30_000);
    expect(await state()).toEqual({ status: 'warning', msLeft: 30_000, final: true });
    t.clock.advance(30_000);
    expect(await state()).toEqual({ status: 'ended', message: SESSION_LIMIT_MESSAGE });
    expect(JSON.parse((await auditRows(t.dir, 'session_expired'))[0]!.detail!)).toEqual({ reason: 'lifetime' });
  });

  it('lets an earlier idle deadline warn first (that one can be answered)', async () => {
    await signedIn({ sessionLifetimeMs: 10 * MINUTE, idleTimeoutMs: 2 * MINUTE });
    t.clock.advance(90_000);
    expect(await state()).toEqual({ status: 'warning', msLeft: 30_000, endsInMs: 510_000 });
  });

  it('tells a page that reloads after the clock ended its session why, once', async () => {
    await signedIn({ sessionLifetimeMs: 5 * MINUTE });
    t.clock.advance(5 * MINUTE);
    expect((await state())?.status).toBe('ended'); // the tick ends it before the page asks
    expect(await state()).toEqual({ status: 'signed-out' }); // pushed once, as before
    const once = expectError(await t.call('auth:session', {}), 'SESSION_EXPIRED');
    expect(once.message).toBe(SESSION_LIMIT_MESSAGE);
    expect(expectOk(await t.call('auth:session', {})).user).toBeNull();
    expect(await state()).toEqual({ status: 'signed-out' });
  });

  it('forgets an old reason at the next sign-in', async () => {
    await signedIn({ sessionLifetimeMs: 5 * MINUTE });
    t.clock.advance(5 * MINUTE);
    await state();
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }));
    expectOk(await t.call('auth:logout', {}));
    expect(expectOk(await t.call('auth:session', {})).user).toBeNull();
  });

  it('is set from 1 minute to 7 days, in minutes', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('admin')));
    expectOk(await t.call('admin:set-policy', { policy: { sessionLifetimeMs: MINUTE } }));
    expectOk(await t.call('admin:set-policy', { policy: { sessionLifetimeMs: 7 * DAY } }));
    expectError(await t.call('admin:set-policy', { policy: { sessionLifetimeMs: 7 * DAY + MINUTE } }), 'VALIDATION_FAILED');
    expectError(await t.call('admin:set-policy', { policy: { sessionLifetimeMs: 30_000 } }), 'VALIDATION_FAILED');
  });
});
