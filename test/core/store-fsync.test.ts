/**
 * The durable write, step by step: temp file written and fsynced, the old file kept as the
 * backup, the temp renamed over the database, the directory fsynced, all before invoke
 * resolves. Watched through node:fs/promises, which the store uses for every write.
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
      return {
        writeFile: (...args: Parameters<FileHandle['writeFile']>) => (steps.log.push(`write ${name(path)}`), handle.writeFile(...args)),
        sync: () => (steps.log.push(`fsync ${name(path)}`), handle.sync()),
        close: () => handle.close(),
      };
    },
    rename: (from: string, to: string) => (steps.log.push(`rename ${name(from)} -> ${name(to)}`), real.rename(from, to)),
    link: (from: string, to: string) => (steps.log.push(`link ${name(from)} -> ${name(to)}`), real.link(from, to)),
  };
  return { ...watched, default: watched };
});

let t: TestCore;
afterEach(async () => t?.close());

it('writes temp, fsyncs it, keeps the old file as backup, renames, fsyncs the folder, then answers', async () => {
  t = await openTestCore();
  steps.dir = t.dir;
  steps.log.length = 0;
  expectOk(await t.call('auth:register', registration('alice')));
  expect(steps.log).toEqual([
    'open gatehouse.db.writing',
    'write gatehouse.db.writing',
    'fsync gatehouse.db.writing',
    'link gatehouse.db -> gatehouse.db.backup.new',
    'rename gatehouse.db.backup.new -> gatehouse.db.backup',
    'rename gatehouse.db.writing -> gatehouse.db',
    'open <dir>',
    'fsync <dir>',
  ]);
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
