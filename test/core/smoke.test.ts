import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, openTestCore, registration, type TestCore } from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

describe('smoke', () => {
  it('registers, signs out, signs in', async () => {
    t = await openTestCore();
    const { user } = expectOk(await t.call('auth:register', registration('alice')));
    expect(user.role).toBe('admin');
    expectOk(await t.call('auth:logout', {}));
    expect(expectOk(await t.call('auth:session', {})).user).toBeNull();
    const again = expectOk(await t.call('auth:login', { identifier: 'ALICE@example.com', password: 'correct horse battery staple' }));
    expect(again.user.username).toBe('alice');
  });
});
