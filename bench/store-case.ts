/**
 * One store measurement, in a fresh process so memory figures are its own:
 *
 *   node --import tsx bench/store-case.ts <engine> <dataDir> <accounts> <cost> <ops> [prepare]
 *
 * "prepare" (Gatehouse engines, a process of its own so the measured one starts clean): the
 * first open, which upgrades the seed and fills its username skeletons, encryption turned on
 * for "gatehouse-encrypted", and a checkpoint, so the measured open is an ordinary one.
 * "cold": the operations measured right after start (one warm-up operation of each kind, not
 * WARM_UP_OPERATIONS), and no checkpoint figures.
 * "open-full-journal" (Gatehouse engines, after a measured run left a full journal): that open
 * alone, in a process of its own, as the app's first open at start is.
 *
 * engine "gatehouse": the real core (sql.js, a journal append per change, checkpoints in a worker) through `invoke`.
 * engine "gatehouse-encrypted": the same with encryption at rest on (AES-256-GCM per record and
 * per snapshot; the data key wrapped by a test key file standing in for the OS keyring).
 * engine "better-sqlite3": the peer, native SQLite in WAL mode with synchronous=FULL (a commit
 * is durable when it returns), the same schema, doing the same statements per operation, with
 * bcrypt through the same worker pool at the same cost.
 *
 * The data folder already holds gatehouse.db seeded with <accounts> users (see bench/lib.ts).
 * Prints one line: RESULT {json}.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { DEFAULT_CHECKPOINT_BYTES, openStore } from '../src/main/core/store/database';
import { storePaths } from '../src/main/core/store/files';
import { listJournals } from '../src/main/core/store/load-state';
import { loadSqlJs } from '../src/main/core/store/sqlite-file';
import { MIGRATIONS } from '../src/main/core/store/migrations';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileKeyStorage, openGatehouse } from '../src/main/core';
import { sealingOf, unlockEncryption } from '../src/main/core/encryption/encryption';
import { createWorkerHasher } from '../src/main/core/hasher';
import { BENCH_PASSWORD, loadPeerSqlite, percentile, seededUsername, stallProbe, timeMs } from './lib';

const [engine, dataDir, accountsArg, costArg, opsArg, mode] = process.argv.slice(2);
const accounts = Number(accountsArg);
const cost = Number(costArg);
const ops = Number(opsArg);
const dbPath = join(dataDir!, 'gatehouse.db');
// Only the peer run needs better-sqlite3 (optional; bench/run.ts does not ask for it when absent).
const ours = engine === 'gatehouse' || engine === 'gatehouse-encrypted';
const Database = ours ? null : loadPeerSqlite();
if (!ours && !Database) throw new Error('better-sqlite3 is not installed');
/** Outside the data folder, as the OS keyring is. */
const encryptionFor = (dir: string) => (engine === 'gatehouse-encrypted' ? { keyStorage: fileKeyStorage(`${dir}.bench-kek`) } : {});
const encryption = encryptionFor(dataDir!);
const keyStorage = encryption.keyStorage;

/** Encryption at rest turned on (the "gatehouse-encrypted" engine), as an administrator would. */
async function turnEncryptionOn(dir: string): Promise<void> {
  const core = await openGatehouse({ dataDir: dir, bcryptCost: cost, warn: () => {}, encryption: encryptionFor(dir) });
  const on = await core.provisioning.changeEncryption({ action: 'enable', mode: 'os-keyring' });
  await core.close();
  if (!on.ok) throw new Error(`encryption: ${on.error.message}`);
}

/** The sealing the core would open the store with (for the checkpoint figures, which use the store alone). */
async function storeSealing() {
  return sealingOf(await unlockEncryption(dataDir!, encryption, () => {}));
}

interface Operations {
  /** Registers `name` (a new account, signed in at once, as the core does). */
  register(name: string, i: number): Promise<void>;
  signIn(username: string): Promise<void>;
  close(): Promise<void>;
  fileBytes(): number;
}

function memory() {
  // Spawned with --expose-gc: collect first, so the figure is what is held, not what is litter.
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
}

/** Picks seeded accounts spread over the table, the same ones for both engines. */
const signInTarget = (i: number) => seededUsername(Math.floor(((i * 7919) % ops) * (accounts / ops)));

