/**
 * Opening never loses data: an unreadable file is moved aside and the backup restored (and the
 * fact audited and reported); without a usable backup, or for a file that is not ours, open
 * refuses with a StoreError naming the file and leaves everything as it was.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openGatehouse, StoreError, type GatehouseHandle } from '../../src/main/core';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/main/core/store/migrations';
import {
  STRONG_PASSWORD,
  TEST_COST,
  auditRows,
  dbPath,
  editFile,
  expectOk,
  loadSqlJs,
  queryFile,
  registration,
  tempDir,
} from '../support/core';
import { SNAPSHOT_HEADER_BYTES } from '../../src/main/core/store/snapshot-format';

let opened: GatehouseHandle | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await opened?.close();
  opened = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

function open(dir: string, warn: (message: string) => void = () => {}) {
  return openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn });
}

/** A store with alice and bob, closed; the backup holds the state before bob registered. */
async function storeWithAccounts(): Promise<string> {
  const dir = scratchDir();
  const core = await open(dir);
  const caller = { windowId: 1, fromAppPage: true };
  expectOk(await core.invoke('auth:register', registration('alice'), caller));
  expectOk(await core.invoke('auth:logout', {}, caller));
  expectOk(await core.invoke('auth:register', registration('bob'), caller));
  await core.close();
  return dir;
}

