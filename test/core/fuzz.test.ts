/**
 * Property-based fuzz of every channel in the contract: whatever the payload (and whoever the
 * caller claims to be), the core answers with a typed Result that survives structured cloning,
 * carries no stack trace or secret, and never crashes into INTERNAL. The seed is printed; set
 * GATEHOUSE_FUZZ_SEED to replay a run. The 2,000-runs-per-channel version lives with the
 * reliability suite; this one keeps the core suite fast.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, CONTRACT, type Channel } from '../../src/shared/contract';
import { ERROR_CODES, isResult, type Result } from '../../src/shared/result';
import { STRONG_PASSWORD, expectOk, openTestCore, registration, type TestCore } from '../support/core';

const SEED = Number(process.env.GATEHOUSE_FUZZ_SEED ?? 20_260_105);
const RUNS_PER_CHANNEL = 300;

let t: TestCore;
beforeAll(async () => {
  console.log(`core fuzz: seed ${SEED}, ${RUNS_PER_CHANNEL} runs per channel (replay with GATEHOUSE_FUZZ_SEED=${SEED})`);
  t = await openTestCore();
  expectOk(await t.call('auth:register', registration('alice'), 1));
  expectOk(await t.call('auth:register', registration('bob'), 2));
});
afterAll(async () => t?.close());

/** Values a hostile renderer might put where a field belongs. */
const fieldValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }), // lone surrogates, NUL, any plane
  fc.constantFrom('alice', 'ALICE@example.com', STRONG_PASSWORD, "' OR 1=1 --", 'admin', 'user', '__proto__', '', ' '),
  fc.string({ minLength: 990, maxLength: 1_100 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.anything({ maxDepth: 2 }),
);

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** Strings a person (or an attacker) would plausibly type into a field. */
const plausibleText = fc.oneof(
  fc.constantFrom('alice', 'bob', 'ALICE', 'alice@example.com', 'new@example.com', 'Zoë', '東京タワー', STRONG_PASSWORD),
  fc.constantFrom('a different long passphrase', 'password123', "x'); DROP TABLE users;--", 'a\u0000b', '\uD800', ''),
  fc.string({ minLength: 3, maxLength: 20, unit: 'grapheme-ascii' }),
  fc.string({ maxLength: 30, unit: 'binary' }),
);

/**
 * Payloads that pass the schema (or nearly): built from the channel's own zod schema, so the fuzz
 * reaches the handlers behind validation, and a channel added later is fuzzed the same way.
 */
function welltyped(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return plausibleText;
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -5);
      const max = Math.min(schema.maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      const near = fc.integer({ min, max: Math.min(max, min + 10) });
      return fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: fc.integer({ min, max: Math.min(max, 2 ** 31) }) }, { weight: 1, arbitrary: fc.double() });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, welltyped(value)])),
        { requiredKeys: (schema.required ?? []).filter((key) => key in properties) },
      );
    }
    default:
      return fieldValue;
  }
}

/**
 * Mostly payloads of the right shape, so the handlers behind validation are exercised; then the
 * channel's keys with values of any type, the same with extra keys, and anything at all.
 */
function anyPayload(channel: Channel) {
  const keys = Object.keys(CONTRACT[channel].payload.shape);
  const typed = welltyped(z.toJSONSchema(CONTRACT[channel].payload, { unrepresentable: 'any' }) as JsonSchema) as fc.Arbitrary<
    Record<string, unknown>
  >;
  const loose = fc.record(Object.fromEntries(keys.map((key) => [key, fieldValue])), { requiredKeys: [] });
  const extra = fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'role')), fieldValue, {
    minKeys: 1,
    maxKeys: 2,
  });
  const withExtras = fc.tuple(fc.oneof(typed, loose), extra).map(([own, more]) => ({ ...more, ...own }));
  const anything = fc.anything({
    maxDepth: 3,
    withNullPrototype: true,
    withObjectString: true,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
  });
  return fc.oneof(
    { weight: 5, arbitrary: typed },
    { weight: 1, arbitrary: loose },
    { weight: 1, arbitrary: withExtras },
    { weight: 1, arbitrary: anything },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, [], '', 0, {}) },
  );
}

const caller = fc.oneof(
  { weight: 8, arbitrary: fc.record({ windowId: fc.constantFrom(1, 2, 3), fromAppPage: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ windowId: fc.integer(), fromAppPage: fc.boolean() }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

function expectTyped(result: Result<unknown>) {
  expect(isResult(result)).toBe(true);
  expect(typeof result.ok).toBe('boolean');
  expect(() => structuredClone(result)).not.toThrow(); // it has to cross IPC
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code);
    expect(result.error.code).not.toBe('INTERNAL'); // INTERNAL means something threw: a bug
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message).not.toMatch(/\n\s*at |\bat .+:\d+:\d+/);
    for (const value of Object.values(result.error.fields ?? {})) expect(typeof value).toBe('string');
  }
  expect(JSON.stringify(result) ?? '').not.toMatch(/password_hash|\$2[abxy]\$\d\d\$|token_hash/);
}

describe('fuzz: every channel answers every payload with a typed result', () => {
  it('covers every channel of the contract', () => {
    expect(CHANNELS.length).toBeGreaterThanOrEqual(7);
  });

  it.each(CHANNELS.map((channel) => [channel]))('%s', async (channel) => {
    // Each channel starts with alice signed in at window 1 and bob at window 2 (freshly: an
    // earlier channel may have locked, expired or ended their sessions).
    for (const windowId of [1, 2, 3]) expectOk(await t.call('auth:logout', {}, windowId));
    t.clock.advance(25 * 60 * 60_000); // past any lockout the fuzz caused, even at the longest duration
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 1));
    // The admin channels' fuzz may have disabled, reset or deleted bob: his sign-in is best effort.
    expectTyped(await t.call('auth:login', { identifier: 'bob', password: STRONG_PASSWORD }, 2));
    await fc.assert(
      fc.asyncProperty(anyPayload(channel), caller, async (payload, who) => {
        expectTyped(await t.core.invoke(channel, payload, who));
      }),
      { seed: SEED, numRuns: RUNS_PER_CHANNEL },
    );
    // And the core still works afterwards.
    expectTyped(await t.call('auth:session', {}, 3));
  });

  it('unknown channels too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 1 }), anyPayload('auth:login'), caller, async (channel, payload, who) => {
        fc.pre(!(CHANNELS as unknown[]).includes(channel));
        expectTyped(await t.core.invoke(channel, payload, who));
      }),
      { seed: SEED, numRuns: RUNS_PER_CHANNEL },
    );
  });
});