/** Operations of each kind run on a scratch store before anything is measured ("cold": one). */
const WARM_UP_OPERATIONS = mode === 'cold' ? 1 : 100;

/**
 * Engine start-up that is not the database's, so neither open time nor memory includes it: sql.js
 * compiling its WebAssembly, the common-password list, zod and the policy, better-sqlite3's
 * native addon. Then both engines run WARM_UP_OPERATIONS registrations and sign-ins on a small
 * scratch store, so what is measured is the steady state: V8 optimises hot JavaScript, and
 * tiers up hot WebAssembly, on background threads for a few hundred operations, and that work
 * competes for this machine's two cores (it showed as 1-2 ms stalls in the first operations).
 * The scratch store is small on purpose: sql.js's memory never shrinks, so warming up on a copy of
 * the measured store would hide its growth from the memory figure.
 */
async function warmUp(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-bench-warm-'));
  try {
    if (keyStorage) await turnEncryptionOn(scratch);
    const engine = ours ? await openGatehouseEngine(scratch) : await openPeerEngine(join(scratch, 'warm.db'), true);
    for (let i = 0; i < WARM_UP_OPERATIONS; i++) await engine.ops.register(`warm-up-${i}`, i);
    for (let i = 0; i < WARM_UP_OPERATIONS; i++) await engine.ops.signIn(`warm-up-${i}`);
    await engine.ops.close();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(`${scratch}.bench-kek`, { force: true });
  }
}

/** The seed is the one-file format from before the journal, without username skeletons. */
async function prepare(): Promise<void> {
  // The first open upgrades the seed and fills its username skeletons.
  if (keyStorage) await turnEncryptionOn(dataDir!);
  else await (await openGatehouse({ dataDir: dataDir!, bcryptCost: cost, warn: () => {} })).close();
  // The skeleton fill is one large journal record: fold it into the snapshot, as the next
  // checkpoint would, so the measured open starts from a snapshot and a short journal.
  const settled = await openStore({ dir: dataDir!, now: Date.now(), sealing: await storeSealing() });
  await settled.checkpoint();
  await settled.close();
}

async function openGatehouseEngine(dir: string): Promise<{ openMs: number; ops: Operations }> {
  let core!: Awaited<ReturnType<typeof openGatehouse>>;
  const openMs = await timeMs(async () => {
    core = await openGatehouse({ dataDir: dir, bcryptCost: cost, warn: () => {}, encryption: encryptionFor(dir) });
  });
  const caller = (windowId: number) => ({ windowId, fromAppPage: true });
  // The first unknown-user sign-in waits for the dummy hash made at open; get that out of the way.
  await core.invoke('auth:login', { identifier: 'warm-up', password: 'warm up password' }, caller(9));
  return {
    openMs,
    ops: {
      async register(username, i) {
        const result = await core.invoke(
          'auth:register',
          { username, email: `${username}@bench.example`, password: BENCH_PASSWORD, confirmPassword: BENCH_PASSWORD },
          // Each from its own window: registrations per window are throttled (issue 10 §3).
          caller(1_000 + i),
        );
        if (!result.ok) throw new Error(`register: ${result.error.code} ${result.error.message}`);
      },
      async signIn(username) {
        const result = await core.invoke('auth:login', { identifier: username, password: BENCH_PASSWORD }, caller(2));
        if (!result.ok) throw new Error(`sign-in: ${result.error.code} ${result.error.message}`);
      },
      close: () => core.close(),
      // The snapshot plus its journals (the backup is a second copy, like a backup of the peer).
      fileBytes: () => statSync(join(dir, 'gatehouse.db')).size + listJournals(storePaths(dir)).reduce((sum, j) => sum + statSync(j.path).size, 0),
    },
  };
}

/**
 * Gatehouse only: a checkpoint at this size while writes go on (its duration, the main thread's
 * stalls meanwhile, the writes acknowledged during it), then a full journal left behind (one at
 * the checkpoint threshold, filled with registration-shaped transactions) for
 * openWithFullJournal, in a process of its own.
 */
