/**
 * Hostile names through the door with a directory configured (issue 16): whatever is typed as
 * the name, the answer is a typed refusal, never INTERNAL, never a sign-in with someone else's
 * password, and no directory account appears.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, openTestCore, queryFile, type TestCore } from '../support/core';
import { SLAPD_MISSING, startSlapd, testDirectoryConfig, type Slapd } from '../support/slapd';

describe.skipIf(SLAPD_MISSING)('hostile names against a real directory', () => {
  let slapd: Slapd;
  let t: TestCore;
  beforeAll(async () => {
    slapd = await startSlapd();
    t = await openTestCore({ policy: { lockoutThreshold: 100 } });
    expectOk(await t.core.provisioning.createUser({ username: 'keeper', email: 'keeper@example.com', password: 'plum orchard lantern seventeen', admin: true }));
    expectOk(
      await t.core.provisioning.directory.set(testDirectoryConfig(slapd.url, { userFilter: '(|(uid={username})(mail={username}))', offlineDays: 1 })),
    );
  });
  afterAll(async () => {
    await t?.close();
    await slapd?.destroy();
  });

  it('never signs anyone in with grace\'s password under another name, and never breaks', async () => {
    const special = fc.constantFrom('*', '(', ')', '\\', '\u0000', '|', '&', '=', '!', '~', '>', '<', ',', '+', '"', ';', '#');
    const name = fc.oneof(
      fc.array(fc.oneof(special, fc.constantFrom('g', 'r', 'a', 'c', 'e', 'd', 'l')), { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')),
      fc.constantFrom('*', 'gr*', '*)(uid=*', 'grace)(|(uid=*', 'grace\u0000', 'gr\\2a', '*)(|(objectClass=*', 'grace)(uid=ada'),
    );
    await fc.assert(
      fc.asyncProperty(name, async (typed) => {
        fc.pre(typed.normalize('NFKC').trim() !== 'grace' && !typed.includes('@'));
        const answer = await t.call('auth:login', { identifier: typed, password: 'grace directory password' }, 5);
        expect(answer.ok, JSON.stringify(typed)).toBe(false);
        if (!answer.ok) expect(['INVALID_CREDENTIALS', 'VALIDATION_FAILED', 'ACCOUNT_LOCKED']).toContain(answer.error.code);
      }),
      { numRuns: 150, seed: 16 },
    );
    expect(await queryFile(t.dir, 'SELECT * FROM directory_accounts')).toEqual([]);
  });
});
