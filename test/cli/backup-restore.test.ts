/**
 * Backup and restore (issue 14) with real files: "Back up now" through the seam, and the CLI's
 * `backup --to FILE` and `restore FILE` with the app stopped.
 */
import { copyFileSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/gatehouse';
import { openGatehouse } from '../../src/main/core';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/main/core/store/migrations';
import { STRONG_PASSWORD, auditRows, expectOk, loadSqlJs, openTestCore, queryFile, registration, snapshotDatabaseBytes, tempDir } from '../support/core';
import { cli } from '../support/cli';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

async function createUser(dir: string, name: string) {
  expect((await cli(['create-user', '--data-dir', dir, '--username', name, '--email', `${name}@example.com`], `${STRONG_PASSWORD}\n`)).code).toBe(EXIT.ok);
}

async function usernamesIn(file: string): Promise<string[]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    expect(db.exec('PRAGMA application_id')[0]!.values[0]![0]).toBe(APPLICATION_ID);
    return (db.exec('SELECT username FROM users ORDER BY username')[0]?.values ?? []).map((row) => String(row[0]));
  } finally {
    db.close();
  }
}

/** The files a restore set aside under `aside` (snapshot, backup, journals), put back under their own names in a new folder. */
function reassemble(aside: string): string {
  const into = folder();
  const prefix = basename(aside);
  for (const name of readdirSync(dirname(aside)).filter((entry) => entry.startsWith(prefix))) {
    copyFileSync(join(dirname(aside), name), join(into, `gatehouse.db${name.slice(prefix.length)}`));
  }
  return into;
}

