/**
 * Hostile and unlucky files through `gatehouse import` and `export` (issue 14), on a real store:
 * values a spreadsheet would run as formulas survive an export and an import back unchanged
 * (and are never formulas in the CSV), JSON that is not text where text belongs is refused with
 * its entry number rather than crashing or being coerced (`"role": ["admin"]` is not "admin"),
 * and names that look like another account's, in the store or earlier in the same file, are
 * refused with every line named at once.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/gatehouse';
import { cli } from '../support/cli';
import { dumpFile, editFile, queryFile, tempDir } from '../support/core';

const HASH = '$2b$04$kAoPBr/K39K1af0MS3YbuOnzbcYkjJ5VA2l4HJCRoxun2aMrx8sge';
const HEADER = 'username,email,role,password_hash';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

function write(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function accounts(dir: string) {
  return queryFile<{ username: string; email: string; role: string }>(dir, 'SELECT username, email, role FROM users ORDER BY username');
}

describe('export and import back: cells that look like formulas', () => {
  // Names and emails the rules allow that start like a formula: `-` in a username, = + - in an email.
  const PEOPLE = [
    { username: '-dash', email: '=1+1@example.com' },
    { username: 'plus', email: '+tag@example.com' },
    { username: 'minus', email: '-x@example.com' },
    { username: 'quoted', email: "'=already@example.com" },
    { username: 'plain', email: "o'neil@example.com" },
  ];

  it('are never formulas in the CSV, and come back exactly as they were', async () => {
    const source = folder();
    // In through JSON, which has no spreadsheet guard to read: the values are taken as written.
    const json = JSON.stringify(PEOPLE.map((p) => ({ ...p, role: 'user', password_hash: HASH })));
    expect((await cli(['import', write(source, 'in.json', json), '--data-dir', source])).code).toBe(EXIT.ok);
    const before = await accounts(source);
    expect(before.map((a) => a.email).sort()).toEqual(PEOPLE.map((p) => p.email).sort());

    const exported = await cli(['export', '--data-dir', source, '--with-hashes']);
    expect(exported.code).toBe(EXIT.ok);
    // What a spreadsheet reads: no cell starts like a formula.
    const cells = (parse(exported.out, { relax_quotes: false }) as string[][]).flat();
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);

    const target = folder();
    const back = await cli(['import', write(target, 'back.csv', `${exported.out}\n`), '--data-dir', target]);
    expect(back.code, back.err).toBe(EXIT.ok);
    expect(await accounts(target)).toEqual(before);
  });
});

describe('hostile JSON', () => {
  it('refuses a field that is not text, naming its entry, instead of crashing or coercing it', async () => {
    const dir = folder();
    const before = await (async () => {
      expect((await cli(['import', write(dir, 'seed.csv', `${HEADER}\nseed,seed@example.com,user,${HASH}\n`), '--data-dir', dir])).code).toBe(EXIT.ok);
      return dumpFile(dir);
    })();
    const entries = [
      { username: 'fine', email: 'fine@example.com', role: 'user', password_hash: HASH },
      { username: 'arr', email: 'arr@example.com', role: ['admin'], password_hash: HASH },
      { username: 'obj', email: 'obj@example.com', role: 'user', password_hash: { toString: 1 } },
      { username: 123456, email: 'num@example.com', role: 'user', password_hash: HASH },
      { username: 'tru', email: true, role: 'user', password_hash: HASH },
    ];
    const refused = await cli(['import', write(dir, 'people.json', JSON.stringify(entries)), '--data-dir', dir]);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toContain('Nothing was imported');
    expect(refused.err).not.toMatch(/\n\s+at /); // no stack trace
    for (const [entry, field] of [[2, 'role'], [3, 'password_hash'], [4, 'username'], [5, 'email']] as const) {
      expect(refused.err).toMatch(new RegExp(`^entry ${entry}: ${field}: `, 'm'));
    }
    expect(refused.err).not.toMatch(/^entry 1:/m);
    expect(await dumpFile(dir)).toEqual(before);
  });

  it('takes null or a missing password_hash as empty (a temporary password), as the CSV does', async () => {
    const dir = folder();
    const file = write(dir, 'people.json', JSON.stringify([{ username: 'nul', email: 'nul@example.com', role: 'user', password_hash: null }, { username: 'abs', email: 'abs@example.com', role: 'user' }]));
    const done = await cli(['import', file, '--data-dir', dir, '--temporary-passwords', join(dir, 'secrets.txt')]);
    expect(done, done.err).toMatchObject({ code: EXIT.ok });
    expect(readFileSync(join(dir, 'secrets.txt'), 'utf8')).toMatch(/^nul\t/m);
  });
});

describe('look-alike names through import', () => {
  it('refuses a name that looks like an existing account’s, however it is spelt', async () => {
    const dir = folder();
    expect((await cli(['import', write(dir, 'seed.csv', `${HEADER}\nadmin,admin@example.com,admin,${HASH}\n`), '--data-dir', dir])).code).toBe(EXIT.ok);
    const before = await dumpFile(dir);
    // Cyrillic а, fullwidth ａ, dotless ı, rn for m, case, zero-width space, no-break space.
    const spellings = ['\u0430dmin', '\uff41dmin', 'adm\u0131n', 'adrnin', 'ADMIN', 'ad\u200bmin', 'ad\u00a0min'];
    // One file each, so each is judged against the store alone (not against the others).
    for (const [i, name] of spellings.entries()) {
      const refused = await cli(['import', write(dir, `people-${i}.csv`, `${HEADER}\n"${name}",x${i}@example.com,user,${HASH}\n`), '--data-dir', dir]);
      expect(refused.code, JSON.stringify(name)).toBe(EXIT.refused);
      expect(refused.err, JSON.stringify(name)).toMatch(/^line 2: username: /m);
    }
    expect(await dumpFile(dir)).toEqual(before);
  });

  it('names every look-alike pair inside one file at once, not one per attempt', async () => {
    const dir = folder();
    const rows = ['modern,a@example.com', 'rnodern,b@example.com', 'paypal,c@example.com', 'paypa1,d@example.com', 'okay,e@example.com'];
    const refused = await cli(['import', write(dir, 'people.csv', `${HEADER}\n${rows.map((row) => `${row},user,${HASH}`).join('\n')}\n`), '--data-dir', dir]);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toMatch(/^line 3: username: .*line 2/m);
    expect(refused.err).toMatch(/^line 5: username: .*line 4/m);
    expect(refused.err).not.toMatch(/^line 6:/m);
    expect(await accounts(dir)).toEqual([]);
  });
});

describe('files in the wrong encoding', () => {
  it('refuses a file that is not UTF-8 (a spreadsheet’s Latin-1 CSV) instead of importing mangled emails', async () => {
    const dir = folder();
    const file = join(dir, 'people.csv');
    // "josé" in Windows-1252 / Latin-1: é is the single byte 0xE9, not valid UTF-8.
    writeFileSync(file, Buffer.concat([Buffer.from(`${HEADER}\nokay,okay@example.com,user,${HASH}\njose,jos`), Buffer.from([0xe9]), Buffer.from(`@example.com,user,${HASH}\n`)]));
    const refused = await cli(['import', file, '--data-dir', dir]);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toContain('Nothing was imported');
    expect(refused.err).toMatch(/^the file is not UTF-8 \(first at line 3\)/m);
    expect(await accounts(dir)).toEqual([]);
  });

  it('reads a UTF-8 file that starts with a byte-order mark (Notepad, Excel’s "CSV UTF-8"), JSON too', async () => {
    const dir = folder();
    const json = write(dir, 'people.json', `\ufeff${JSON.stringify([{ username: 'josé', email: 'josé@example.com', role: 'user', password_hash: HASH }])}`);
    const done = await cli(['import', json, '--data-dir', dir]);
    expect(done.code, done.err).toBe(EXIT.ok);
    const csv = write(dir, 'people.csv', `\ufeff${HEADER}\nzoë,zoe@example.com,user,${HASH}\n`);
    expect((await cli(['import', csv, '--data-dir', dir])).code).toBe(EXIT.ok);
    expect(await accounts(dir)).toEqual([
      { username: 'josé', email: 'josé@example.com', role: 'user' },
      { username: 'zoë', email: 'zoe@example.com', role: 'user' },
    ]);
  });
});

describe('export of disabled accounts', () => {
  it('says on standard error which accounts are disabled here, since an import of the file makes them active', async () => {
    const dir = folder();
    const lines = ['gone1,gone1@example.com', 'gone2,gone2@example.com', 'here,here@example.com'].map((row) => `${row},user,${HASH}`);
    expect((await cli(['import', write(dir, 'people.csv', `${HEADER}\n${lines.join('\n')}\n`), '--data-dir', dir])).code).toBe(EXIT.ok);
    const quiet = await cli(['export', '--data-dir', dir]);
    expect(quiet.err).not.toContain('disabled');
    await editFile(dir, (db) => db.run("UPDATE users SET active = 0 WHERE username LIKE 'gone%'"));
    const exported = await cli(['export', '--data-dir', dir]);
    expect(exported.code).toBe(EXIT.ok);
    expect(exported.out).toBe(quiet.out); // the file itself is unchanged
    expect(exported.err).toContain('2 of these accounts are disabled here, and an import of this file makes them active: gone1, gone2.');
    // And it is true: imported elsewhere, they are active.
    const other = folder();
    expect((await cli(['import', write(other, 'back.csv', `${exported.out}\n`), '--data-dir', other, '--temporary-passwords', join(other, 'secrets.txt')])).code).toBe(EXIT.ok);
    expect(await queryFile(other, "SELECT active FROM users WHERE username LIKE 'gone%'")).toEqual([{ active: 1 }, { active: 1 }]);
  });
});
