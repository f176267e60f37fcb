/**
 * The one door: who may call, which channels exist, what payloads look like. Whatever arrives,
 * the answer is a typed Result without stack traces or secrets, and a refusal changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerHasher } from '../../src/main/core/hasher';
import { ERROR_CODES, isResult, type Result } from '../../src/shared/result';
import {
  STRONG_PASSWORD,
  dbPath,
  dumpFile,
  expectError,
  expectOk,
  invokeRaw,
  openTestCore,
  registration,
  storedSessions,
  type TestCore,
} from '../support/core';

let t: TestCore;
afterEach(async () => t?.close());

/** The channels of issue 3 with a payload that would succeed (or at least be well-formed). */
const GOOD_PAYLOADS = {
  'app:info': {},
  'auth:register': registration('mallory'),
  'auth:login': { identifier: 'alice', password: STRONG_PASSWORD },
  'auth:logout': {},
  'auth:session': {},
  'auth:change-password': { currentPassword: STRONG_PASSWORD, newPassword: 'another long passphrase', confirmPassword: 'another long passphrase' },
  'account:update-profile': { username: 'mallory' },
} as const;
const CORE_CHANNELS = Object.keys(GOOD_PAYLOADS) as (keyof typeof GOOD_PAYLOADS)[];

const PUBLIC_USER_KEYS = ['createdAt', 'email', 'id', 'lastLoginAt', 'mustChangePassword', 'role', 'username'];
/** Optional keys: present where the answer decides where the person goes next (issue 13). */
const OPTIONAL_USER_KEYS = ['twoStepSetupRequired'];

/** Every answer must be a typed Result with nothing in it a renderer should not see. */
function expectClean(result: Result<unknown>, secrets: string[] = []) {
  expect(isResult(result)).toBe(true);
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
  }
  const text = JSON.stringify(result);
  expect(text).not.toMatch(/\n\s+at |\bat .+:\d+:\d+|password_hash|\$2[abxy]\$|Error:|token_hash|failed_attempts|locked_until/);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** Alice registered in window 1, signed in; the state of the file and its bytes for comparisons. */
async function withAlice() {
  t = await openTestCore();
  expectOk(await t.call('auth:register', registration('alice')));
  return snapshot();
}

async function snapshot() {
  return { dump: await dumpFile(t.dir), bytes: readFileSync(dbPath(t.dir)) };
}

async function expectUnchanged(before: Awaited<ReturnType<typeof snapshot>>) {
  const after = await snapshot();
  expect(after.dump).toEqual(before.dump);
  expect(after.bytes.equals(before.bytes)).toBe(true); // not even rewritten
}

describe('the caller', () => {
  const notFromApp: [string, unknown][] = [
    ['fromAppPage false', { windowId: 1, fromAppPage: false }],
    ['null', null],
    ['undefined', undefined],
    ['an array', [1, true]],
    ['a string', 'window 1'],
    ['windowId as text', { windowId: '1', fromAppPage: true }],
    ['fractional windowId', { windowId: 1.5, fromAppPage: true }],
    ['fromAppPage as text', { windowId: 1, fromAppPage: 'true' }],
    ['fromAppPage missing', { windowId: 1 }],
    ['an extra key', { windowId: 1, fromAppPage: true, admin: true }],
  ];

  it.each(notFromApp)('%s is FORBIDDEN on every channel, and nothing changes', async (_label, caller) => {
    const before = await withAlice();
    for (const channel of CORE_CHANNELS) {
      const result = await invokeRaw(t, channel, GOOD_PAYLOADS[channel], caller);
      expectClean(result);
      expectError(result, 'FORBIDDEN');
    }
    await expectUnchanged(before);
    // The window's own session is untouched by the refused sign-out.
    expect(expectOk(await t.call('auth:session', {})).user?.username).toBe('alice');
  });

  it('a refused register creates no account even on an empty store', async () => {
    t = await openTestCore();
    const before = await snapshot();
    expectError(await invokeRaw(t, 'auth:register', registration('mallory'), { windowId: 1, fromAppPage: false }), 'FORBIDDEN');
    await expectUnchanged(before);
  });
});