async function checkpointAndFillJournal() {
  const sealing = await storeSealing();
  const store = await openStore({ dir: dataDir!, now: Date.now(), checkpointBytes: 2 ** 40, sealing });
  const hash = store.get<{ password_hash: string }>('SELECT password_hash FROM users LIMIT 1')!.password_hash;
  let n = 0;
  const registrationShaped = () => {
    const at = Date.now();
    const name = `journal-${n++}`;
    store.transaction(() => {
      const lastId = store.insert(
        `INSERT INTO users (username, username_norm, email, email_norm, password_hash, role, created_at, updated_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?, 'user', ?, ?, ?)`,
        [name, name, `${name}@bench.example`, `${name}@bench.example`, hash, at, at, at],
      );
      store.run('INSERT INTO audit_log (at, event, user_id, identifier, detail) VALUES (?, ?, ?, ?, ?)', [at, 'register', lastId, name, '{"role":"user"}']);
      store.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [randomBytes(32).toString('hex'), lastId, at, at + 3_600_000]);
      store.run('INSERT INTO audit_log (at, event, user_id, identifier, detail) VALUES (?, ?, ?, ?, ?)', [at, 'signin_success', lastId, name, '{"via":"register"}']);
    });
  };
  for (let i = 0; i < 20; i++) {
    registrationShaped();
    await store.persist();
  }
  const probe = stallProbe();
  let done = false;
  let writesDuringCheckpoint = 0;
  const start = performance.now();
  const checkpoint = store.checkpoint().then(() => {
    done = true;
  });
  while (!done) {
    registrationShaped();
    await store.persist();
    writesDuringCheckpoint++;
  }
  await checkpoint;
  const checkpointMs = performance.now() - start;
  const stall = probe.stop();
  // The writes acknowledged during that checkpoint are in the journal after it, often more than
  // the threshold: fold them in, so that the journal measured is one at the threshold, as the
  // core leaves it (it checkpoints as soon as an append passes the threshold).
  await store.checkpoint();
  // The journal open replays: the newest (older ones are kept only for the backup snapshot).
  const journalBytes = () => statSync(listJournals(storePaths(dataDir!)).at(-1)!.path).size;
  while (journalBytes() < DEFAULT_CHECKPOINT_BYTES) {
    registrationShaped();
    await store.persist();
  }
  const fullJournalBytes = journalBytes();
  await store.close();
  return { checkpointMs, checkpointStallP99: stall.p99, checkpointStallMax: stall.max, writesDuringCheckpoint, fullJournalBytes };
}

/**
 * Open with the full journal the measured run left: in a fresh process, as the app opens its store
 * once at start (V8 and sql.js's WebAssembly not yet warmed by any operation). Engine start-up
 * (compiling sql.js, unwrapping the key) is left out, as for the other open figures.
 */
async function openWithFullJournal() {
  const sealing = await storeSealing();
  await loadSqlJs();
  const openStart = performance.now();
  const reopened = await openStore({ dir: dataDir!, now: Date.now(), sealing });
  const openFullJournalMs = performance.now() - openStart;
  await reopened.close();
  return { openFullJournalMs };
}

