/**
 * bcrypt in worker threads: a real cost-12 hash through the core while a 5 ms timer keeps
 * firing (on the main thread it could not fire at all), plus the hasher's own contract.
 */
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { bcryptCostOf, createWorkerHasher } from '../../src/main/core/hasher';
import type { Hasher } from '../../src/main/core';
import { STRONG_PASSWORD, expectOk, openTestCore, registration, storedUser, type TestCore } from '../support/core';

let t: TestCore | undefined;
let hasher: Hasher | undefined;
afterEach(async () => {
  await t?.close();
  await hasher?.close();
  t = undefined;
  hasher = undefined;
});

it('a cost-12 hash does not block the event loop: a 5 ms timer keeps firing while the core registers', async () => {
  t = await openTestCore({ bcryptCost: 12 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    expectOk(await t.call('auth:register', registration('alice')));
  } finally {
    clearInterval(timer);
  }
  // A cost-12 bcryptjs hash is hundreds of milliseconds of CPU; on this thread no tick could run.
  expect(ticks).toBeGreaterThan(10);
  const hash = (await storedUser(t.dir, 'alice'))!.password_hash;
  expect(hash).toMatch(/^\$2b\$12\$/);
  expect(bcrypt.compareSync(STRONG_PASSWORD, hash)).toBe(true);
});

describe('the worker hasher', () => {
  it('hashes at the cost asked and compares both ways, with real bcrypt', async () => {
    hasher = createWorkerHasher(2);
    const hash = await hasher.hash('pässwörd 東京', 5);
    expect(bcryptCostOf(hash)).toBe(5);
    expect(bcrypt.compareSync('pässwörd 東京', hash)).toBe(true);
    expect(await hasher.compare('pässwörd 東京', hash)).toBe(true);
    expect(await hasher.compare('passwörd 東京', hash)).toBe(false);
    expect(await hasher.compare('x', bcrypt.hashSync('x', 4))).toBe(true);
  });

  it('reports a bcrypt error as a rejection, and keeps working', async () => {
    hasher = createWorkerHasher(1);
    // A password that is not text makes bcryptjs throw inside the worker (the core never sends one).
    await expect(hasher.hash(5 as unknown as string, 4)).rejects.toThrow(/Illegal arguments/);
    expect(await hasher.compare('x', 'not a hash')).toBe(false);
    expect(await hasher.compare('x', await hasher.hash('x', 4))).toBe(true);
  });

  it('after close, pending and new work is refused', async () => {
    hasher = createWorkerHasher(1);
    const pending = expect(hasher.hash('x', 10)).rejects.toThrow(/closed/); // handled before close rejects it
    await hasher.close();
    await pending;
    await expect(hasher.hash('x', 4)).rejects.toThrow(/closed/);
  });

  it('reads the cost from a bcrypt hash', () => {
    expect(bcryptCostOf('$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234')).toBe(12);
    expect(bcryptCostOf('$2a$04$x')).toBe(4);
    expect(bcryptCostOf('plain')).toBeNull();
  });
});