describe('channels', () => {
  it.each([['auth:nope'], [''], ['AUTH:LOGIN'], ['__proto__'], ['toString'], ['constructor'], [42], [null], [{ channel: 'auth:login' }]])(
    '%j is UNKNOWN_CHANNEL',
    async (channel) => {
      const before = await withAlice();
      const result = await invokeRaw(t, channel, {});
      expectClean(result);
      expectError(result, 'UNKNOWN_CHANNEL');
      await expectUnchanged(before);
    },
  );

  it('app:info tells the renderer the policy it needs to explain the rules', async () => {
    t = await openTestCore({ policy: { minPasswordLength: 10, rememberAllowed: false } });
    const info = expectOk(await t.call('app:info', {}));
    expect(info.policy).toMatchObject({ minPasswordLength: 10, selfRegistration: true, rememberAllowed: false, idleTimeoutMs: 15 * 60_000 });
  });
});

describe('payloads', () => {
  it.each([[null], [undefined], [[]], [['identifier', 'alice']], ['a string'], [42], [true], [new Date(0)], [new Map()]])(
    'a payload of %j is VALIDATION_FAILED on every channel, and nothing changes',
    async (payload) => {
      const before = await withAlice();
      for (const channel of CORE_CHANNELS) {
        const result = await invokeRaw(t, channel, payload);
        expectClean(result);
        expectError(result, 'VALIDATION_FAILED');
      }
      await expectUnchanged(before);
    },
  );

  it('extra keys are refused and named (shortened), on every channel', async () => {
    const before = await withAlice();
    for (const channel of CORE_CHANNELS) {
      const result = await invokeRaw(t, channel, { ...GOOD_PAYLOADS[channel], role: 'admin', [`k${'x'.repeat(500)}`]: 1 });
      expectClean(result);
      const error = expectError(result, 'VALIDATION_FAILED');
      expect(error.message).toContain('"role"');
      expect(error.message.length).toBeLessThan(300);
    }
    await expectUnchanged(before);
  });

  it('a JSON "__proto__" key is refused and pollutes nothing', async () => {
    const before = await withAlice();
    const sneaky = JSON.parse(`{"__proto__": {"polluted": true, "role": "admin"}, "identifier": "alice", "password": "${STRONG_PASSWORD}"}`);
    const result = await invokeRaw(t, 'auth:login', sneaky, { windowId: 2, fromAppPage: true });
    expectClean(result);
    expectError(result, 'VALIDATION_FAILED');
    const profile = JSON.parse('{"__proto__": {"username": "mallory"}}');
    expectError(await invokeRaw(t, 'account:update-profile', profile), 'VALIDATION_FAILED');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectUnchanged(before);
  });

  it('non-strings where strings belong are field errors', async () => {
    const before = await withAlice();
    const cases: [string, Record<string, unknown>, string][] = [
      ['auth:login', { identifier: 42, password: STRONG_PASSWORD }, 'identifier'],
      ['auth:login', { identifier: 'alice', password: { toString: () => STRONG_PASSWORD } }, 'password'],
      ['auth:login', { identifier: 'alice', password: [STRONG_PASSWORD] }, 'password'],
      ['auth:login', { identifier: 'alice', password: STRONG_PASSWORD, remember: 'yes' }, 'remember'],
      ['auth:register', { ...registration('mallory'), username: null }, 'username'],
      ['auth:register', { ...registration('mallory'), email: true }, 'email'],
      ['auth:change-password', { ...GOOD_PAYLOADS['auth:change-password'], currentPassword: 123 }, 'currentPassword'],
      ['account:update-profile', { username: ['mallory'] }, 'username'],
      ['account:update-profile', { email: null }, 'email'],
    ];
    for (const [channel, payload, field] of cases) {
      const result = await invokeRaw(t, channel, payload, { windowId: 2, fromAppPage: true });
      expectClean(result);
      expect(expectError(result, 'VALIDATION_FAILED').fields?.[field], `${channel} ${field}`).toBeTruthy();
    }
    // Missing required keys are field errors too.
    const missing = expectError(await invokeRaw(t, 'auth:register', { username: 'mallory' }), 'VALIDATION_FAILED');
    expect(Object.keys(missing.fields ?? {}).sort()).toEqual(['confirmPassword', 'email', 'password']);
    await expectUnchanged(before);
  });

  it('1 MB strings are refused quickly, with a short answer that does not echo them', async () => {
    const before = await withAlice();
    const huge = 'a'.repeat(1_000_000);
    const cases: [string, Record<string, unknown>][] = [
      ['auth:login', { identifier: huge, password: STRONG_PASSWORD }],
      ['auth:login', { identifier: 'alice', password: huge }],
      ['auth:register', { ...registration('mallory'), username: huge }],
      ['auth:register', { ...registration('mallory'), password: huge, confirmPassword: huge }],
      ['auth:change-password', { currentPassword: huge, newPassword: huge, confirmPassword: huge }],
      ['account:update-profile', { email: huge }],
    ];
    for (const [channel, payload] of cases) {
      const result = await invokeRaw(t, channel, payload, { windowId: 2, fromAppPage: true });
      expectClean(result);
      expect(expectError(result, 'VALIDATION_FAILED').fields).toBeTruthy();
      expect(JSON.stringify(result).length).toBeLessThan(1_000);
    }
    await expectUnchanged(before);
  });
});

