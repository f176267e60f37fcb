/**
 * `gatehouse import` killed midway (issue 14: "nothing is half-imported"). The real CLI
 * (scripts/gatehouse-cli.mjs) runs in a child process on a real store and is SIGKILLed at a
 * random moment, some rounds anywhere in its run, the others just after it wrote the
 * temporary-password file (the import's last step before its transaction and save). After each
 * kill the store opens and holds none of the file's accounts or all of them, each whole; a
 * re-run of the same import never duplicates one, and a temporary-password file left by a killed
 * run is never overwritten (the re-run says so and imports nothing until it is moved away).
 * Rounds: GATEHOUSE_IMPORT_KILL_ROUNDS (default 6).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/gatehouse';
import { openGatehouse } from '../../src/main/core';
import { cli } from '../support/cli';
import { auditRows, queryFile, tempDir } from '../support/core';
import { mulberry32, reliabilitySeed } from '../support/reliability';

const ROUNDS = Number(process.env.GATEHOUSE_IMPORT_KILL_ROUNDS ?? 6);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'scripts/gatehouse-cli.mjs');
const ROWS = 1500;
// bcryptjs hashSync('x', 4): any valid bcrypt hash will do, the import does not check it.
const HASH = '$2b$04$kAoPBr/K39K1af0MS3YbuOnzbcYkjJ5VA2l4HJCRoxun2aMrx8sge';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A store with one administrator, and a CSV of ROWS accounts, one in ten without a hash. */
async function prepare(): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  dirs.push(dir);
  const core = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
  try {
    const made = await core.provisioning.createUser({ username: 'root', email: 'root@example.com', password: 'correct horse battery staple', admin: true });
    expect(made.ok).toBe(true);
  } finally {
    await core.close();
  }
  const lines = ['username,email,role,password_hash'];
  for (let i = 0; i < ROWS; i++) lines.push(`imp${i},imp${i}@example.com,user,${i % 10 === 0 ? '' : HASH}`);
  const file = join(dir, 'people.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { dir, file };
}

/**
 * Runs the CLI's import and SIGKILLs it `delayMs` after `startWhen()` first holds (polled every
 * 2 ms). Resolves with how it ended: killed, or finished first (then with its exit code).
 */
function importAndKill(dir: string, file: string, secrets: string, startWhen: () => boolean, delayMs: number): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, 'import', file, '--data-dir', dir, '--temporary-passwords', secrets], {
      cwd: ROOT,
      env: { ...process.env, GATEHOUSE_BCRYPT_COST: '4' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (timer === undefined && startWhen()) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    }, 2);
    const cap = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      clearTimeout(cap);
      resolvePromise({ killed: signal === 'SIGKILL', code, stderr });
    });
  });
}

/**
 * True from the moment the store's save begins to change the data folder, once `armed()` held:
 * a file added there, or the database file's mtime moved (whatever way the store writes).
 */
function savingIn(dir: string, armed: () => boolean): () => boolean {
  let before: string | null = null;
  const look = () => readdirSync(dir).filter((name) => name.startsWith('gatehouse')).map((name) => `${name}@${statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 'gone'}`).sort().join('|');
  return () => {
    if (before === null) {
      if (armed()) before = look();
      return false;
    }
    return look() !== before;
  };
}

interface Imported {
  username: string;
  password_hash: string;
  must_change_password: number;
  password_imported: number;
}

async function importedRows(dir: string): Promise<Imported[]> {
  return queryFile<Imported>(dir, "SELECT username, password_hash, must_change_password, password_imported FROM users WHERE username LIKE 'imp%' ORDER BY id");
}

