/**
 * `gatehouse import` and `export` (issue 14) on a real store in a temp folder, with hashes made
 * by Python's hashlib the way werkzeug makes them (an independent oracle), and real bcrypt.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../src/cli/gatehouse';
import { openGatehouse } from '../../src/main/core';
import { auditRows, dumpFile, queryFile, tempDir } from '../support/core';

// 'ｆｕｌｌwidth pass 1' as typed: NFKC would turn the fullwidth letters into ASCII.
const TYPED = 'ｆｕｌｌwidth pass 1';
const NORMALISED = TYPED.normalize('NFKC');
// hashlib.pbkdf2_hmac('sha256', TYPED, b'Zq9XhT2mPp4LrW8a', 1000).hex(), as werkzeug formats it.
const PBKDF2 = 'pbkdf2:sha256:1000$Zq9XhT2mPp4LrW8a$29e0a98cc1948c8a892d78810ce638ddcdbd2ba58586561da308e7393d017e7f';
// hashlib.scrypt(TYPED, salt=b'Zq9XhT2mPp4LrW8a', n=1024, r=8, p=1, dklen=64).hex()
const SCRYPT =
  'scrypt:1024:8:1$Zq9XhT2mPp4LrW8a$b6b6d0d4c34b8fe1c80cfd92dcecab82481fc36abe7b911133d8e1c4f2ea4f2ed857718c4f3868e1c419e3416f3d5214e37ee79437673ae02893f5d5e7d0c8b7';
// bcryptjs hashSync(TYPED, 4), written with the $2y$ prefix PHP apps use.
const BCRYPT_2Y = '$2y$04$kAoPBr/K39K1af0MS3YbuOnzbcYkjJ5VA2l4HJCRoxun2aMrx8sge';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdin: async () => '', out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function signIn(dir: string, identifier: string, password: string) {
  const core = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
  try {
    return await core.invoke('auth:login', { identifier, password }, { windowId: 1, fromAppPage: true });
  } finally {
    await core.close();
  }
}

describe('gatehouse import', () => {
  it('imports werkzeug pbkdf2 and scrypt and bcrypt $2y$ hashes, checked against the password as typed, then re-hashed to bcrypt', async () => {
    const dir = folder();
    const file = join(dir, 'people.csv');
    writeFileSync(file, `username,email,role,password_hash\nada,ada@example.com,admin,${PBKDF2}\nbob,bob@example.com,user,${SCRYPT}\ncyd,cyd@example.com,user,${BCRYPT_2Y}\n`);
    expect(await cli(['import', file, '--data-dir', dir])).toMatchObject({ code: EXIT.ok, out: 'Imported 3 accounts.' });

    for (const name of ['ada', 'bob', 'cyd']) {
      // The normalised form is not what those apps hashed: refused while the imported hash stands.
      expect((await signIn(dir, name, NORMALISED)).ok).toBe(false);
      expect((await signIn(dir, name, TYPED)).ok).toBe(true);
      const [row] = await queryFile<{ password_hash: string; password_imported: number }>(dir, 'SELECT password_hash, password_imported FROM users WHERE username = ?', [name]);
      expect(row!.password_hash).toMatch(/^\$2b\$04\$/);
      expect(row!.password_imported).toBe(0);
      // Now Gatehouse's own rules: either spelling is the same password.
      expect((await signIn(dir, name, NORMALISED)).ok).toBe(true);
    }
    expect((await auditRows(dir, 'imported_password_upgraded')).length).toBe(3);
    const imported = await auditRows(dir, 'accounts_imported');
    expect(JSON.parse(imported[0]!.detail!)).toMatchObject({ count: 3, usernames: ['ada', 'bob', 'cyd'] });
  });

  it('gives empty hashes a one-time temporary password in a new 0600 file, never overwriting one', async () => {
    const dir = folder();
    const file = join(dir, 'people.json');
    writeFileSync(file, JSON.stringify([{ username: 'dee', email: 'dee@example.com', role: 'user', password_hash: '' }]));
    const secrets = join(dir, 'secrets.txt');
    writeFileSync(secrets, 'already here');
    const refused = await cli(['import', file, '--data-dir', dir, '--temporary-passwords', secrets]);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toContain('already exists');
    expect(readFileSync(secrets, 'utf8')).toBe('already here');
    expect(JSON.parse((await cli(['list-users', '--data-dir', dir, '--json'])).out)).toEqual([]);

    rmSync(secrets);
    expect((await cli(['import', file, '--data-dir', dir])).err).toContain('--temporary-passwords');
    const done = await cli(['import', file, '--data-dir', dir, '--temporary-passwords', secrets]);
    expect(done.code).toBe(EXIT.ok);
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const password = /^dee\t(\S+)$/m.exec(readFileSync(secrets, 'utf8'))![1]!;
    const signedIn = await signIn(dir, 'dee', password);
    expect(signedIn.ok && (signedIn.data as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
  });

  it('reports every failing row with its line and imports nothing', async () => {
    const dir = folder();
    const file = join(dir, 'people.csv');
    writeFileSync(
      file,
      [
        'username,email,role,password_hash',
        `good,good@example.com,user,${PBKDF2}`,
        `bad role,x@example.com,owner,${PBKDF2}`,
        `"multi`,
        `line",ml@example.com,user,${SCRYPT}`,
        `dup,dup@example.com,user,pbkdf2:sha256:99999999$salt$${'0'.repeat(64)}`,
        `Good,other@example.com,user,scrypt:1048576:8:1$salt$${'0'.repeat(128)}`,
        `plain,plain@example.com,user,md5$salt$abc`,
      ].join('\n'),
    );
    const refused = await cli(['import', file, '--data-dir', dir]);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toMatch(/^line 3: username: /m);
    expect(refused.err).toMatch(/^line 3: role: must be user or admin\.$/m);
    expect(refused.err).toMatch(/^line 4: username: /m); // a quoted cell across lines starts at line 4
    expect(refused.err).toMatch(/^line 6: password_hash: pbkdf2 iterations 99999999 are outside/m);
    expect(refused.err).toMatch(/^line 7: username: the same as line 2\.$/m);
    expect(refused.err).toMatch(/^line 7: password_hash: scrypt cost 1048576:8:1 is above the limit/m);
    expect(refused.err).toMatch(/^line 8: password_hash: the password hash is not bcrypt/m);
    expect(refused.err).not.toMatch(/^line 2:/m);
    expect(JSON.parse((await cli(['list-users', '--data-dir', dir, '--json'])).out)).toEqual([]);
  });

  it('is one transaction: a row the insert refuses (a look-alike of an earlier row) leaves the store as it was', async () => {
    const dir = folder();
    const first = join(dir, 'first.csv');
    writeFileSync(first, `username,email,role,password_hash\nada,ada@example.com,admin,${PBKDF2}\n`);
    expect((await cli(['import', first, '--data-dir', dir])).code).toBe(EXIT.ok);
    const before = await dumpFile(dir);
    const file = join(dir, 'people.csv');
    writeFileSync(file, `username,email,role,password_hash\nmodern,m1@example.com,user,${PBKDF2}\nrnodern,m2@example.com,user,${PBKDF2}\n`);
    const refused = await cli(['import', file, '--data-dir', dir]);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toMatch(/^line 3: username: /m);
    expect(await dumpFile(dir)).toEqual(before);
  });

  it('refuses unknown columns, and a file that is not there', async () => {
    const dir = folder();
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'username,email,role,password\nx,x@example.com,user,secret\n');
    expect((await cli(['import', file, '--data-dir', dir])).err).toMatch(/line 1: the columns must be/);
    expect((await cli(['import', join(dir, 'missing.csv'), '--data-dir', dir])).code).toBe(EXIT.usage);
    expect(existsSync(join(dir, 'gatehouse.db'))).toBe(true);
  });
});

describe('gatehouse export', () => {
  it('writes the accounts without hashes unless asked, in a form import reads back', async () => {
    const dir = folder();
    const file = join(dir, 'people.csv');
    writeFileSync(file, `username,email,role,password_hash\nada,ada@example.com,admin,${PBKDF2}\n`);
    await cli(['import', file, '--data-dir', dir]);
    const plain = await cli(['export', '--data-dir', dir]);
    expect(plain.out).toBe('username,email,role\n"ada","ada@example.com","admin"');
    const json = await cli(['export', '--data-dir', dir, '--format', 'json', '--with-hashes']);
    expect(JSON.parse(json.out)).toEqual([{ username: 'ada', email: 'ada@example.com', role: 'admin', password_hash: PBKDF2 }]);
    expect((await auditRows(dir, 'accounts_exported')).map((row) => JSON.parse(row.detail!))).toEqual([
      { count: 1, withHashes: false },
      { count: 1, withHashes: true },
    ]);

    const other = folder();
    const back = join(other, 'back.json');
    writeFileSync(back, json.out);
    expect((await cli(['import', back, '--data-dir', other])).code).toBe(EXIT.ok);
    expect((await signIn(other, 'ada', TYPED)).ok).toBe(true);
  });
});
