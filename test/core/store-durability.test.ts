/**
 * Durable before success: every change is on disk when invoke resolves, survives a reopen,
 * replaces the file atomically with the previous one kept as the backup, and a write the disk
 * refuses is reported and forgotten. One writer per folder.
 */
import { lockOwnerPid } from '../../src/main/core/store/lock';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openGatehouse, StoreError } from '../../src/main/core';
import { openStore } from '../../src/main/core/store/database';
import {
  MINUTE,
  STRONG_PASSWORD,
  TEST_COST,
  dbPath,
  expectError,
  expectOk,
  openTestCore,
  queryFile,
  registration,
  storedUser,
  tempDir,
  type TestCore,
} from '../support/core';

let t: TestCore | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const NEW_PASSWORD = 'a different long passphrase';
const WRONG = 'not the right password';

async function users(dir: string) {
  return (await queryFile<{ username: string }>(dir, 'SELECT username FROM users ORDER BY id')).map((r) => r.username);
}

describe('every change survives a reopen', () => {
  it('registration', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    expect(await users(t.dir)).toEqual(['alice']); // on disk before invoke resolved, core still open
    await t.reopen();
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }));
  });

  it('failed sign-in counts and the lock itself, for real accounts and unknown names', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    for (let i = 0; i < 3; i++) {
      expectError(await t.call('auth:login', { identifier: 'alice', password: WRONG }, 2), 'INVALID_CREDENTIALS');
      expectError(await t.call('auth:login', { identifier: 'ghost', password: WRONG }, 2), 'INVALID_CREDENTIALS');
      await t.reopen();
    }
    const counts = await queryFile(t.dir, 'SELECT identifier_norm, failed_attempts FROM login_throttle ORDER BY identifier_norm');
    expect(counts).toEqual([
      { identifier_norm: 'alice', failed_attempts: 3 },
      { identifier_norm: 'ghost', failed_attempts: 3 },
    ]);
    expectError(await t.call('auth:login', { identifier: 'alice', password: WRONG }, 2), 'INVALID_CREDENTIALS');
    expectError(await t.call('auth:login', { identifier: 'ghost', password: WRONG }, 2), 'INVALID_CREDENTIALS');
    await t.reopen();
    expectError(await t.call('auth:login', { identifier: 'alice', password: WRONG }, 2), 'ACCOUNT_LOCKED');
    expectError(await t.call('auth:login', { identifier: 'ghost', password: WRONG }, 2), 'ACCOUNT_LOCKED');
    await t.reopen();
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 2), 'ACCOUNT_LOCKED');
    expectError(await t.call('auth:login', { identifier: 'ghost', password: WRONG }, 2), 'ACCOUNT_LOCKED');
    t.clock.advance(15 * MINUTE);
    await t.reopen();
    expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 2));
  });

  it('a password change', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('auth:change-password', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }));
    await t.reopen();
    expectError(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }), 'INVALID_CREDENTIALS');
    expectOk(await t.call('auth:login', { identifier: 'alice', password: NEW_PASSWORD }));
  });

  it('a profile change', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('account:update-profile', { username: 'Zoë', email: 'zoe@example.org', currentPassword: STRONG_PASSWORD }));
    await t.reopen();
    const { user } = expectOk(await t.call('auth:login', { identifier: 'zoe@example.org', password: STRONG_PASSWORD }));
    expect(user.username).toBe('Zoë');
  });

  it('a sign-out and a sign-in time', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    t.clock.advance(MINUTE);
    const { user } = expectOk(await t.call('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, 2));
    expectOk(await t.call('auth:logout', {}, 2));
    await t.reopen();
    expect((await storedUser(t.dir, 'alice'))?.last_login_at).toBe(Date.parse(user.lastLoginAt!));
    expect((await queryFile(t.dir, "SELECT 1 FROM audit_log WHERE event = 'signout'")).length).toBe(1);
  });
});

