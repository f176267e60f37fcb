/**
 * Issue 10 §6: the data folder. Created private; tightened only when it is Gatehouse's alone,
 * refused (and left as it was) when it is shared with other things; the write-in-progress file
 * never follows a symlink planted under its name.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openGatehouse, StoreError } from '../../src/main/core';
import { expectOk, openTestCore, registration, tempDir, type TestCore } from '../support/core';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function scratch(): string {
  const dir = tempDir();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const modeOf = (path: string) => statSync(path).mode & 0o777;
const open = (dataDir: string) => openGatehouse({ dataDir, bcryptCost: 4, warn: () => {} });

describe.skipIf(process.platform === 'win32')('data folder permissions', () => {
  it('a new folder is created 0700', async () => {
    const dir = join(scratch(), 'new', 'gatehouse');
    const core = await open(dir);
    await core.close();
    expect(modeOf(dir)).toBe(0o700);
  });

  it('an existing empty folder, or one with only Gatehouse files, is tightened to 0700', async () => {
    const empty = join(scratch(), 'empty');
    mkdirSync(empty);
    chmodSync(empty, 0o777);
    await (await open(empty)).close();
    expect(modeOf(empty)).toBe(0o700);

    chmodSync(empty, 0o755); // now holds gatehouse.db and its backup
    await (await open(empty)).close();
    expect(modeOf(empty)).toBe(0o700);
  });

  it('a folder others can read that holds other things is refused and left exactly as it was', async () => {
    const shared = join(scratch(), 'shared');
    mkdirSync(shared);
    writeFileSync(join(shared, 'notes.txt'), 'mine');
    chmodSync(shared, 0o755);
    const error = await open(shared).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_INSECURE');
    expect((error as StoreError).message).toMatch(/can be read or changed by other users \(mode 0755\)/);
    expect(modeOf(shared)).toBe(0o755);
    expect(existsSync(join(shared, 'gatehouse.db'))).toBe(false);

    chmodSync(shared, 0o700); // private and shared with other files: fine
    await (await open(shared)).close();
  });
});

describe.skipIf(process.platform === 'win32')('the write-in-progress file', () => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('never follows a symlink planted under its name: the target is not overwritten', async () => {
    t = await openTestCore();
    const victim = join(scratch(), 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(t.dir, 'gatehouse.db.writing'));
    expectOk(await t.call('auth:register', registration('alice')));
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    await t.reopen();
    expect(expectOk(await t.call('auth:login', { identifier: 'alice', password: registration('alice').password }))).toBeTruthy();
  });

  it('start-up removes a dangling symlink left under its name, and creates nothing at its target', async () => {
    const dir = scratch();
    const target = join(scratch(), 'nowhere.db');
    symlinkSync(target, join(dir, 'gatehouse.db.writing'));
    const core = await open(dir);
    expect(() => lstatSync(join(dir, 'gatehouse.db.writing'))).toThrow();
    await core.close();
    expect(existsSync(target)).toBe(false);
  });
});
