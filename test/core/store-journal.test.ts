/**
 * The journal's own cases (issue 12): a torn tail is dropped quietly, a damaged record followed
 * by a valid one is set aside and reported (audit, every session ended), the old one-file format
 * is upgraded without loss, journalled SQL must replay the same, and checkpoints written by the
 * worker never block writes and lose nothing.
 */
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openGatehouse, type GatehouseHandle } from '../../src/main/core';
import { openStore, type Store } from '../../src/main/core/store/database';
import { JOURNAL_HEADER_BYTES, RECORD_FRAME_BYTES, scanJournal } from '../../src/main/core/store/journal-format';
import { decodeSnapshotFile, encodeSnapshotFile } from '../../src/main/core/store/snapshot-format';
import { STRONG_PASSWORD, TEST_COST, auditRows, dbPath, expectOk, queryFile, registration, tempDir } from '../support/core';

const dirs: string[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

async function openCore(dir: string): Promise<GatehouseHandle> {
  const core = await openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn: () => {} });
  closers.push(() => core.close());
  return core;
}

async function open(dir: string, options: Partial<Parameters<typeof openStore>[0]> = {}): Promise<Store> {
  const store = await openStore({ dir, now: Date.now(), ...options });
  closers.push(() => store.close());
  return store;
}

function journals(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^gatehouse\.db\.journal-\d{16}$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

const lastJournal = (dir: string) => journals(dir).at(-1)!;
const settingKeys = (store: Store) => store.all<{ key: string }>('SELECT key FROM settings ORDER BY key').map((row) => row.key);

/** A closed store whose journal holds one record per key, in order. */
async function storeWithRecords(keys: string[]): Promise<string> {
  const dir = scratch();
  const store = await openStore({ dir, now: Date.now() });
  for (const key of keys) {
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, `value of ${key}`]);
    await store.persist();
  }
  await store.close();
  return dir;
}