describe('Back up now (admin:backup)', () => {
  it('writes a consistent copy into the folder the shell chose, mode 0600, audited; nothing when cancelled', async () => {
    const target = folder();
    let choice: string | null = target;
    const t = await openTestCore({ chooseBackupFolder: async () => choice });
    try {
      expectOk(await t.call('auth:register', registration('root')));
      const { file } = expectOk(await t.call('admin:backup', {}));
      expect(file).toMatch(new RegExp(`^${target}/gatehouse-backup-.*\\.db$`));
      expect(statSync(file!).mode & 0o777).toBe(0o600);
      expect(await usernamesIn(file!)).toEqual(['root']);
      expect(JSON.parse((await auditRows(t.dir, 'backup_created'))[0]!.detail!)).toEqual({ file });
      choice = null;
      expect(expectOk(await t.call('admin:backup', {}))).toEqual({ file: null });
      expect(readdirSync(target)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('takes no path from the page: a payload naming one is refused', async () => {
    const t = await openTestCore({ chooseBackupFolder: async () => folder() });
    try {
      expectOk(await t.call('auth:register', registration('root')));
      const refused = await t.core.invoke('admin:backup', { folder: '/tmp' }, { windowId: 1, fromAppPage: true });
      expect(refused.ok).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('gatehouse backup and restore', () => {
  it('backs up with the app stopped, never over an existing file, and refuses while the app runs', async () => {
    const dir = folder();
    await createUser(dir, 'alice');
    const file = join(folder(), 'copy.db');
    expect(await cli(['backup', '--to', file, '--data-dir', dir])).toMatchObject({ code: EXIT.ok });
    expect(await usernamesIn(file)).toEqual(['alice']);
    expect((await cli(['backup', '--to', file, '--data-dir', dir])).code).toBe(EXIT.refused);

    const app = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
    try {
      expect((await cli(['backup', '--to', join(folder(), 'other.db'), '--data-dir', dir])).code).toBe(EXIT.store);
      expect((await cli(['restore', file, '--data-dir', dir])).code).toBe(EXIT.store);
    } finally {
      await app.close();
    }
  });

  it('restores a backup, keeping the replaced store aside, and the restored store says so', async () => {
    const dir = folder();
    await createUser(dir, 'alice');
    const file = join(folder(), 'copy.db');
    await cli(['backup', '--to', file, '--data-dir', dir]);
    await createUser(dir, 'bob');

    const restored = await cli(['restore', file, '--data-dir', dir]);
    expect(restored.code).toBe(EXIT.ok);
    const aside = /kept at (\S+)\.$/.exec(restored.out)![1]!;
    expect(await queryFile(dir, 'SELECT username FROM users ORDER BY username')).toEqual([{ username: 'alice' }]);
    // Every file of the replaced store went aside (its journal too: left in place, it would be
    // replayed over the backup), and put back together it is the store as it was.
    expect(readdirSync(dir).filter((name) => name.includes('journal') && !name.includes('before-restore'))).toHaveLength(1);
    expect(await queryFile(reassemble(aside), 'SELECT username FROM users ORDER BY username')).toEqual([{ username: 'alice' }, { username: 'bob' }]);
    expect(JSON.parse((await auditRows(dir, 'store_restored'))[0]!.detail!)).toEqual({ from: file, keptAsideAt: aside });
  });

  it('an encrypted store’s backup is sealed, and restores on another machine from its recovery key typed once', async () => {
    const dir = folder();
    await createUser(dir, 'alice');
    const passphrase = 'the kiosk room passphrase';
    const on = await cli(['enable-encryption', '--passphrase', '--data-dir', dir], `${passphrase}\n`);
    const recoveryKey = /Recovery key: (\S+)/.exec(on.out)![1]!;
    const file = join(folder(), 'sealed.db');
    expect((await cli(['backup', '--to', file, '--data-dir', dir], `${passphrase}\n`)).code).toBe(EXIT.ok);
    expect(readFileSync(file).includes(Buffer.from('alice'))).toBe(false);

    const elsewhere = folder();
    expect((await cli(['restore', file, '--data-dir', elsewhere])).code).toBe(EXIT.store); // no key typed: nothing done
    expect(readdirSync(elsewhere)).toEqual([]);
    const restored = await cli(['restore', file, '--data-dir', elsewhere], `${recoveryKey}\n`);
    expect(restored.code, restored.err).toBe(EXIT.ok);
    expect(restored.out).toContain('encrypted');
    const listed = await cli(['list-users', '--data-dir', elsewhere], `${passphrase}\n`);
    expect(listed.out).toContain('alice');
  });

  it('refuses a copy of a data folder’s gatehouse.db (its latest changes are in the journal beside it), saying what to do', async () => {
    const dir = folder();
    await createUser(dir, 'alice');
    const copy = join(folder(), 'gatehouse.db');
    copyFileSync(join(dir, 'gatehouse.db'), copy);
    const target = folder();
    const refused = await cli(['restore', copy, '--data-dir', target]);
    expect(refused.code).toBe(EXIT.store);
    expect(refused.err).toContain('not a backup');
    expect(refused.err).toContain('gatehouse backup');
    expect(readdirSync(target)).toEqual([]);
  });

  it('refuses a foreign SQLite file and a newer schema, changing nothing', async () => {
    const dir = folder();
    await createUser(dir, 'alice');
    const before = readFileSync(join(dir, 'gatehouse.db'));
    const SQL = await loadSqlJs();

    const foreign = new SQL.Database();
    foreign.exec('CREATE TABLE notes (text TEXT)');
    const foreignFile = join(folder(), 'foreign.db');
    writeFileSync(foreignFile, foreign.export());
    foreign.close();
    const refusedForeign = await cli(['restore', foreignFile, '--data-dir', dir]);
    expect(refusedForeign).toMatchObject({ code: EXIT.store });
    expect(refusedForeign.err).toContain('is not a Gatehouse backup');

    const newer = new SQL.Database(Uint8Array.from(snapshotDatabaseBytes(join(dir, 'gatehouse.db')))); // sql.js may write into the array it is given
    newer.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    const newerFile = join(folder(), 'newer.db');
    writeFileSync(newerFile, newer.export());
    newer.close();
    const refusedNewer = await cli(['restore', newerFile, '--data-dir', dir]);
    expect(refusedNewer.code).toBe(EXIT.store);
    expect(refusedNewer.err).toContain('newer Gatehouse');

    expect(readFileSync(join(dir, 'gatehouse.db')).equals(before)).toBe(true);
    expect(await queryFile(dir, 'SELECT username FROM users')).toEqual([{ username: 'alice' }]);
  });
});
