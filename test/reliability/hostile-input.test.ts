/**
 * Hostile input: the renderer is untrusted, so every channel in the contract is fuzzed with
 * fast-check (a fixed, printed seed; 2,000 runs per channel) and fed a hand list of classics
 * (SQL injection, NUL bytes, 1 MB strings, 10,000-level objects, `__proto__` keys, non-strings
 * where strings belong, lone surrogates). Whatever arrives:
 *   - `invoke` resolves (never throws) with a typed Result that survives structured cloning,
 *     carries no stack trace and no secret, and is never INTERNAL (a crash path);
 *   - the door answers as the contract says: a bad caller is FORBIDDEN, an unknown channel is
 *     UNKNOWN_CHANNEL, a payload the channel's schema rejects is VALIDATION_FAILED;
 *   - a refusal changes nothing: no durable write happens (the file's inode, size and mtime stay
 *     put; every write is a rename of a new file) and nothing is left unsaved in memory either
 *     (closing the store afterwards must not write);
 *   - the file passes integrity_check and reopens afterwards, and Object.prototype is clean.
 *
 * Timing: most generated payloads are invalid-but-varied and refused at the schema in well
 * under a millisecond; the valid-shaped ones that reach bcrypt (cost 4) and the disk cost a few
 * milliseconds. The whole file runs in about a minute on 2 cores (see the printed timings).
 */
import fc from 'fast-check';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNELS, CONTRACT, type Channel } from '../../src/shared/contract';
import { ERROR_CODES, isResult, type Result } from '../../src/shared/result';
import { openTestCore, registration, STRONG_PASSWORD, type TestCore } from '../support/core';
import { integrityOf, reliabilitySeed } from '../support/reliability';

const RUNS = Number(process.env.GATEHOUSE_FUZZ_RUNS ?? 2_000);
const SEED = reliabilitySeed('hostile-input', 424_242);

/** Answers that refuse the call: none of them may change anything. */
const REFUSALS = new Set([
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'UNKNOWN_CHANNEL',
  'NOT_AUTHENTICATED',
  'REGISTRATION_CLOSED',
  'PASSWORD_CHANGE_REQUIRED',
  'SESSION_LOCKED',
  'NOT_FOUND',
  'CONFLICT',
]);

/** Window 1: the admin, signed in. Window 2: an ordinary user, signed in. Window 3: nobody. */
const ADMIN_WINDOW = 1;
const USER_WINDOW = 2;
const EMPTY_WINDOW = 3;

// ---------------------------------------------------------------------------------------------
// The classics.

const MB = 1_048_576;

function deepObject(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function deepArray(levels: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const CLASSIC_STRINGS: string[] = [
  "' OR '1'='1",
  "admin'--",
  "'; DROP TABLE users; --",
  'x"); DELETE FROM sessions; --',
  "x' UNION SELECT password_hash FROM users --",
  "robert'); DROP TABLE audit_log;--@example.com",
  "o'brien@example.com",
  'ali\u0000ce',
  '\u0000',
  'pass\u0000word with a nul',
  '\uD800',
  'abc\uDFFFdef',
  '\uD800'.repeat(8),
  '\uDBFF\uDBFF\uDBFF\uDBFF\uDBFF\uDBFF\uDBFF\uDBFF\uDBFF',
  '\u202Eevil\u202C',
  'zero\u200Bwidth',
  'ﬀﬁﬂ compatibility',
  'İstanbul',
  '👩‍👩‍👧‍👦 family password',
  '',
  ' ',
  '\n\r\t',
  '%s%s%s%n',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'a'.repeat(1_000),
  'a'.repeat(1_001),
  'a'.repeat(MB),
  '€'.repeat(MB),
  'é'.repeat(73),
];

const PROTO_JSON = '{"__proto__": {"polluted": "yes", "isAdmin": true, "role": "admin"}}';

/** Values that do not belong where a string, number or boolean is expected. */
function classicValues(): unknown[] {
  return [
    ...CLASSIC_STRINGS,
    42,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    -1,
    1.5,
    true,
    false,
    null,
    undefined,
    [],
    ['a'],
    {},
    new Date(0),
    10n,
    new Map([['a', 1]]),
    new Set([1]),
    new Uint8Array([1, 2, 3]),
    Array.from({ length: 100_000 }, () => 'x'),
    deepObject(10_000),
    deepArray(10_000),
    JSON.parse(PROTO_JSON) as unknown,
    Object.create(null) as unknown,
    { toString: 'not a function', valueOf: 'nor this' },
    Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])),
  ];
}