describe('a torn tail (an append the crash cut short) is dropped: it was never acknowledged', () => {
  const tails: [string, (record: Buffer) => Buffer][] = [
    ['half a record', (record) => record.subarray(0, Math.floor(record.length / 2))],
    ['a frame with no payload', (record) => record.subarray(0, RECORD_FRAME_BYTES)],
    ['a whole-length record of zeros (the file grew, the data never came)', (record) => Buffer.alloc(record.length)],
    ['a record whose last byte is wrong', (record) => Buffer.concat([record.subarray(0, -1), Buffer.from([record.at(-1)! ^ 0xff])])],
  ];

  it.each(tails)('%s', async (_label, tear) => {
    const dir = await storeWithRecords(['a', 'b', 'c']);
    const path = lastJournal(dir);
    const bytes = readFileSync(path);
    const scan = scanJournal(bytes)!;
    const last = scan.records.at(-1)!;
    const goodLength = bytes.length;
    appendFileSync(path, tear(bytes.subarray(last.offset)));
    expect(scanJournal(readFileSync(path))!.damage?.kind).toBe('torn');

    const store = await open(dir);
    expect(store.recovery).toBeNull();
    expect(settingKeys(store)).toEqual(['a', 'b', 'c']);
    expect(statSync(path).size).toBe(goodLength); // cut back, so the next append follows a whole record
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['d', 'after the tear']);
    await store.close();
    const reopened = await open(dir);
    expect(reopened.recovery).toBeNull();
    expect(settingKeys(reopened)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('a journal whose creation a crash cut short holds nothing: it is ignored, not damage', () => {
  // Found by the 1,000-round soak: a kill between creating the next journal and syncing its header.
  it.each([
    ['empty', 0],
    ['half a header', JOURNAL_HEADER_BYTES / 2],
    ['a header of zeros', JOURNAL_HEADER_BYTES],
  ])('%s', async (_label, length) => {
    const dir = await storeWithRecords(['a', 'b', 'c']);
    const last = scanJournal(readFileSync(lastJournal(dir)))!.records.at(-1)!.seq;
    const torn = join(dir, `gatehouse.db.journal-${String(last).padStart(16, '0')}`);
    writeFileSync(torn, Buffer.alloc(length));
    const store = await open(dir);
    expect(store.recovery).toBeNull();
    expect(settingKeys(store)).toEqual(['a', 'b', 'c']);
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['d', 'after']);
    await store.close();
    const reopened = await open(dir);
    expect(reopened.recovery).toBeNull();
    expect(settingKeys(reopened)).toEqual(['a', 'b', 'c', 'd']);
    expect(readdirSync(dir).filter((name) => name.includes('unreadable'))).toEqual([]);
  });

  it('a header that is damaged in a journal that holds records is still damage, set aside', async () => {
    const dir = await storeWithRecords(['a', 'b', 'c']);
    const path = lastJournal(dir);
    const bytes = readFileSync(path);
    bytes[10]! ^= 0xff; // inside the store id: the header's CRC fails, the records after it stay
    writeFileSync(path, bytes);
    const store = await open(dir);
    expect(store.recovery?.kind).toBe('journal-set-aside');
  });
});

describe('a damaged record followed by a valid one: replay stops, the rest is set aside and reported', () => {
  it('keeps the records before it, moves the journal aside, audits, tells which records, ends every session', async () => {
    const dir = scratch();
    let core = await openCore(dir);
    const alice = { windowId: 1, fromAppPage: true };
    expectOk(await core.invoke('auth:register', registration('alice'), alice)); // signed in: a session row
    await core.close();
    // Three more records after the session: the middle one is damaged below.
    const store = await openStore({ dir, now: Date.now() });
    for (const key of ['k1', 'k2', 'k3']) {
      store.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, 'x']);
      await store.persist();
    }
    await store.close();
    expect(await queryFile(dir, 'SELECT * FROM sessions')).toHaveLength(1);

    const path = lastJournal(dir);
    const bytes = Buffer.from(readFileSync(path));
    const scan = scanJournal(bytes)!;
    const damaged = scan.records.at(-2)!; // k2
    const at = damaged.offset + RECORD_FRAME_BYTES + 3;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0x5a, at); // a few flipped bits inside the payload
    writeFileSync(path, bytes);
    expect(scanJournal(bytes)!.damage).toMatchObject({ kind: 'corrupt', seq: damaged.seq });

    core = await openCore(dir);
    expect(core.recovery).toMatchObject({ kind: 'journal-set-aside', setAside: { fromSeq: damaged.seq } });
    const aside = core.recovery!.setAside!.files;
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatch(/gatehouse\.db\.journal-\d{16}\.unreadable-[0-9TZ-]+$/);
    expect(readFileSync(aside[0]!).equals(bytes)).toBe(true); // kept exactly as found
    expect(existsSync(path)).toBe(false);
    expect(core.recovery!.message).toContain(`Records from ${damaged.seq} on were set aside`);

    // Before the damage: kept. From it on: not replayed.
    const keys = (await queryFile<{ key: string }>(dir, "SELECT key FROM settings WHERE key LIKE 'k%' ORDER BY key")).map((r) => r.key);
    expect(keys).toEqual(['k1']);
    // Every session was ended, and the recovery is in the audit log with the records set aside.
    expect(await queryFile(dir, 'SELECT * FROM sessions')).toEqual([]);
    const [recovered] = await auditRows(dir, 'store_recovered');
    expect(JSON.parse(recovered!.detail!)).toMatchObject({ kind: 'journal-set-aside', setAside: { fromSeq: damaged.seq, files: aside } });
    expectOk(await core.invoke('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, alice));
    await core.close();
    // The next open is clean: the recovery wrote a snapshot and a fresh journal.
    core = await openCore(dir);
    expect(core.recovery).toBeNull();
  });

  it('a record sealed for another position (moved or replayed) is damage too, not a quiet skip', async () => {
    const dir = await storeWithRecords(['a', 'b', 'c']);
    const path = lastJournal(dir);
    const bytes = Buffer.from(readFileSync(path));
    const [first, second] = scanJournal(bytes)!.records.slice(-3);
    // Swap the whole of record a into b's place (its checksum still matches its own frame).
    const recordA = bytes.subarray(first!.offset, second!.offset);
    const swapped = Buffer.concat([bytes.subarray(0, second!.offset), recordA, bytes.subarray(second!.offset + recordA.length)]);
    writeFileSync(path, swapped);
    const store = await open(dir);
    expect(store.recovery?.kind).toBe('journal-set-aside');
    expect(settingKeys(store)).toEqual(['a']);
  });
});

describe('the store written before the journal (one whole SQLite file) is upgraded on open', () => {
  it('every row is kept, the snapshot gets its header, the old file becomes the backup', async () => {
    const source = scratch();
    const core = await openCore(source);
    expectOk(await core.invoke('auth:register', registration('alice'), { windowId: 1, fromAppPage: true }));
    await core.close();
    const before = await queryFile(source, 'SELECT username, email, password_hash, role FROM users');
    const { storeOnDisk } = await import('../support/core');
    const { db } = await storeOnDisk(source);
    const oldFormat = db.export();
    db.close();

    const dir = scratch();
    writeFileSync(dbPath(dir), oldFormat); // exactly what Gatehouse wrote before issue 12
    const upgraded = await openCore(dir);
    expect(upgraded.recovery).toBeNull();
    expectOk(await upgraded.invoke('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, { windowId: 1, fromAppPage: true }));
    await upgraded.close();
    expect(decodeSnapshotFile(readFileSync(dbPath(dir))).kind).toBe('snapshot');
    expect(readFileSync(join(dir, 'gatehouse.db.backup')).equals(Buffer.from(oldFormat))).toBe(true);
    expect(await queryFile(dir, 'SELECT username, email, password_hash, role FROM users')).toEqual(before);
  });
});

describe('replay is deterministic', () => {
  it.each([
    ["datetime('now')", "INSERT INTO settings (key, value) VALUES ('t', datetime('now'))"],
    ['CURRENT_TIMESTAMP', "INSERT INTO settings (key, value) VALUES ('t', CURRENT_TIMESTAMP)"],
    ['random()', "INSERT INTO settings (key, value) VALUES ('r', random())"],
    ['randomblob()', "UPDATE settings SET value = hex(randomblob(4))"],
    ["strftime('%s','now')", "DELETE FROM sessions WHERE expires_at < strftime('%s', 'now')"],
  ])('a journalled statement calling %s is refused before it runs', async (_label, sql) => {
    const store = await open(scratch());
    expect(() => store.run(sql)).toThrow(/pass the value in as a parameter/);
    expect(settingKeys(store)).toEqual([]);
  });

  it('what was written is what replays: reopening gives the same rows, ids included', async () => {
    const dir = scratch();
    const store = await openStore({ dir, now: Date.now() });
    store.transaction(() => {
      for (let i = 0; i < 20; i++) store.run('INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)', [i, 'e', `d${i}`]);
      store.run('DELETE FROM audit_log WHERE at % 3 = 0');
    });
    store.run('INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)', [99, 'e', 'last']);
    const before = store.all('SELECT * FROM audit_log ORDER BY id');
    await store.close();
    const reopened = await open(dir);
    expect(reopened.all('SELECT * FROM audit_log ORDER BY id')).toEqual(before);
  });
});

describe('foreign keys in the replay', () => {
  /** An account with a session, then the account deleted: ON DELETE CASCADE takes the session. */
  function deleteAccountWithSession(store: Store): void {
    const at = Date.now();
    const lastId = store.insert(
      `INSERT INTO users (username, username_norm, email, email_norm, password_hash, role, created_at, updated_at, password_changed_at)
       VALUES (?, ?, ?, ?, ?, 'user', ?, ?, ?)`,
      ['gone', 'gone', 'gone@example.org', 'gone@example.org', 'x', at, at, at],
    );
    store.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', ['f'.repeat(64), lastId, at, at + 60_000]);
    store.run('DELETE FROM users WHERE id = ?', [lastId]);
    expect(store.get<{ n: number }>('SELECT count(*) AS n FROM sessions')!.n).toBe(0);
  }

  it('a delete replays its cascades: after a restart the deleted account’s session is gone too', async () => {
    const dir = scratch();
    const store = await open(dir);
    deleteAccountWithSession(store);
    await store.close();
    const reopened = await open(dir);
    expect(reopened.get<{ n: number }>('SELECT count(*) AS n FROM sessions')!.n).toBe(0);
  });

  it('and so does the checkpoint the worker writes from the journal', async () => {
    const dir = scratch();
    const store = await open(dir);
    deleteAccountWithSession(store);
    await store.checkpoint();
    await store.close();
    for (const journal of journals(dir)) rmSync(journal);
    const reopened = await open(dir);
    expect(reopened.get<{ n: number }>('SELECT count(*) AS n FROM sessions')!.n).toBe(0);
  }, 30_000);
});

describe('checkpoints are written by a worker thread', () => {
  /** Each thread of this process and its nice value (Linux: /proc/self/task/<tid>/stat, field 19,
   *  counted after the thread's name, which may hold spaces). A thread that ends meanwhile is left out. */
  const threadNiceValues = () => {
    const nice = new Map<string, number>();
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        nice.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
      } catch {
        // gone between the listing and the read
      }
    }
    return nice;
  };

  it.runIf(process.platform === 'linux')('that gives way to sign-ins: it runs at the lowest priority, the rest of the process does not', async () => {
    const before = threadNiceValues();
    const mainThread = String(process.pid);
    const store = await open(scratch());
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['a', '1']);
    await store.checkpoint(); // the worker has started and taken its first job
    const during = threadNiceValues();
    // A thread that was not there before (an earlier test's worker may still be winding down).
    const newAtLowest = [...during].filter(([tid, nice]) => !before.has(tid) && nice === 19);
    expect(newAtLowest).toHaveLength(1);
    expect(during.get(mainThread)).toBe(before.get(mainThread));
    expect(during.get(mainThread)).not.toBe(19);
  });

  it('a checkpoint never writes a snapshot that fails SQLite\'s quick_check: it warns and the journal keeps every change', async () => {
    const dir = scratch();
    const first = await open(dir);
    for (let i = 0; i < 300; i++) first.run('INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)', [i, 'filler', 'x'.repeat(200)]);
    await first.checkpoint();
    await first.close();
    // Damage inside the database whose snapshot checksums are then made valid again: a snapshot
    // no checkpoint would have written (open trusts the checksum and does not check the pages).
    const decoded = decodeSnapshotFile(readFileSync(dbPath(dir)));
    if (decoded.kind !== 'snapshot') throw new Error('not a snapshot');
    const damaged = Buffer.from(decoded.sealed);
    damaged.fill(0x5a, 4096 * 3, 4096 * 3 + 600);
    writeFileSync(dbPath(dir), encodeSnapshotFile(decoded, damaged));
    const snapshotBefore = readFileSync(dbPath(dir));

    const warnings: string[] = [];
    const store = await open(dir, { warn: (message) => warnings.push(message) });
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['after', 'the damage']);
    await store.checkpoint();
    expect(warnings.join('\n')).toContain('quick_check');
    expect(readFileSync(dbPath(dir)).equals(snapshotBefore)).toBe(true);
    expect(journals(dir).length).toBeGreaterThan(0);
  }, 30_000);


  it('a checkpoint right after reopening folds in the records the journal still holds', async () => {
    const dir = scratch();
    const first = await open(dir);
    first.run('INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)', [1, 'kept', 'in the journal']);
    await first.close();
    const reopened = await open(dir);
    await reopened.checkpoint();
    await reopened.close();
    for (const journal of journals(dir)) rmSync(journal);
    const fromSnapshot = await open(dir);
    expect(fromSnapshot.get<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE event = ?', ['kept'])!.n).toBe(1);
  }, 30_000);


  it('while it runs, writes and reads go on; afterwards the snapshot holds everything and the journal starts again', async () => {
    const dir = scratch();
    const store = await open(dir, { checkpointBytes: 4096 });
    const snapshotSeq = () => {
      const decoded = decodeSnapshotFile(readFileSync(dbPath(dir)));
      return decoded.kind === 'snapshot' ? decoded.seq : -1;
    };
    const first = snapshotSeq();
    for (let i = 0; i < 40; i++) {
      store.run('INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)', [i, 'filler', 'x'.repeat(200)]);
      await store.persist(); // passes 4 KiB: a checkpoint starts in the worker
    }
    // Writes keep being acknowledged while the worker works; then wait for it.
    await store.checkpoint();
    expect(snapshotSeq()).toBeGreaterThan(first);
    const count = store.get<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE event = ?', ['filler'])!.n;
    expect(count).toBe(40);
    expect(statSync(lastJournal(dir)).size).toBe(JOURNAL_HEADER_BYTES); // nothing after the checkpoint yet
    await store.close();
    // The snapshot alone (no journal replay) has all 40 rows: the worker wrote them.
    for (const journal of journals(dir)) rmSync(journal);
    const reopened = await open(dir);
    expect(reopened.get<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE event = ?', ['filler'])!.n).toBe(40);
  }, 30_000);
});

describe('what becomes a record', () => {
  const records = (dir: string) => scanJournal(readFileSync(lastJournal(dir)))!.records.length;

  it('a write that changed no row makes none; one that did, or a statement that is not a row change, makes one', async () => {
    const dir = scratch();
    const store = await open(dir);
    const start = records(dir);
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['a', '1']);
    store.run('UPDATE settings SET value = ? WHERE key = ?', ['2', 'missing']); // no row: no record
    store.run('DELETE FROM settings WHERE key = ?', ['missing']);
    store.transaction(() => store.run('UPDATE settings SET value = ? WHERE key = ?', ['3', 'missing']));
    store.run('CREATE TABLE extra (x)'); // no rows changed, yet the database did
    await store.persist();
    expect(records(dir) - start).toBe(2);
    await store.close();
    const reopened = await open(dir);
    expect(reopened.all("SELECT name FROM sqlite_master WHERE name = 'extra'")).toEqual([{ name: 'extra' }]);
    expect(settingKeys(reopened)).toEqual(['a']);
  });

  it('a registration and a sign-in are one record each: all of their changes or none', async () => {
    const dir = scratch();
    const core = await openCore(dir);
    const caller = (windowId: number) => ({ windowId, fromAppPage: true });
    const before = records(dir);
    expectOk(await core.invoke('auth:register', registration('first'), caller(1)));
    expect(records(dir) - before).toBe(1);
    const signIn = () => core.invoke('auth:login', { identifier: 'first', password: STRONG_PASSWORD }, caller(2));
    expectOk(await signIn());
    expect(records(dir) - before).toBe(2);
    expectOk(await signIn()); // replacing the window's session: still one
    expect(records(dir) - before).toBe(3);
  });

  it('a transaction inside a transaction joins it: one record, and a throw rolls back both', async () => {
    const dir = scratch();
    const store = await open(dir);
    const start = records(dir);
    store.transaction(() => {
      store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['outer', '1']);
      store.transaction(() => store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['inner', '1']));
    });
    expect(() =>
      store.transaction(() => {
        store.transaction(() => store.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['lost', '1']));
        throw new Error('after the inner one');
      }),
    ).toThrow('after the inner one');
    await store.persist();
    expect(records(dir) - start).toBe(1);
    expect(settingKeys(store)).toEqual(['inner', 'outer']);
  });

  it('insert reports the id it made; run, the rows it changed', async () => {
    const store = await open(scratch());
    const first = store.insert('INSERT INTO audit_log (at, event) VALUES (?, ?)', [1, 'e']);
    const second = store.insert('INSERT INTO audit_log (at, event) VALUES (?, ?)', [2, 'e']);
    expect(second).toBe(first + 1);
    expect(store.run('UPDATE audit_log SET at = ? WHERE id >= ?', [3, first])).toEqual({ changes: 2 });
  });

  it('SQLite’s own rollback journal stays in memory, also after a backup copy of the database', async () => {
    const store = await open(scratch());
    expect(store.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'memory' });
    store.exportDatabase();
    expect(store.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'memory' });
    expect(store.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
  });
});
