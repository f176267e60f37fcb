/**
 * Encryption at rest meets the journal (issue 12): records are sealed one by one and bound to
 * their store and position, turning encryption on, off or rotating starts a new journal and
 * rewrites the snapshots while writes go on, a store sealed by the Gatehouse before the journal
 * is upgraded, and backups are sealed with the store's key and open elsewhere with the recovery
 * key alone (issue 14). Real files, real AES-GCM, the real checkpoint worker.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreStore } from '../../src/main/core';
import { createAesGcmCodec } from '../../src/main/core/store/aes-gcm-codec';
import { storePaths } from '../../src/main/core/store/files';
import { encodeRecord, scanJournal } from '../../src/main/core/store/journal-format';
import { listJournals, loadState } from '../../src/main/core/store/load-state';
import { sealFile, type Sealing } from '../../src/main/core/store/sealed-file';
import { loadSqlJs } from '../../src/main/core/store/sqlite-file';
import { expectOk } from '../support/core';
import {
  cleanUpEncryptionTests,
  closeAll,
  encryptedStore,
  filesOf,
  open,
  refusal,
  scratch,
  sealedWith,
  usernames,
  withAccounts,
} from '../support/encryption';

afterEach(cleanUpEncryptionTests);

const SECRETS = ['zebulon-admin', 'quintessa', 'yolanda', 'example.org', '$2a$04$', '$2b$04$', 'SQLite format 3'];

function holdsNoSecret(bytes: Buffer, what: string): void {
  for (const secret of SECRETS) expect(bytes.includes(Buffer.from(secret)), `${what} holds ${secret}`).toBe(false);
}

/** The journal holding the most records, as scanned. */
function fullestJournal(dir: string) {
  const scans = listJournals(storePaths(dir)).map((journal) => ({ path: journal.path, scan: scanJournal(readFileSync(journal.path))! }));
  return scans.sort((a, b) => b.scan.records.length - a.scan.records.length)[0]!;
}

describe('an encrypted journal', () => {
  it('seals every record: a journal holds no username, email or hash in clear', async () => {
    const { dir, core, change } = await encryptedStore();
    await withAccounts(core, 'yolanda');
    await closeAll();
    const { path, scan } = fullestJournal(dir);
    expect(scan.keyId).toBe(change.status.keyId);
    expect(scan.records.length).toBeGreaterThan(0);
    holdsNoSecret(readFileSync(path), path);
  });

  it('a record moved to another position (checksums made valid) is refused by its seal: replay stops there, the rest is set aside', async () => {
    const { dir, keyStorage, core } = await encryptedStore();
    await withAccounts(core, 'yolanda', 'xavier');
    await closeAll();
    const { path, scan } = fullestJournal(dir);
    expect(scan.records.length).toBeGreaterThanOrEqual(2);
    const [first, second] = scan.records;
    // The second record's sealed payload framed as the first: length, sequence and CRC all valid.
    const bytes = readFileSync(path);
    const forged = encodeRecord(first!.seq, second!.sealed);
    const rebuilt = Buffer.concat([bytes.subarray(0, first!.offset), forged, bytes.subarray(second!.offset)]);
    writeFileSync(path, rebuilt);
    const again = await open(dir, { encryption: { keyStorage } });
    expect(again.recovery?.kind).toBe('journal-set-aside');
    expect(again.recovery?.message).toContain(`record ${first!.seq} could not be replayed`);
    expect(again.recovery?.setAside?.fromSeq).toBe(first!.seq);
  });

  it('rotating the key while accounts are being created loses none: a new journal, every file sealed with the new key, the old journals gone', async () => {
    const { dir, keyStorage, core, change } = await encryptedStore();
    const names = ['r-one', 'r-two', 'r-three', 'r-four'];
    const [rotated] = await Promise.all([
      core.provisioning.changeEncryption({ action: 'rotate' }),
      ...names.map((name) => withAccounts(core, name)),
    ]);
    const newKey = expectOk(rotated).status.keyId;
    expect(newKey).not.toBe(change.status.keyId);
    await withAccounts(core, 'after-rotation');
    await closeAll();
    const files = sealedWith(dir);
    expect(Object.values(files).every((keyId) => keyId === newKey), JSON.stringify(files)).toBe(true);
    const again = await open(dir, { encryption: { keyStorage } });
    expect(usernames(again).sort()).toEqual(['after-rotation', 'quintessa', 'r-four', 'r-one', 'r-three', 'r-two', 'zebulon-admin']);
    expect(again.recovery).toBeNull();
  });

  it('a store sealed by the Gatehouse before the journal (one GHSEALED file) is upgraded on open, losing nothing', async () => {
    const { dir, keyStorage } = await encryptedStore();
    await closeAll();
    const keys = JSON.parse(readFileSync(join(dir, 'gatehouse.keys.json'), 'utf8')) as { storeId: string; keys: { id: string; keyring: string }[] };
    const key = { id: keys.keys[0]!.id, codec: createAesGcmCodec(await keyStorage.unwrap(keys.keys[0]!.keyring)) };
    const sealing: Sealing = { storeId: keys.storeId, write: key, keys: [key] };
    const database = loadState(await loadSqlJs(), storePaths(dir), sealing, Date.now(), false).db.export();
    for (const name of readdirSync(dir).filter((entry) => entry.startsWith('gatehouse.db'))) rmSync(join(dir, name));
    const legacy = sealFile(sealing, database);
    writeFileSync(join(dir, 'gatehouse.db'), legacy);
    writeFileSync(join(dir, 'gatehouse.db.backup'), legacy);

    const upgraded = await open(dir, { encryption: { keyStorage } });
    expect(upgraded.recovery).toBeNull();
    expect(usernames(upgraded).sort()).toEqual(['quintessa', 'zebulon-admin']);
    await closeAll();
    expect(Object.values(sealedWith(dir)).every((keyId) => keyId === key.id)).toBe(true);
    expect(usernames(await open(dir, { encryption: { keyStorage } }))).toHaveLength(2);
  });
});

