/**
 * Corruption: the database file is damaged in the ways files really get damaged (cut short,
 * emptied, overwritten, replaced by someone else's SQLite file, written by a newer Gatehouse).
 * Every case must end in a clear, typed outcome: restored from the backup with
 * `handle.recovery` saying what happened, or a StoreError whose message names the file. Never an
 * empty store quietly standing in for the old one, and never a deleted file: the damaged bytes
 * are still on disk afterwards, somewhere a person can find them.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError, openGatehouse, type GatehouseHandle } from '../../src/main/core';
import { APPLICATION_ID } from '../../src/main/core/store/migrations';
import { loadSqlJs, queryFile } from '../support/core';
import { decodeSnapshotFile } from '../../src/main/core/store/snapshot-format';
import { fileDigest, filesIn, mulberry32, reliabilitySeed, scalarOf, withDatabaseFile } from '../support/reliability';

const PASSWORD = 'correct horse battery staple';
const random = mulberry32(reliabilitySeed('corruption', 7_331));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const caller = { windowId: 1, fromAppPage: true };
const open = (dataDir: string, warn: (message: string) => void = () => {}) =>
  openGatehouse({ dataDir, bcryptCost: 4, warn });

async function register(core: GatehouseHandle, username: string) {
  const result = await core.invoke(
    'auth:register',
    { username, email: `${username}@example.com`, password: PASSWORD, confirmPassword: PASSWORD },
    caller,
  );
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

async function signsIn(core: GatehouseHandle, username: string): Promise<boolean> {
  return (await core.invoke('auth:login', { identifier: username, password: PASSWORD }, caller)).ok;
}

/**
 * A store holding alice then bob. Every durable write keeps the file it replaces as the backup,
 * so the backup is one write behind: it holds alice but not bob.
 */
async function populatedStore(): Promise<{ dir: string; db: string; backup: string; good: Uint8Array }> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-corrupt-'));
  dirs.push(dir);
  const core = await open(dir);
  await register(core, 'alice');
  await register(core, 'bob');
  await core.close();
  const db = join(dir, 'gatehouse.db');
  return { dir, db, backup: join(dir, 'gatehouse.db.backup'), good: readFileSync(db) };
}

function randomBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

async function foreignSqliteFile(): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('not yours')");
  const bytes = db.export();
  db.close();
  return bytes;
}

/** The database inside a snapshot file's bytes (encryption off: the payload as it is). */
function snapshotDatabaseBytesOf(file: Uint8Array): Uint8Array {
  const decoded = decodeSnapshotFile(file);
  if (decoded.kind !== 'snapshot') throw new Error('not a snapshot');
  return decoded.sealed;
}

async function newerSchemaFile(ours: Uint8Array): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  // A copy: sql.js may write through to the array it was given.
  const db = new SQL.Database(Uint8Array.from(snapshotDatabaseBytesOf(ours)));
  db.run('PRAGMA user_version = 999');
  const bytes = db.export();
  db.close();
  return bytes;
}

type Damage = { name: string; make: (good: Uint8Array) => Uint8Array | Promise<Uint8Array> };

/** Damage that leaves a file SQLite cannot read as a database. */
const UNREADABLE: Damage[] = [
  { name: 'truncated file', make: (good) => good.subarray(0, Math.floor(good.length / 2) + 123) },
  { name: 'zero-length file', make: () => new Uint8Array(0) },
  { name: 'random bytes', make: (good) => randomBytes(good.length) },
  {
    name: 'SQLite header followed by garbage',
    make: (good) => Uint8Array.from([...good.subarray(0, 100), ...randomBytes(good.length - 100)]),
  },
];

/** Readable files that are not ours to open. */
const REFUSED: (Damage & { code: StoreError['code'] })[] = [
  { name: 'a valid SQLite file that is not ours', code: 'STORE_FOREIGN', make: () => foreignSqliteFile() },
  { name: 'a database from a newer schema version', code: 'STORE_NEWER_VERSION', make: (good) => newerSchemaFile(good) },
];

/** Every file in the folder with its digest: "nothing deleted, nothing changed" in one value. */
function folderState(dir: string): Record<string, string> {
  return Object.fromEntries(filesIn(dir).map((name) => [name, fileDigest(join(dir, name))]));
}