function listing(dir: string) {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

async function expectRefused(dir: string, code: string, run = () => open(dir)) {
  const before = listing(dir);
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  expect((error as StoreError).message).toContain(dbPath(dir));
  // Nothing created, moved, replaced or deleted; the lock was let go.
  expect(listing(dir)).toEqual(before);
  return error as StoreError;
}

describe('recovery from an unreadable file', () => {
  const PAGE = 4096;
  const damage: [string, (bytes: Buffer, usersPage: number) => Buffer][] = [
    ['truncated to half', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['truncated to its header', (bytes) => bytes.subarray(0, 100)],
    ['cut short by a few bytes (SQLite would read zeros and call it ok)', (bytes) => bytes.subarray(0, bytes.length - 10)],
    ['cut short by one page', (bytes) => bytes.subarray(0, bytes.length - PAGE)],
    ['replaced with garbage', (bytes) => Buffer.from(bytes.map((_, i) => (i * 7919 + 13) % 256))],
    ['emptied', () => Buffer.alloc(0)],
    ['with a zeroed first page', (bytes) => Buffer.concat([Buffer.alloc(PAGE), bytes.subarray(PAGE)])],
    // SQLite opens this and reads the damaged rows as NULLs without complaint: only the
    // integrity check tells.
    ['with the rows of the users table zeroed in place', (bytes, usersPage) => Buffer.from(bytes).fill(0, usersPage * PAGE - 300, usersPage * PAGE)],
  ];

  it.each(damage)('%s: moved aside, backup restored, audited, reported', async (_label, spoil) => {
    const dir = await storeWithAccounts();
    await editFile(dir, () => {}); // a snapshot holding both accounts (as a checkpoint would write)
    const original = readFileSync(dbPath(dir));
    const [users] = await queryFile<{ rootpage: number }>(dir, "SELECT rootpage FROM sqlite_master WHERE name = 'users'");
    // The snapshot's header comes before the SQLite pages: damage lands at the same page.
    const spoiled = Buffer.concat([original.subarray(0, SNAPSHOT_HEADER_BYTES), spoil(original.subarray(SNAPSHOT_HEADER_BYTES), users!.rootpage)]);
    expect(spoiled.equals(original)).toBe(false);
    writeFileSync(dbPath(dir), spoiled);
    const warnings: string[] = [];
    const core = await open(dir, (message) => warnings.push(message));
    opened = core;

    expect(core.recovery).toMatchObject({ kind: 'restored-from-backup' });
    const aside = core.recovery!.movedAsideTo;
    expect(aside).toMatch(/gatehouse\.db\.unreadable-[0-9TZ-]+$/);
    expect(readFileSync(aside).equals(spoiled)).toBe(true); // kept exactly as found
    expect(core.recovery!.message).toContain(dbPath(dir));
    expect(warnings.join('\n')).toContain('could not be read');

    // The backup plus the journal after it hold every account: nothing was lost.
    const caller = { windowId: 1, fromAppPage: true };
    expectOk(await core.invoke('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, caller));
    expectOk(await core.invoke('auth:login', { identifier: 'bob', password: STRONG_PASSWORD }, { windowId: 2, fromAppPage: true }));
    const [recovered] = await auditRows(dir, 'store_recovered');
    expect(JSON.parse(recovered!.detail!)).toMatchObject({ kind: 'restored-from-backup', movedAsideTo: aside });
    expect((await queryFile<{ quick_check: string }>(dir, 'PRAGMA quick_check'))[0]!.quick_check).toBe('ok');
  });

  it('a missing file with a backup beside it is restored from the backup', async () => {
    const dir = await storeWithAccounts();
    rmSync(dbPath(dir));
    const core = await open(dir);
    opened = core;
    expect(core.recovery?.kind).toBe('restored-from-backup');
    expectOk(await core.invoke('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, { windowId: 1, fromAppPage: true }));
    expect(await auditRows(dir, 'store_recovered')).toHaveLength(1);
  });

  it('a leftover temp file from a crash mid-write is dropped and the database used as it is', async () => {
    const dir = await storeWithAccounts();
    await (await open(dir)).close(); // drops the last run's sessions, so the next open writes nothing itself
    writeFileSync(join(dir, 'gatehouse.db.writing'), 'half a write');
    const core = await open(dir);
    opened = core;
    expect(core.recovery).toBeNull();
    expect(existsSync(join(dir, 'gatehouse.db.writing'))).toBe(false);
    expectOk(await core.invoke('auth:login', { identifier: 'bob', password: STRONG_PASSWORD }, { windowId: 1, fromAppPage: true }));
  });
});

describe('refusals that leave everything untouched', () => {
  it('an unreadable file with no backup: STORE_CORRUPT, the file kept, nothing started empty', async () => {
    const dir = await storeWithAccounts();
    rmSync(join(dir, 'gatehouse.db.backup'));
    writeFileSync(dbPath(dir), readFileSync(dbPath(dir)).subarray(0, 5000));
    const error = await expectRefused(dir, 'STORE_CORRUPT');
    expect(error.message).toMatch(/no usable backup/);
    // Asking again gives the same answer (and not STORE_LOCKED: the failed open let go of the lock).
    await expectRefused(dir, 'STORE_CORRUPT');
  });

  it('an unreadable file whose backup is unreadable too: STORE_CORRUPT, both kept', async () => {
    const dir = await storeWithAccounts();
    writeFileSync(join(dir, 'gatehouse.db.backup'), 'not a database either');
    writeFileSync(dbPath(dir), 'not a database');
    await expectRefused(dir, 'STORE_CORRUPT');
  });

  it('a missing file whose backup is unusable: refused, the backup kept', async () => {
    const dir = await storeWithAccounts();
    rmSync(dbPath(dir));
    writeFileSync(join(dir, 'gatehouse.db.backup'), 'garbage');
    await expectRefused(dir, 'STORE_CORRUPT');
  });

  it('an SQLite file that is not ours: STORE_FOREIGN', async () => {
    const dir = scratchDir();
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run('CREATE TABLE x (a)');
    db.run("INSERT INTO x VALUES ('precious')");
    writeFileSync(dbPath(dir), db.export());
    db.close();
    await expectRefused(dir, 'STORE_FOREIGN');
  });

  it('a store written by a newer Gatehouse: STORE_NEWER_VERSION', async () => {
    const dir = await storeWithAccounts();
    await editFile(dir, (db) => db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`));
    const error = await expectRefused(dir, 'STORE_NEWER_VERSION');
    expect(error.message).toContain(`schema ${SCHEMA_VERSION + 1}`);
  });
});

describe('migrations', () => {
  async function pragmas(dir: string) {
    const [version] = await queryFile<{ user_version: number }>(dir, 'PRAGMA user_version');
    const [appId] = await queryFile<{ application_id: number }>(dir, 'PRAGMA application_id');
    const tables = await queryFile<{ name: string }>(dir, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    return { version: version!.user_version, appId: appId!.application_id, tables: tables.map((r) => r.name) };
  }
  const CURRENT = { version: SCHEMA_VERSION, appId: APPLICATION_ID, tables: [
    'audit_log', 'audit_log_size', 'deleted_users', 'directory_accounts', 'login_throttle', 'sessions', 'settings', 'two_step', 'two_step_recovery_codes', 'users',
  ] };

  it('a fresh folder gets a store at the current version, marked as ours, written before open returns', async () => {
    const dir = scratchDir();
    const core = await open(dir);
    opened = core;
    expect(core.recovery).toBeNull();
    expect(await pragmas(dir)).toEqual(CURRENT);
  });

  it('a store at version 0 (ours, nothing in it yet) is migrated to the current version', async () => {
    const dir = scratchDir();
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    writeFileSync(dbPath(dir), db.export());
    db.close();
    expect((await pragmas(dir)).version).toBe(0);
    const core = await open(dir);
    opened = core;
    expect(await pragmas(dir)).toEqual(CURRENT);
  });

  it('a migration that fails refuses the open, changes nothing and lets go of the lock', async () => {
    const dir = scratchDir();
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.run('CREATE TABLE users (clash INTEGER)'); // migration 1 cannot create its users table
    writeFileSync(dbPath(dir), db.export());
    db.close();
    const before = listing(dir);
    const first = await open(dir).catch((error: unknown) => error);
    expect(String(first)).toMatch(/users/);
    expect(listing(dir)).toEqual(before);
    // Asking again gives the same answer, not STORE_LOCKED from a lock the failed open kept.
    const second = await open(dir).catch((error: unknown) => error);
    expect(String(second)).toBe(String(first));
  });

  it('a first write that fails refuses the open and lets go of the lock', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'gatehouse.db.backup.new')); // in the way of the backup step, like a full disk
    const first = await open(dir).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(Error);
    expect(existsSync(join(dir, 'gatehouse.lock'))).toBe(false);
    rmSync(join(dir, 'gatehouse.db.backup.new'), { recursive: true });
    const core = await open(dir);
    opened = core;
    expect(core.recovery).toBeNull();
  });

  it('an empty SQLite file (no tables, no marks) is adopted and migrated', async () => {
    const dir = scratchDir();
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    writeFileSync(dbPath(dir), db.export());
    db.close();
    const core = await open(dir);
    opened = core;
    expect(await pragmas(dir)).toEqual(CURRENT);
  });

  it('reopening a current store changes nothing', async () => {
    const dir = await storeWithAccounts();
    await (await open(dir)).close(); // drops the sessions the last run left behind
    const before = readFileSync(dbPath(dir));
    const core = await open(dir);
    await core.close();
    expect(readFileSync(dbPath(dir)).equals(before)).toBe(true);
  });
});