describe('an encrypted store’s backups (issue 14)', () => {
  it('are sealed, and restore on another machine with the recovery key alone; the restored store opens with it too', async () => {
    const { core, change } = await encryptedStore();
    const file = join(scratch(), 'backup.db');
    await core.provisioning.backupTo(file);
    await withAccounts(core, 'after-backup');
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('GHBACKUP');
    holdsNoSecret(bytes, 'the backup');

    // Another machine: an empty folder, no keys.json, no keyring that knows the key.
    const elsewhere = scratch();
    const asked: string[] = [];
    const restored = await restoreStore({
      dir: elsewhere,
      from: file,
      now: Date.now(),
      askSecret: (question) => (asked.push(question.kind), Promise.resolve(change.recoveryKey!)),
    });
    expect(restored).toMatchObject({ encrypted: true, keptAsideAt: null });
    expect(asked).toEqual(['recovery']);
    expect(existsSync(join(elsewhere, 'gatehouse.keys.json'))).toBe(true);
    holdsNoSecret(readFileSync(join(elsewhere, 'gatehouse.db')), 'the restored snapshot');
    const opened = await open(elsewhere, { encryption: { askSecret: () => Promise.resolve(change.recoveryKey!) } });
    expect(usernames(opened).sort()).toEqual(['quintessa', 'zebulon-admin']);
  });

  it('refuse to restore without the recovery key or with a wrong one, changing nothing', async () => {
    const { core } = await encryptedStore();
    const file = join(scratch(), 'backup.db');
    await core.provisioning.backupTo(file);
    const target = scratch();
    await withAccounts(await open(target), 'local-only');
    await closeAll();
    const before = filesOf(target);
    expect((await refusal(restoreStore({ dir: target, from: file, now: Date.now() }))).code).toBe('STORE_ENCRYPTED');
    const wrong = 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH';
    expect((await refusal(restoreStore({ dir: target, from: file, now: Date.now(), askSecret: () => Promise.resolve(wrong) }))).code).toBe('STORE_WRONG_KEY');
    expect(filesOf(target)).toEqual(before);
  });

  it('made before a rotation open with the recovery key of their time; a damaged one is refused', async () => {
    const { core, change } = await encryptedStore();
    const file = join(scratch(), 'before-rotation.db');
    await core.provisioning.backupTo(file);
    expectOk(await core.provisioning.changeEncryption({ action: 'rotate' }));
    const elsewhere = scratch();
    await restoreStore({ dir: elsewhere, from: file, now: Date.now(), askSecret: () => Promise.resolve(change.recoveryKey!) });
    expect(usernames(await open(elsewhere, { encryption: { askSecret: () => Promise.resolve(change.recoveryKey!) } })).sort()).toEqual([
      'quintessa',
      'zebulon-admin',
    ]);

    const damaged = readFileSync(file);
    damaged[damaged.length - 20]! ^= 0xff;
    const damagedFile = join(scratch(), 'damaged.db');
    writeFileSync(damagedFile, damaged);
    const refused = await refusal(restoreStore({ dir: scratch(), from: damagedFile, now: Date.now(), askSecret: () => Promise.resolve(change.recoveryKey!) }));
    expect(refused.code).toBe('STORE_CORRUPT');
  });
});
