/**
 * The durable write, step by step: a change is one append to the journal and one fdatasync,
 * before invoke resolves; the snapshot is not rewritten (that is the checkpoint's job, in a
 * worker). Watched through node:fs/promises, which the store uses for every write.
 */
import type * as FsPromises from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { expectOk, openTestCore, registration, type TestCore } from '../support/core';

const steps = vi.hoisted(() => ({ log: [] as string[], dir: '' }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const name = (path: unknown) => (String(path) === steps.dir ? '<dir>' : basename(String(path)));
  const watched = {
    ...real,
    async open(path: Parameters<typeof real.open>[0], ...rest: [never?, never?]) {
      const handle: FileHandle = await real.open(path, ...rest);
      steps.log.push(`open ${name(path)}`);
      const logged = new Set(['writeFile', 'write', 'sync', 'datasync', 'truncate']);
      return new Proxy(handle, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (logged.has(String(key))) steps.log.push(`${String(key)} ${name(path)}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
    rename: (from: string, to: string) => (steps.log.push(`rename ${name(from)} -> ${name(to)}`), real.rename(from, to)),
    link: (from: string, to: string) => (steps.log.push(`link ${name(from)} -> ${name(to)}`), real.link(from, to)),
  };
  return { ...watched, default: watched };
});

let t: TestCore;
afterEach(async () => t?.close());

it('a change is one append to the journal and one fdatasync, then the answer; the snapshot is untouched', async () => {
  t = await openTestCore();
  steps.dir = t.dir;
  steps.log.length = 0;
  expectOk(await t.call('auth:register', registration('alice')));
  expect(steps.log).toHaveLength(2);
  expect(steps.log[0]).toMatch(/^write gatehouse\.db\.journal-\d{16}$/);
  expect(steps.log[1]).toMatch(/^datasync gatehouse\.db\.journal-\d{16}$/);
});

it('a call that changes nothing writes nothing', async () => {
  t = await openTestCore();
  expectOk(await t.call('auth:register', registration('alice')));
  steps.log.length = 0;
  expectOk(await t.call('auth:session', {}));
  expectOk(await t.call('app:info', {}));
  expectOk(await t.call('account:update-profile', {}));
  expect(steps.log).toEqual([]);
});