/** A valid payload for each channel the tests know; classics are put into one key at a time. */
function basePayload(channel: Channel, unique: string): Record<string, unknown> {
  switch (channel) {
    case 'auth:register':
      return { ...registration(`c${unique}`) };
    case 'auth:login':
      return { identifier: 'fuzz-admin', password: 'not the password' };
    case 'auth:change-password':
      return { currentPassword: 'not the password', newPassword: 'another fine passphrase', confirmPassword: 'another fine passphrase' };
    case 'session:unlock':
    case 'kiosk:exit':
      return { password: 'not the password' };
    case 'admin:create-user':
      return { username: `c${unique}`, email: `c${unique}@example.com`, role: 'user' };
    case 'admin:set-active':
      return { userId: 999, active: false };
    case 'admin:set-role':
      return { userId: 999, role: 'user' };
    case 'admin:unlock-user':
    case 'admin:reset-password':
    case 'admin:end-sessions':
    case 'admin:delete-user':
    case 'admin:get-user':
      return { userId: 999 };
    case 'admin:update-email':
      return { userId: 999, email: `c${unique}@example.com` };
    case 'admin:set-policy':
      return { policy: {} };
    // Two-step verification (issue 13).
    case 'auth:verify-second-step':
    case 'two-step:confirm-setup':
    case 'two-step:new-recovery-codes':
      return { code: '123456' };
    case 'two-step:disable':
      return { password: 'not the password', code: '123456' };
    case 'admin:reset-two-step':
      return { userId: 999 };
    // Issue 14.
    case 'admin:set-keep':
      return { userId: 999, keep: true };
    case 'admin:encryption-enable':
      return { mode: 'passphrase', passphrase: 'a long enough passphrase' };
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Generators.

type ZodLike = { shape?: Record<string, ZodLike> } & z.ZodType;

function shapeOf(schema: unknown): Record<string, ZodLike> | null {
  if (typeof schema !== 'object' || schema === null) return null;
  const shape = (schema as ZodLike).shape;
  return shape && typeof shape === 'object' ? shape : null;
}

const textArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-zA-Z0-9._-]{1,32}$/) },
  { weight: 2, arbitrary: fc.emailAddress() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 6, maxLength: 80 }) },
  { weight: 2, arbitrary: fc.constantFrom(...CLASSIC_STRINGS.filter((s) => s.length < 2_000)) },
  { weight: 1, arbitrary: fc.constantFrom('fuzz-admin', 'fuzz-user', 'fuzz-admin@example.com', STRONG_PASSWORD) },
  { weight: 1, arbitrary: fc.string({ minLength: 990, maxLength: 1_010 }) },
);

const scalarArb = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 40 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constantFrom('user', 'admin', 'register', 'signin_failure', 'lockout') },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);

const anythingArb = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
});

const valueArb = fc.oneof(
  { weight: 6, arbitrary: textArb },
  { weight: 3, arbitrary: scalarArb },
  { weight: 1, arbitrary: anythingArb },
);

const passwordish = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 8, maxLength: 30 }),
  fc.constantFrom(STRONG_PASSWORD, 'password', '12345678', 'fuzz-user and more', 'é'.repeat(37), '\uD800'.repeat(8)),
);