describe('answers', () => {
  it('the user sent to the renderer has exactly the documented keys, and no secret', async () => {
    t = await openTestCore();
    const results: Result<unknown>[] = [];
    const registered = await t.call('auth:register', registration('alice'));
    results.push(registered);
    results.push(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }));
    results.push(await t.call('auth:session', {}));
    results.push(await t.call('account:update-profile', { email: 'alice@example.org', currentPassword: STRONG_PASSWORD }));
    const hashes = (await storedSessions(t.dir)).map((row) => row.token_hash);
    for (const result of results) {
      const { user } = expectOk(result) as { user: Record<string, unknown> };
      expect(Object.keys(user).filter((key) => !OPTIONAL_USER_KEYS.includes(key)).sort()).toEqual(PUBLIC_USER_KEYS);
      if ('twoStepSetupRequired' in user) expect(typeof user.twoStepSetupRequired).toBe('boolean');
      expect(user).toMatchObject({ id: expect.any(Number), username: expect.any(String), email: expect.any(String), role: 'admin' });
      expect(new Date(user.createdAt as string).toISOString()).toBe(user.createdAt);
      expect(typeof user.mustChangePassword).toBe('boolean');
      expectClean(result, [...hashes, STRONG_PASSWORD]);
    }
  });

  it('an exception inside the core becomes INTERNAL without its stack; the stack goes to the log', async () => {
    const real = createWorkerHasher(1);
    const warnings: string[] = [];
    t = await openTestCore({
      warn: (message) => warnings.push(message),
      hasher: {
        hash: (password, cost) => real.hash(password, cost),
        compare: () => Promise.reject(new Error('worker exploded at /secret/path.ts:12:34')),
        close: () => real.close(),
      },
    });
    try {
      expectOk(await t.call('auth:register', registration('alice')));
      const result = await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 2);
      expectClean(result, ['exploded', '/secret/path']);
      expectError(result, 'INTERNAL');
      expect(warnings.join('\n')).toContain('worker exploded');
      // The core still answers afterwards.
      expect(expectOk(await t.call('auth:session', {}, 1)).user?.username).toBe('alice');
    } finally {
      await real.close();
    }
  });
});