/** All of the file, each account whole: a temporary password (listed in the file) or the imported hash. */
function expectWhole(rows: Imported[], secrets: string): void {
  expect(rows.length).toBe(ROWS);
  const listed = new Set(
    readFileSync(secrets, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.split('\t')[0]),
  );
  rows.forEach((row, i) => {
    expect(row.username).toBe(`imp${i}`);
    if (i % 10 === 0) {
      expect({ name: row.username, hash: row.password_hash.slice(0, 4), must: row.must_change_password, listed: listed.has(row.username) }).toEqual({
        name: row.username, hash: '$2b$', must: 1, listed: true,
      });
    } else {
      expect({ name: row.username, hash: row.password_hash, imported: row.password_imported }).toEqual({ name: row.username, hash: HASH, imported: 1 });
    }
  });
  expect(listed.size).toBe(ROWS / 10);
}

describe('import killed midway', () => {
  it(`leaves none of the file or all of it through ${ROUNDS} kills, and a re-run never duplicates`, async () => {
    const random = mulberry32(reliabilitySeed('import killed midway', 14));
    const outcomes = { none: 0, all: 0, finished: 0, staleSecrets: 0, killedInSave: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const { dir, file } = await prepare();
      const secrets = join(dir, 'secrets.txt');
      // Three kinds of round: anywhere in the run (start-up included); 0–2.5 s after the
      // temporary-password file appeared (the transaction and the save follow it); or 0–20 ms
      // after the save first touched the data folder (a file added, or the database's mtime moved).
      const mode = (['anywhere', 'after the secrets file', 'in the save'] as const)[round % 3]!;
      const saveStarted = savingIn(dir, () => existsSync(secrets));
      const startWhen = mode === 'anywhere' ? () => true : mode === 'after the secrets file' ? () => existsSync(secrets) : saveStarted;
      const delay = Math.floor(random() * (mode === 'anywhere' ? 7_000 : mode === 'after the secrets file' ? 2_500 : 20));
      const started = Date.now();
      const run = await importAndKill(dir, file, secrets, startWhen, delay);
      const where = `round ${round} (${mode}, +${delay} ms, ${Date.now() - started} ms)`;
      if (run.killed && mode === 'in the save') outcomes.killedInSave++;
      if (!run.killed) {
        expect(run.code, `${where}: ${run.stderr}`).toBe(EXIT.ok);
        outcomes.finished++;
      }

      // The store opens (the kill left no lock or damage it cannot get past) and holds none or all.
      const rows = await importedRows(dir);
      expect([0, ROWS], where).toContain(rows.length);
      const audited = (await auditRows(dir, 'accounts_imported')).length;
      expect(audited, where).toBe(rows.length === ROWS ? 1 : 0);
      if (rows.length === ROWS) {
        outcomes.all++;
        expectWhole(rows, secrets);
        // The same import again: refused row by row as taken, nothing added.
        const again = await cli(['import', file, '--data-dir', dir, '--temporary-passwords', join(dir, 'secrets-2.txt')]);
        expect(again.code, where).toBe(EXIT.refused);
        expect(again.err).toContain('Nothing was imported');
        expect(existsSync(join(dir, 'secrets-2.txt'))).toBe(false);
      } else {
        outcomes.none++;
        let target = secrets;
        if (existsSync(secrets)) {
          // The kill came after the secrets file was written: it is never overwritten, and the
          // re-run says so and imports nothing, until the administrator names a new file.
          outcomes.staleSecrets++;
          const refused = await cli(['import', file, '--data-dir', dir, '--temporary-passwords', secrets]);
          expect(refused.code, where).toBe(EXIT.refused);
          expect(refused.err).toContain('already exists');
          expect(await importedRows(dir)).toEqual([]);
          target = join(dir, 'secrets-2.txt');
        }
        const again = await cli(['import', file, '--data-dir', dir, '--temporary-passwords', target]);
        expect(again.code, `${where}: ${again.err}`).toBe(EXIT.ok);
        expectWhole(await importedRows(dir), target);
      }
      expect((await queryFile<{ n: number }>(dir, 'SELECT count(*) AS n FROM users'))[0]!.n).toBe(ROWS + 1);
    }
    console.log(`import kill: ${ROUNDS} rounds: ${JSON.stringify(outcomes)}`);
  }, 600_000);
});