describe('how the file is written', () => {
  it('a change is one journal append; a checkpoint replaces the snapshot by rename, keeping the previous one as the backup', async () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore({ dir, now: Date.now(), checkpoints: 'inline' });
    cleanups.push(() => store.close());
    const db = dbPath(dir);
    const backup = join(dir, 'gatehouse.db.backup');
    const journals = () => readdirSync(dir).filter((name) => name.startsWith('gatehouse.db.journal-'));
    const firstInode = statSync(db).ino;
    const [firstJournal] = journals();
    const journalSize = () => statSync(join(dir, firstJournal!)).size;
    const before = journalSize();

    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['a', '1']);
    await store.persist();
    // O(change): the snapshot is untouched, the journal grew by one record.
    expect(statSync(db).ino).toBe(firstInode);
    expect(journalSize()).toBeGreaterThan(before);
    expect(journalSize() - before).toBeLessThan(200);

    await store.checkpoint();
    // The first snapshot became the backup (same inode: kept, not copied); the snapshot is a new
    // file; appends continue in a new journal; the old one stays while the backup needs it.
    expect(statSync(backup).ino).toBe(firstInode);
    expect(statSync(db).ino).not.toBe(firstInode);
    expect(journals()).toHaveLength(2);
    const secondInode = statSync(db).ino;
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['b', '2']);
    await store.checkpoint();
    expect(statSync(backup).ino).toBe(secondInode);
    expect(journals()).toHaveLength(2); // the first journal went with the first snapshot
    expect(journals()).not.toContain(firstJournal);
    expect(existsSync(join(dir, 'gatehouse.db.writing'))).toBe(false);
    expect(existsSync(join(dir, 'gatehouse.db.backup.new'))).toBe(false);
    await store.close();
    expect(await queryFile<{ key: string }>(dir, 'SELECT key FROM settings ORDER BY key')).toEqual([{ key: 'a' }, { key: 'b' }]);
    // The backup plus the journal it still has reaches the same state.
    rmSync(db);
    const reopened = await openStore({ dir, now: Date.now(), checkpoints: 'inline' });
    cleanups.push(() => reopened.close());
    expect(reopened.recovery?.kind).toBe('restored-from-backup');
    expect(reopened.all('SELECT key FROM settings ORDER BY key')).toEqual([{ key: 'a' }, { key: 'b' }]);
  });

  it('a kill between keeping the backup and renaming the new snapshot leaves nothing behind after the next checkpoint', async () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore({ dir, now: Date.now(), checkpoints: 'inline' });
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['a', '1']);
    await store.checkpoint();
    await store.close();
    // What that kill leaves: the backup step done (the backup is a second name of the snapshot),
    // the new snapshot never renamed into place (its temp file, which open removes).
    const db = dbPath(dir);
    const backup = join(dir, 'gatehouse.db.backup');
    rmSync(backup);
    linkSync(db, backup);
    writeFileSync(join(dir, 'gatehouse.db.writing'), 'a snapshot never renamed into place');
    const sameFile = statSync(db).ino;

    const reopened = await openStore({ dir, now: Date.now(), checkpoints: 'inline' });
    cleanups.push(() => reopened.close());
    reopened.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['b', '2']);
    await reopened.checkpoint();
    // rename() between two names of one file does nothing: the staging name used to stay.
    expect(readdirSync(dir).filter((name) => !name.startsWith('gatehouse.db.journal-')).sort()).toEqual(['gatehouse.db', 'gatehouse.db.backup', 'gatehouse.lock']);
    expect(statSync(backup).ino).toBe(sameFile); // the snapshot as it was is the backup
    expect(statSync(db).ino).not.toBe(sameFile);
    await reopened.close();
    expect(await queryFile<{ key: string }>(dir, 'SELECT key FROM settings ORDER BY key')).toEqual([{ key: 'a' }, { key: 'b' }]);
  });

  it('a write the disk refuses fails the call, and the change does not reappear later', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    // The next fdatasync of the journal fails, as on a full disk (the file system's own error).
    const probe = await openFile(join(t.dir, 'gatehouse.db.probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    rmSync(join(t.dir, 'gatehouse.db.probe'));
    const refuse = vi
      .spyOn(fileHandle, 'datasync')
      .mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    cleanups.push(() => refuse.mockRestore());
    const failed = await t.call('auth:register', registration('bob'), 2);
    expectError(failed, 'STORE_UNAVAILABLE');
    expect(refuse).toHaveBeenCalled();
    expect(JSON.stringify(failed)).not.toMatch(/ENOSPC|gatehouse\.db/);

    expect(expectOk(await t.call('auth:session', {}, 1)).user?.username).toBe('alice');
    const windowTwo = await t.call('auth:session', {}, 2);
    expect(windowTwo.ok && windowTwo.data.user).toBeFalsy(); // bob was never signed in
    expectError(await t.call('auth:login', { identifier: 'bob', password: STRONG_PASSWORD }, 3), 'INVALID_CREDENTIALS');
    expect(await users(t.dir)).toEqual(['alice']);
    // The same registration now goes through.
    expectOk(await t.call('auth:register', registration('bob'), 4));
    await t.reopen();
    expect(await users(t.dir)).toEqual(['alice', 'bob']);
  });

  it('keeps foreign keys enforced after an export (sql.js resets connection pragmas on export)', async () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore({ dir, now: Date.now() });
    cleanups.push(() => store.close());
    const insertOrphan = () =>
      store.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', ['x', 999, 0, 1]);
    expect(insertOrphan).toThrow(/FOREIGN KEY/);
    store.run("INSERT INTO settings (key, value) VALUES ('k', '1')");
    await store.persist(); // export() happens here
    expect(insertOrphan).toThrow(/FOREIGN KEY/);
    // Statements still work after the export freed sql.js's prepared ones.
    expect(store.get<{ value: string }>("SELECT value FROM settings WHERE key = 'k'")?.value).toBe('1');
  });
});