async function openPeerEngine(path: string, create = false): Promise<{ openMs: number; ops: Operations }> {
  const hasher = createWorkerHasher();
  let db!: BetterSqlite3.Database;
  if (create) {
    const fresh = new Database!(path);
    for (const migration of MIGRATIONS) fresh.exec(migration);
    fresh.close();
  }
  const openMs = await timeMs(() => {
    db = new Database!(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The core checks the file on open (quick_check); the peer does the same work.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
  });
  const now = () => Date.now();
  const tokenHash = () => createHash('sha256').update(randomBytes(32)).digest('hex');
  const statements = {
    count: db.prepare('SELECT count(*) AS n FROM users'),
    usernameTaken: db.prepare('SELECT 1 FROM users WHERE username_norm = ? AND id != ?'),
    emailTaken: db.prepare('SELECT 1 FROM users WHERE email_norm = ? AND id != ?'),
    insertUser: db.prepare(
      `INSERT INTO users (username, username_norm, email, email_norm, password_hash, role, created_at, updated_at, last_login_at, password_changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    byId: db.prepare('SELECT * FROM users WHERE id = ?'),
    byUsername: db.prepare('SELECT * FROM users WHERE username_norm = ?'),
    audit: db.prepare('INSERT INTO audit_log (at, event, user_id, actor_id, identifier, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, remember) VALUES (?, ?, ?, ?, 0)'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    clearFailures: db.prepare(
      'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ? AND (failed_attempts != 0 OR locked_until IS NOT NULL)',
    ),
    lastLogin: db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?'),
  };
  const windowSession = new Map<number, string>();
  const startSession = (windowId: number, userId: number, at: number) => {
    const previous = windowSession.get(windowId);
    if (previous) statements.deleteSession.run(previous);
    const token = tokenHash();
    statements.insertSession.run(token, userId, at, at + 12 * 3_600_000);
    windowSession.set(windowId, token);
  };
  return {
    openMs,
    ops: {
      async register(username) {
        const email = `${username}@bench.example`;
        statements.count.get();
        if (statements.usernameTaken.get(username, -1) || statements.emailTaken.get(email, -1)) throw new Error('taken');
        const hash = await hasher.hash(BENCH_PASSWORD, cost);
        const at = now();
        db.transaction(() => {
          statements.count.get();
          const { lastInsertRowid } = statements.insertUser.run(username, username, email, email, hash, 'user', at, at, at, at);
          statements.audit.run(at, 'register', lastInsertRowid, null, username, '{"role":"user"}');
          statements.byId.get(lastInsertRowid);
          startSession(1, Number(lastInsertRowid), at);
          statements.audit.run(at, 'signin_success', lastInsertRowid, null, username, '{"via":"register"}');
        })();
      },
      async signIn(username) {
        const user = statements.byUsername.get(username) as { id: number; password_hash: string } | undefined;
        if (!user || !(await hasher.compare(BENCH_PASSWORD, user.password_hash))) throw new Error('sign-in failed');
        const at = now();
        db.transaction(() => {
          statements.clearFailures.run(user.id);
          statements.lastLogin.run(at, user.id);
          startSession(2, user.id, at);
          statements.audit.run(at, 'signin_success', user.id, null, username, '{"remember":false}');
          statements.byId.get(user.id);
        })();
      },
      async close() {
        db.close();
        await hasher.close();
      },
      // Checkpointed first, so the figure is the database's size, as for the core's single file.
      fileBytes: () => {
        db.pragma('wal_checkpoint(TRUNCATE)');
        return statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
      },
    },
  };
}

async function main() {
  if (mode === 'prepare') {
    await prepare();
    console.log('RESULT {}');
    return;
  }
  if (mode === 'open-full-journal') {
    console.log(`RESULT ${JSON.stringify(await openWithFullJournal())}`);
    return;
  }
  await warmUp();
  const before = memory();
  const { openMs, ops: store } = ours ? await openGatehouseEngine(dataDir!) : await openPeerEngine(dbPath);
  const afterOpen = memory();
  const fileAfterOpen = store.fileBytes();

  const probe = stallProbe();
  const register: number[] = [];
  const signIn: number[] = [];
  for (let i = 0; i < ops; i++) register.push(await timeMs(() => store.register(`bench-new-${i}`, i)));
  for (let i = 0; i < ops; i++) signIn.push(await timeMs(() => store.signIn(signInTarget(i))));
  const stall = probe.stop();
  const maxStallMs = stall.max;
  const afterOps = memory();
  const fileAfterOps = store.fileBytes();
  await store.close();
  const journal = ours && mode !== 'cold' ? await checkpointAndFillJournal() : null;

  const result = {
    engine,
    accounts,
    cost,
    ops,
    openMs,
    fileAfterOpen,
    fileAfterOps,
    registerP50: percentile(register, 50),
    registerP95: percentile(register, 95),
    signInP50: percentile(signIn, 50),
    signInP95: percentile(signIn, 95),
    registerMs: register,
    signInMs: signIn,
    maxStallMs,
    p99StallMs: stall.p99,
    ...journal,
    rssOpen: afterOpen.rss - before.rss,
    rssTotal: afterOps.rss - before.rss,
    heapTotal: afterOps.heap - before.heap,
    externalTotal: afterOps.external - before.external,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

await main();
