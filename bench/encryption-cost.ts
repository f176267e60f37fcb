/**
 * What encryption at rest costs (issue 12, step 3): `node --import tsx bench/encryption-cost.ts`.
 * Not part of `npm test` or `npm run bench`; numbers depend on the machine.
 *
 * - snapshot: a store of 100,000 accounts (the real schema and migrations, bcrypt-length hashes,
 *   100,000 audit rows) exported by sql.js, then sealed and opened as a whole file (header +
 *   AES-256-GCM), median and p95 of 15 runs each;
 * - record: seal and open of a 300-byte journal-record-sized unit, median of 20,000;
 * - unlock: scrypt (N = 2^17, r = 8, p = 1) once, as passphrase mode does at every start.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { createAesGcmCodec } from '../src/main/core/store/aes-gcm-codec';
import { MIGRATIONS } from '../src/main/core/store/migrations';
import { sealFile, unsealFile, type Sealing } from '../src/main/core/store/sealed-file';
import { newScryptParams, passphraseKek } from '../src/main/core/encryption/key-wrap';

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms, max ${sorted[sorted.length - 1]!.toFixed(3)} ms`;
}

async function main(): Promise<void> {
  const SQL = await initSqlJs({ locateFile: () => createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm') });
  const db = new SQL.Database();
  for (const migration of MIGRATIONS) db.exec(migration);
  const ACCOUNTS = 100_000;
  db.exec('BEGIN');
  const insertUser = db.prepare(
    "INSERT INTO users (username, username_norm, email, email_norm, password_hash, role, created_at, updated_at, password_changed_at) VALUES (?, ?, ?, ?, ?, 'user', ?, ?, ?)",
  );
  const hash = `$2b$12$${randomBytes(40).toString('base64').slice(0, 53)}`;
  for (let i = 0; i < ACCOUNTS; i++) {
    const name = `user${i.toString().padStart(6, '0')}`;
    insertUser.run([name, name, `${name}@example.org`, `${name}@example.org`, hash, i, i, i]);
  }
  insertUser.free();
  const insertAudit = db.prepare("INSERT INTO audit_log (at, event, user_id, detail) VALUES (?, 'signin_success', ?, '{\"reason\":\"bench\"}')");
  for (let i = 0; i < ACCOUNTS; i++) insertAudit.run([i, (i % ACCOUNTS) + 1]);
  insertAudit.free();
  db.exec('COMMIT');
  const t0 = performance.now();
  const plain = db.export();
  const exportMs = performance.now() - t0;

  const key = randomBytes(32);
  const sealing: Sealing = { storeId: randomBytes(16).toString('hex'), write: { id: randomBytes(8).toString('hex'), codec: createAesGcmCodec(key) }, keys: [] };
  (sealing as { keys: Sealing['keys'] }).keys = [sealing.write!];

  const sealTimes: number[] = [];
  const openTimes: number[] = [];
  let sealed = sealFile(sealing, plain);
  for (let run = 0; run < 15; run++) {
    let start = performance.now();
    sealed = sealFile(sealing, plain);
    sealTimes.push(performance.now() - start);
    start = performance.now();
    const opened = unsealFile(sealing, sealed, 'bench');
    openTimes.push(performance.now() - start);
    if (!(opened instanceof Uint8Array) || opened.length !== plain.length) throw new Error('round trip failed');
  }

  const codec = sealing.write!.codec;
  const record = randomBytes(300);
  const recordSeal: number[] = [];
  const recordOpen: number[] = [];
  for (let seq = 0; seq < 20_000; seq++) {
    let start = performance.now();
    const unit = codec.sealRecord(sealing.storeId, seq, record);
    recordSeal.push(performance.now() - start);
    start = performance.now();
    codec.openRecord(sealing.storeId, seq, unit);
    recordOpen.push(performance.now() - start);
  }

  const start = performance.now();
  await passphraseKek('a passphrase for the bench', newScryptParams());
  const scryptMs = performance.now() - start;

  console.log(`snapshot: ${ACCOUNTS} accounts + ${ACCOUNTS} audit rows, ${(plain.length / 1_048_576).toFixed(1)} MiB plain, ${(sealed.length - plain.length)} bytes of overhead; export ${exportMs.toFixed(1)} ms`);
  console.log(`  seal (header + AES-256-GCM): ${stats(sealTimes)}`);
  console.log(`  open:                        ${stats(openTimes)}`);
  console.log(`record (300 bytes): seal ${stats(recordSeal)}; open ${stats(recordOpen)}`);
  console.log(`passphrase unlock (scrypt N=2^17, r=8, p=1): ${scryptMs.toFixed(0)} ms`);
  console.log(`load average: ${(await import('node:os')).loadavg().map((n) => n.toFixed(2)).join(' ')}`);
}

void main();