describe('one writer per folder', () => {
  it('a second open of the same folder is refused with STORE_LOCKED and a clear message', async () => {
    t = await openTestCore();
    const error = await openGatehouse({ dataDir: t.dir, bcryptCost: TEST_COST, warn: () => {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_LOCKED');
    expect((error as StoreError).message).toMatch(/Another Gatehouse \(process \d+\) is already using this data folder/);
    expect((error as StoreError).message).toContain(t.dir);
    // The first one is unharmed and keeps working.
    expectOk(await t.call('auth:register', registration('alice')));
  });

  it('the lock goes with close: the folder opens again', async () => {
    t = await openTestCore();
    await t.core.close();
    expect(existsSync(join(t.dir, 'gatehouse.lock'))).toBe(false);
    await t.reopen();
  });

  it('a lock held by another live process is respected; once that process is gone it is taken over', async () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    cleanups.push(() => holder.exitCode === null && holder.kill());
    writeFileSync(join(dir, 'gatehouse.lock'), String(holder.pid));
    const error = await openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn: () => {} }).catch((e: unknown) => e);
    expect((error as StoreError).code).toBe('STORE_LOCKED');
    expect((error as StoreError).message).toContain(`process ${holder.pid}`);

    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill();
    await exited;
    const core = await openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn: () => {} });
    expect(lockOwnerPid(readFileSync(join(dir, 'gatehouse.lock'), 'utf8'))).toBe(process.pid);
    await core.close();
  });

  it('a stale lock left by a dead process (pid 999999 or one that just exited) is taken over', async () => {
    const exitedPid = spawnSync(process.execPath, ['-e', '']).pid;
    for (const pid of [999_999, exitedPid]) {
      if (pid === undefined) continue;
      expect(() => process.kill(pid, 0)).toThrow(); // really dead
      const dir = tempDir();
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'gatehouse.lock'), String(pid));
      const core = await openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn: () => {} });
      expect(lockOwnerPid(readFileSync(join(dir, 'gatehouse.lock'), 'utf8'))).toBe(process.pid);
      await core.close();
    }
  });
});