/** Values that are plausible for a key of that name, so valid-shaped calls reach deeper code. */
function plausibleFor(key: string): fc.Arbitrary<unknown> | null {
  if (key === 'username') return fc.stringMatching(/^[a-zA-Z0-9._-]{2,31}$/);
  if (key === 'email' || key === 'identifier') return fc.oneof(fc.emailAddress(), fc.constantFrom('fuzz-admin', 'fuzz-user'));
  if (/password/i.test(key)) return passwordish;
  if (key === 'role') return fc.constantFrom('user', 'admin');
  if (key === 'userId') return fc.integer({ min: 1, max: 6 });
  if (key === 'remember' || key === 'active') return fc.boolean();
  if (key === 'page' || key === 'pageSize') return fc.integer({ min: 1, max: 120 });
  return null;
}

/** Keeps a confirmation equal to its password half the time, or registrations would never pass. */
function withMatchingConfirmation(record: Record<string, unknown>, match: boolean): Record<string, unknown> {
  if (!match || !('confirmPassword' in record)) return record;
  const source = 'newPassword' in record ? 'newPassword' : 'password';
  return source in record ? { ...record, confirmPassword: record[source] } : record;
}

/** Objects with the schema's keys (each maybe missing), nested shapes followed, sometimes extra keys. */
function shapedArb(shape: Record<string, ZodLike>): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => {
      const nested = shapeOf(schema) ?? shapeOf((schema as { unwrap?: () => unknown }).unwrap?.());
      if (nested) return [key, fc.oneof({ weight: 3, arbitrary: shapedArb(nested) }, { weight: 1, arbitrary: valueArb })];
      const plausible = plausibleFor(key);
      return [key, plausible ? fc.oneof({ weight: 2, arbitrary: plausible }, { weight: 1, arbitrary: valueArb }) : valueArb];
    }),
  );
  const record = fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.boolean())
    .map(([value, match]) => withMatchingConfirmation(value, match));
  const extra = fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'role', 'isAdmin')), anythingArb, {
    maxKeys: 3,
  });
  return fc.oneof(
    { weight: 8, arbitrary: record },
    { weight: 1, arbitrary: fc.tuple(record, extra).map(([a, b]) => ({ ...b, ...a })) },
  );
}

function payloadArb(channel: Channel): fc.Arbitrary<unknown> {
  const shape = shapeOf(CONTRACT[channel].payload) ?? {};
  return fc.oneof({ weight: 5, arbitrary: shapedArb(shape) }, { weight: 1, arbitrary: anythingArb });
}

const callerArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(ADMIN_WINDOW, USER_WINDOW, EMPTY_WINDOW).map((windowId) => ({ windowId, fromAppPage: true })) },
  { weight: 1, arbitrary: fc.record({ windowId: fc.integer(), fromAppPage: fc.constant(false) }) },
  { weight: 1, arbitrary: anythingArb },
);

// ---------------------------------------------------------------------------------------------
// The oracle.

function isValidCaller(caller: unknown): boolean {
  if (typeof caller !== 'object' || caller === null || Array.isArray(caller)) return false;
  const keys = Object.keys(caller).sort();
  const c = caller as { windowId?: unknown; fromAppPage?: unknown };
  return keys.join() === 'fromAppPage,windowId' && Number.isSafeInteger(c.windowId) && c.fromAppPage === true;
}

/** What the door must answer, or null when the call is let through to the channel's handler. */
function doorAnswer(channel: unknown, payload: unknown, caller: unknown): string | null {
  if (!isValidCaller(caller)) return 'FORBIDDEN';
  if (typeof channel !== 'string' || !Object.prototype.hasOwnProperty.call(CONTRACT, channel)) return 'UNKNOWN_CHANNEL';
  if (!CONTRACT[channel as Channel].payload.safeParse(payload).success) return 'VALIDATION_FAILED';
  return null;
}