async function expectStoreError(dir: string, db: string, code: StoreError['code']): Promise<StoreError> {
  const error = await open(dir).then(
    async (core) => {
      await core.close();
      throw new Error(`expected ${code}, but the store opened`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  expect((error as StoreError).message).toContain(db);
  return error as StoreError;
}

describe('corruption: an unreadable database with a good backup', () => {
  for (const damage of UNREADABLE) {
    it(`${damage.name}: restored from the backup, reported, the damaged file kept`, async () => {
      const { dir, db, good } = await populatedStore();
      const bad = await damage.make(good);
      writeFileSync(db, bad);
      const before = folderState(dir);
      const warnings: string[] = [];

      const core = await open(dir, (message) => warnings.push(message));
      try {
        expect(core.recovery?.kind).toBe('restored-from-backup');
        const aside = core.recovery!.movedAsideTo;
        expect(aside.startsWith(join(dir, 'gatehouse.db.unreadable-'))).toBe(true);
        expect(core.recovery!.message).toContain(db);
        expect(core.recovery!.message).toContain(aside);
        expect(warnings.join('\n')).toContain(aside);
        // The damaged bytes are still on disk, byte for byte.
        expect(Buffer.from(readFileSync(aside)).equals(Buffer.from(bad))).toBe(true);
        // Nothing disappeared: every file that was there is still there, plus the moved-aside one.
        const after = filesIn(dir);
        for (const name of Object.keys(before)) expect(after).toContain(name);
        // Not an empty store: the backup's account is back (bob was the write after it).
        expect(await signsIn(core, 'alice')).toBe(true);
      } finally {
        await core.close();
      }
      // The recovery is in the audit log, in the restored store (snapshot and journal).
      const recorded = await queryFile<{ n: number }>(dir, "SELECT count(*) AS n FROM audit_log WHERE event = 'store_recovered'");
      expect(recorded[0]!.n).toBe(1);
    });
  }
});

describe('corruption: an unreadable database and no usable backup', () => {
  for (const damage of UNREADABLE) {
    it(`${damage.name}: refused with STORE_CORRUPT naming the file, nothing touched`, async () => {
      const { dir, db, backup, good } = await populatedStore();
      const goodBackup = readFileSync(backup);
      writeFileSync(db, await damage.make(good));
      writeFileSync(backup, randomBytes(goodBackup.length)); // the backup is damaged too
      const before = folderState(dir);

      await expectStoreError(dir, db, 'STORE_CORRUPT');
      expect(folderState(dir)).toEqual(before); // same files, same bytes, lock released

      // Once a person puts the good file back, everything is there: nothing was replaced.
      writeFileSync(db, good);
      const core = await open(dir);
      try {
        expect(await signsIn(core, 'alice')).toBe(true);
        expect(await signsIn(core, 'bob')).toBe(true);
      } finally {
        await core.close();
      }
    });
  }

  it('a missing backup is as good as a damaged one: refused, not replaced', async () => {
    const { dir, db, backup, good } = await populatedStore();
    const elsewhere = mkdtempSync(join(tmpdir(), 'gatehouse-elsewhere-'));
    dirs.push(elsewhere);
    renameSync(backup, join(elsewhere, 'backup')); // as if the folder had only ever had one write
    writeFileSync(db, good.subarray(0, 1000));
    const before = folderState(dir);
    await expectStoreError(dir, db, 'STORE_CORRUPT');
    expect(folderState(dir)).toEqual(before);
  });
});

describe('corruption: readable files that are not ours to open', () => {
  for (const damage of REFUSED) {
    it(`${damage.name}: refused with ${damage.code} naming the file, nothing touched`, async () => {
      const { dir, db, good } = await populatedStore();
      const replacement = await damage.make(good);
      writeFileSync(db, replacement);
      const before = folderState(dir);

      // A good backup is right there, yet it is not used: the file is readable, it is just not
      // ours (or not yet ours), and quietly swapping it would throw away someone's data.
      const error = await expectStoreError(dir, db, damage.code);
      expect(error.message.length).toBeGreaterThan(db.length + 20); // says what to do, not just where
      expect(folderState(dir)).toEqual(before);

      if (damage.code === 'STORE_NEWER_VERSION') {
        await withDatabaseFile(db, (handle) => {
          expect(scalarOf(handle, 'PRAGMA application_id')).toBe(APPLICATION_ID);
          expect(scalarOf(handle, 'PRAGMA user_version')).toBe(999);
        });
      }
      writeFileSync(db, good);
      const core = await open(dir);
      try {
        expect(await signsIn(core, 'bob')).toBe(true);
      } finally {
        await core.close();
      }
    });
  }
});

describe('corruption: the database file is missing but its backup is not', () => {
  it('restores the backup and says so', async () => {
    const { dir, db } = await populatedStore();
    const elsewhere = mkdtempSync(join(tmpdir(), 'gatehouse-elsewhere-'));
    dirs.push(elsewhere);
    renameSync(db, join(elsewhere, 'gatehouse.db'));
    const core = await open(dir);
    try {
      expect(core.recovery?.kind).toBe('restored-from-backup');
      expect(core.recovery!.message).toContain(db);
      expect(await signsIn(core, 'alice')).toBe(true);
    } finally {
      await core.close();
    }
  });
});
