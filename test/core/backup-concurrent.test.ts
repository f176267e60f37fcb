/**
 * Two "Back up now" at once (issue 14), as a double click or two admin windows would send them,
 * while other calls change the store: each answers a typed Result, every file in the folder is a
 * complete store that passes integrity_check and holds what was there when it was taken, nothing
 * half-written is left beside them, each success names its own file, and each is audited once.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, auditRows, expectOk, openTestCore, registration, type TestCore } from '../support/core';
import { integrityOf, withDatabaseFile } from '../support/reliability';

let t: TestCore;
let target: string;
afterEach(async () => {
  await t?.close();
  rmSync(target, { recursive: true, force: true });
});

async function usernamesIn(file: string): Promise<string[]> {
  return withDatabaseFile(file, (db) => (db.exec('SELECT username FROM users ORDER BY username')[0]?.values ?? []).map((row) => String(row[0])));
}

/** root signed in at windows 1 and 2; the folder dialog answers after a real wait, like the shell's. */
async function twoAdminWindows(): Promise<void> {
  target = mkdtempSync(join(tmpdir(), 'gatehouse-backups-'));
  t = await openTestCore({ chooseBackupFolder: () => new Promise((resolve) => setTimeout(() => resolve(target), 5)) });
  expectOk(await t.call('auth:register', registration('root'), 1));
  expectOk(await t.call('auth:login', { identifier: 'root', password: STRONG_PASSWORD }, 2));
}

describe('two Back up now at once', () => {
  it('answers both with a typed Result; every file left is a whole store, one per success, each audited', async () => {
    await twoAdminWindows();
    const answers = await Promise.all([
      t.call('admin:backup', {}, 1),
      t.call('admin:create-user', { username: 'during', email: 'during@example.com', role: 'user' }, 1),
      t.call('admin:backup', {}, 2),
    ]);
    const backups = [answers[0], answers[2]];
    for (const answer of backups) {
      // A Result either way: never a throw, never a stack trace.
      expect(answer.ok || ['STORE_UNAVAILABLE', 'CONFLICT'].includes(answer.error.code)).toBe(true);
      if (!answer.ok) expect(answer.error.message).not.toMatch(/\n\s+at /);
    }
    const written = backups.flatMap((answer) => (answer.ok && answer.data.file !== null ? [answer.data.file] : []));
    expect(new Set(written).size).toBe(written.length);
    expect(readdirSync(target).sort()).toEqual(written.map((file) => file.slice(target.length + 1)).sort());
    for (const file of written) {
      expect(await integrityOf(file)).toBe('ok');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // Taken whole, before or after the account created at the same time: never in between.
      expect([['root'], ['during', 'root']]).toContainEqual(await usernamesIn(file));
    }
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect((await auditRows(t.dir, 'backup_created')).map((row) => JSON.parse(row.detail!).file).sort()).toEqual([...written].sort());
  });

  it('two Back up now in the same millisecond both succeed, each in its own file', async () => {
    await twoAdminWindows();
    const [a, b] = await Promise.all([t.call('admin:backup', {}, 1), t.call('admin:backup', {}, 2)]);
    const files = [expectOk(a).file, expectOk(b).file];
    expect(new Set(files).size).toBe(2);
    expect(readdirSync(target).sort()).toEqual(files.map((file) => file!.slice(target.length + 1)).sort());
    for (const file of files) expect(await integrityOf(file!)).toBe('ok');
  });

  it('a second Back up now a millisecond later gets its own file', async () => {
    await twoAdminWindows();
    const first = expectOk(await t.call('admin:backup', {}, 1));
    t.clock.advance(1);
    const second = expectOk(await t.call('admin:backup', {}, 2));
    expect(second.file).not.toBe(first.file);
    expect(readdirSync(target)).toHaveLength(2);
  });
});