/** A cheap fingerprint of the last durable write: every write renames a new file into place. */
function fileStamp(t: TestCore): string {
  const stat = statSync(join(t.dir, 'gatehouse.db'), { bigint: true });
  return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

interface Harness {
  t: TestCore;
  warnings: string[];
  stats: Map<string, number>;
  /** Makes one call and checks everything the file header promises about it. */
  check(channel: unknown, payload: unknown, caller: unknown, label: string): Promise<Result<unknown>>;
  finish(): Promise<void>;
}

const SECRET_PATTERNS = [/\$2[abxy]\$\d\d\$/, /password_hash/, /token_hash/, /\n\s+at /, /\.ts:\d+/];

async function openHarness(): Promise<Harness> {
  const warnings: string[] = [];
  const t = await openTestCore({ warn: (message) => warnings.push(message) });
  const admin = await t.call('auth:register', registration('fuzz-admin'), ADMIN_WINDOW);
  const user = await t.call('auth:register', registration('fuzz-user'), USER_WINDOW);
  if (!admin.ok || !user.ok) throw new Error('could not set up the fuzz store');
  const stats = new Map<string, number>();

  const harness: Harness = {
    t,
    warnings,
    stats,
    async check(channel, payload, caller, label) {
      const expectedAtDoor = doorAnswer(channel, payload, caller);
      const before = fileStamp(t);
      let result: unknown;
      try {
        result = await t.core.invoke(channel, payload, caller);
      } catch (error) {
        throw new Error(`${label}: invoke threw ${String(error)}`, { cause: error });
      }
      if (!isResult(result)) throw new Error(`${label}: not a Result: ${String(result)}`);
      const code = result.ok ? 'ok' : result.error.code;
      stats.set(code, (stats.get(code) ?? 0) + 1);
      // IPC sends answers by structured clone: it must survive, and must say nothing it should not.
      const serialised = JSON.stringify(structuredClone(result));
      for (const pattern of SECRET_PATTERNS) {
        if (pattern.test(serialised)) throw new Error(`${label}: answer matches ${pattern}: ${serialised.slice(0, 300)}`);
      }
      if (!result.ok && !(ERROR_CODES as readonly string[]).includes(result.error.code)) {
        throw new Error(`${label}: unknown error code ${result.error.code}`);
      }
      if (code === 'INTERNAL') throw new Error(`${label}: INTERNAL (a crash path): ${warnings.at(-1) ?? ''}`);
      if (expectedAtDoor !== null && code !== expectedAtDoor) {
        throw new Error(`${label}: expected ${expectedAtDoor} at the door, got ${code}: ${serialised.slice(0, 300)}`);
      }
      if (REFUSALS.has(code) && fileStamp(t) !== before) {
        throw new Error(`${label}: refused with ${code} but the database file was rewritten`);
      }
      return result;
    },
    async finish() {
      const before = fileStamp(t);
      await t.core.close();
      // close() writes whatever memory holds that the disk does not: nothing should be pending.
      expect(fileStamp(t), 'closing wrote changes no call had saved').toBe(before);
      expect(await integrityOf(join(t.dir, 'gatehouse.db'))).toBe('ok');
      await t.reopen();
      expect(t.core.recovery).toBeNull();
      await t.close();
    },
  };
  return harness;
}

const timings: string[] = [];
afterAll(() => {
  console.log(`[reliability] hostile-input timings (${RUNS} runs per channel, seed ${SEED}):\n  ${timings.join('\n  ')}`);
});

function expectPrototypesClean() {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

describe('hostile input: fast-check over every channel', () => {
  for (const channel of CHANNELS) {
    it(`${channel}: ${RUNS} generated payloads and callers get typed answers and refusals change nothing`, async () => {
      const harness = await openHarness();
      const started = performance.now();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(payloadArb(channel), callerArb, async (payload, caller) => {
          await harness.check(channel, payload, caller, `${channel} run ${run++}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      const ms = performance.now() - started;
      const answers = [...harness.stats].map(([code, n]) => `${code} ${n}`).join(', ');
      timings.push(`${channel}: ${(ms / 1000).toFixed(1)} s (${answers})`);
      await harness.finish();
      expectPrototypesClean();
    }, 120_000);
  }

  it('unknown and hostile channel names are refused', async () => {
    const harness = await openHarness();
    const caller = { windowId: ADMIN_WINDOW, fromAppPage: true };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'AUTH:LOGIN', 'auth:login ', 'auth:login\u0000'), anythingArb),
        async (channel) => {
          fc.pre(!(typeof channel === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, channel)));
          const result = await harness.check(channel, {}, caller, `channel ${show(channel)}`);
          expect(result.ok ? 'ok' : result.error.code).toBe('UNKNOWN_CHANNEL');
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    await harness.finish();
  });
});

describe('hostile input: the classics', () => {
  it('classic values in every field of every channel, as whole payloads, callers and channel names', async () => {
    const harness = await openHarness();
    const started = performance.now();
    const values = classicValues();
    let unique = 0;
    let calls = 0;
    const asAdmin = { windowId: ADMIN_WINDOW, fromAppPage: true };
    const asUser = { windowId: USER_WINDOW, fromAppPage: true };

    for (const channel of CHANNELS) {
      const keys = Object.keys(basePayload(channel, 'x'));
      const extraKeys = ['__proto__', 'constructor', 'role', 'isAdmin'];
      for (const value of values) {
        // The classic in each field, and under a few keys the schema does not have.
        for (const key of [...keys, ...extraKeys]) {
          const payload = basePayload(channel, String(unique++));
          if (key === '__proto__') Object.defineProperty(payload, key, { value, enumerable: true, configurable: true, writable: true });
          else payload[key] = value;
          for (const caller of [asAdmin, asUser]) {
            const result = await harness.check(channel, payload, caller, `${channel}.${key} = ${show(value)}`);
            calls++;
            // Accepted text is stored literally: what comes back is what was sent (after NFKC).
            if (result.ok && typeof value === 'string' && (key === 'username' || key === 'email')) {
              const user = (result.data as { user?: Record<string, unknown> }).user;
              if (user && channel !== 'auth:login') expect(user[key]).toBe(key === 'email' ? value.normalize('NFKC').trim() : value.normalize('NFKC'));
            }
          }
        }
        // The classic as the whole payload.
        await harness.check(channel, value, asAdmin, `${channel} payload = ${show(value)}`);
        calls++;
      }
    }
    // Classic callers and classic channel names.
    for (const value of [...values, { windowId: 1 }, { windowId: '1', fromAppPage: true }, { windowId: 1.5, fromAppPage: true },
      { windowId: 1, fromAppPage: 'true' }, { windowId: 1, fromAppPage: true, admin: true }, JSON.parse('{"windowId":1,"fromAppPage":true,"__proto__":{}}') as unknown]) {
      await harness.check('auth:session', {}, value, `caller = ${show(value)}`);
      await harness.check(value, {}, asAdmin, `channel = ${show(value)}`);
      calls += 2;
    }
    timings.push(`classics: ${calls} calls in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // The accounts are still there and still work after all that: once the lockouts the wrong
    // passwords earned (through session:unlock and friends, which check every password) end.
    harness.t.clock.advance(24 * 60 * 60_000);
    expect((await harness.t.call('auth:login', { identifier: 'fuzz-user', password: STRONG_PASSWORD }, 50)).ok).toBe(true);
    await harness.finish();
    expectPrototypesClean();
  }, 120_000);
});

/** A short printable name for a value, for failure messages. */
function show(value: unknown): string {
  if (typeof value === 'string') return value.length > 30 ? `string(${value.length})` : JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return `${Object.prototype.toString.call(value)}`;
}
