/**
 * Encryption at rest on real files with real crypto: turning it on seals the database and its
 * backup (no plain username left on disk), the key lives only wrapped in gatehouse.keys.json,
 * a missing or wrong key is a clear StoreError that leaves every file as it was (never "corrupt,
 * restored from backup", never a fresh store), a file moved from another store is refused, the
 * recovery key opens the store (and gives a lost keyring the key again), and turning it off or
 * rotating the key keeps every account.
 */
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileKeyStorage } from '../../src/main/core';
import { decodeSnapshotFile, encodeSnapshotFile, SNAPSHOT_HEADER_BYTES } from '../../src/main/core/store/snapshot-format';
import { expectOk, registration } from '../support/core';
import { cleanUpEncryptionTests, closeAll, encryptedStore, filesOf, open, refusal, scratch, sealedWith, setup, usernames, withAccounts } from '../support/encryption';

afterEach(cleanUpEncryptionTests);

describe('encryption at rest', () => {
  it('seals the database and its backup: no username, email or hash on disk in clear, only wrapped keys', async () => {
    const { dir, core, change } = await encryptedStore();
    expect(change.status).toMatchObject({ on: true, protection: 'test-file' });
    expect(change.recoveryKey).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    await withAccounts(core, 'yolanda'); // written after: sealed too
    await closeAll();
    const files = sealedWith(dir);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['gatehouse.db', 'gatehouse.db.backup']));
    expect(Object.keys(files).some((name) => name.includes('journal'))).toBe(true);
    for (const [name, keyId] of Object.entries(files)) {
      expect(keyId, name).toBe(change.status.keyId);
      const bytes = readFileSync(join(dir, name));
      for (const secret of ['zebulon-admin', 'quintessa', 'yolanda', 'example.org', '$2a$04$', '$2b$04$', 'SQLite format 3']) {
        expect(bytes.includes(Buffer.from(secret)), `${name} holds ${secret}`).toBe(false);
      }
    }
    const keys = JSON.parse(readFileSync(join(dir, 'gatehouse.keys.json'), 'utf8')) as { keys: { keyring: string; recovery: object }[] };
    expect(keys.keys).toHaveLength(1);
    expect(Object.keys(keys.keys[0]!).sort()).toEqual(['createdAt', 'id', 'keyring', 'recovery']);
  });

  it('reopens with the keyring, with every account', async () => {
    const { dir, keyStorage } = await encryptedStore();
    await closeAll();
    const again = await open(dir, { encryption: { keyStorage } });
    expect(usernames(again).sort()).toEqual(['quintessa', 'zebulon-admin']);
    expect(again.recovery).toBeNull();
  });

  it('a plain reopen rewrites nothing: the files are already sealed with the key that writes', async () => {
    const { dir, keyStorage } = await encryptedStore();
    await closeAll();
    const inodes = () => ['gatehouse.db', 'gatehouse.db.backup'].map((name) => statSync(join(dir, name)).ino);
    const before = inodes();
    await open(dir, { encryption: { keyStorage } });
    await closeAll();
    expect(inodes()).toEqual(before);
  });

  it('refuses to open without a key, and changes nothing: no reset, no restore from backup', async () => {
    const { dir } = await encryptedStore();
    await closeAll();
    const before = filesOf(dir);
    const error = await refusal(open(dir));
    expect(error.code).toBe('STORE_ENCRYPTED');
    expect(error.message).toContain('recovery key');
    expect(filesOf(dir)).toEqual(before);
  });

  it('refuses a wrong recovery key and a wrong passphrase, changing nothing', async () => {
    const { dir } = await encryptedStore();
    await closeAll();
    const before = filesOf(dir);
    const wrong = 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH';
    expect((await refusal(open(dir, { encryption: { askSecret: () => Promise.resolve(wrong) } }))).code).toBe('STORE_WRONG_KEY');
    expect((await refusal(open(dir, { encryption: { askSecret: () => Promise.resolve('not a key') } }))).code).toBe('STORE_WRONG_KEY');
    expect(filesOf(dir)).toEqual(before);
  });

  it('opens with the recovery key (the CLI), and a lost keyring gets the key back the same way', async () => {
    const { dir, change } = await encryptedStore();
    await closeAll();
    const asked: string[] = [];
    const cli = await open(dir, { encryption: { askSecret: (question) => (asked.push(question.kind), Promise.resolve(change.recoveryKey!.toLowerCase())) } });
    expect(asked).toEqual(['recovery']);
    expect(usernames(cli)).toContain('quintessa');
    await closeAll();

    // The OS keyring was reset: a new, empty one cannot unwrap the key.
    const newKeyring = fileKeyStorage(join(scratch(), 'reset-kek'));
    expect((await refusal(open(dir, { encryption: { keyStorage: newKeyring } }))).code).toBe('STORE_ENCRYPTED');
    await open(dir, { encryption: { keyStorage: newKeyring, askSecret: () => Promise.resolve(change.recoveryKey!) } });
    await closeAll();
    // Re-wrapped by the new keyring: the next start needs nobody.
    const unattended = await open(dir, { encryption: { keyStorage: newKeyring } });
    expect(usernames(unattended)).toContain('zebulon-admin');
  });

  it('refuses a database file moved in from another store, leaving both as they were', async () => {
    const a = await encryptedStore();
    const b = await encryptedStore();
    await closeAll();
    copyFileSync(join(a.dir, 'gatehouse.db'), join(b.dir, 'gatehouse.db'));
    const before = filesOf(b.dir);
    const error = await refusal(open(b.dir, { encryption: { keyStorage: b.keyStorage } }));
    expect(error.code).toBe('STORE_WRONG_KEY');
    expect(error.message).toContain('another Gatehouse store');
    expect(filesOf(b.dir)).toEqual(before);
  });

  it('a damaged encrypted file with the right key is restored from its encrypted backup', async () => {
    const { dir, keyStorage, core } = await encryptedStore();
    await withAccounts(core, 'yolanda');
    await closeAll();
    // One byte of ciphertext altered, the checksums made to match: only AES-GCM's tag can tell.
    const decoded = decodeSnapshotFile(readFileSync(join(dir, 'gatehouse.db')));
    if (decoded.kind !== 'snapshot') throw new Error('not a snapshot');
    const sealed = Buffer.from(decoded.sealed);
    sealed[sealed.length - 40]! ^= 0xff;
    writeFileSync(join(dir, 'gatehouse.db'), encodeSnapshotFile(decoded, sealed));
    const again = await open(dir, { encryption: { keyStorage } });
    expect(again.recovery?.kind).toBe('restored-from-backup');
    expect(again.recovery?.message).toContain('could not be unsealed');
    expect(usernames(again)).toContain('quintessa');
  });

  it('turns off without loss: plain files, no key file, audited with the warning', async () => {
    const { dir, keyStorage, core } = await encryptedStore();
    const off = expectOk(await core.provisioning.changeEncryption({ action: 'disable' }));
    expect(off.status).toMatchObject({ on: false, protection: null });
    expect(off.status.warning).toContain('Encryption at rest is off');
    await closeAll();
    expect(existsSync(join(dir, 'gatehouse.keys.json'))).toBe(false);
    expect(Object.values(sealedWith(dir)).every((keyId) => keyId === null)).toBe(true);
    for (const name of ['gatehouse.db', 'gatehouse.db.backup']) {
      expect(readFileSync(join(dir, name)).subarray(SNAPSHOT_HEADER_BYTES, SNAPSHOT_HEADER_BYTES + 15).toString('latin1'), name).toBe('SQLite format 3');
    }
    const plain = await open(dir, { encryption: { keyStorage } });
    expect(usernames(plain).sort()).toEqual(['quintessa', 'zebulon-admin']);
    expect((await plain.provisioning.encryptionStatus()).on).toBe(false);
  });

  it('rotates the key without loss: a new key id and recovery key, the old recovery key no longer opens it', async () => {
    const { dir, keyStorage, core, change } = await encryptedStore();
    const rotated = expectOk(await core.provisioning.changeEncryption({ action: 'rotate' }));
    expect(rotated.status.keyId).not.toBe(change.status.keyId);
    expect(rotated.recoveryKey).not.toBe(change.recoveryKey);
    await closeAll();
    const keys = JSON.parse(readFileSync(join(dir, 'gatehouse.keys.json'), 'utf8')) as { keys: { id: string }[] };
    expect(keys.keys.map((key) => key.id)).toEqual([rotated.status.keyId]);
    expect((await refusal(open(dir, { encryption: { askSecret: () => Promise.resolve(change.recoveryKey!) } }))).code).toBe('STORE_WRONG_KEY');
    const byRecovery = await open(dir, { encryption: { askSecret: () => Promise.resolve(rotated.recoveryKey!) } });
    expect(usernames(byRecovery).sort()).toEqual(['quintessa', 'zebulon-admin']);
    await closeAll();
    expect(usernames(await open(dir, { encryption: { keyStorage } }))).toHaveLength(2);
  });

  it('a crash after keys.json was written but before the files were sealed: the next open seals them', async () => {
    const { dir, keyStorage, core } = await encryptedStore();
    await closeAll();
    const keyFile = readFileSync(join(dir, 'gatehouse.keys.json'));
    const reopened = await open(dir, { encryption: { keyStorage } });
    expectOk(await reopened.provisioning.changeEncryption({ action: 'disable' }));
    await closeAll();
    writeFileSync(join(dir, 'gatehouse.keys.json'), keyFile); // as if "on" had just written its key file
    void core;
    const again = await open(dir, { encryption: { keyStorage } });
    expect(usernames(again)).toHaveLength(2);
    const keyId = (JSON.parse(keyFile.toString('utf8')) as { keys: { id: string }[] }).keys[0]!.id;
    expect(Object.values(sealedWith(dir))).toEqual(Object.values(sealedWith(dir)).map(() => keyId));
    expect(Object.keys(sealedWith(dir))).toEqual(expect.arrayContaining(['gatehouse.db', 'gatehouse.db.backup']));
  });

  it('passphrase mode: asked at every start; the passphrase or the recovery key opens it, a wrong one does not', async () => {
    const dir = scratch();
    const passphrase = 'a walk-up kiosk passphrase';
    const core = await open(dir, { encryption: { askSecret: () => Promise.resolve(passphrase) } });
    await withAccounts(core, 'quintessa');
    const short = await core.provisioning.changeEncryption({ action: 'enable', mode: 'passphrase', passphrase: 'short' });
    expect(short.ok ? 'ok' : short.error.code).toBe('CONFLICT');
    const on = expectOk(await core.provisioning.changeEncryption({ action: 'enable', mode: 'passphrase', passphrase }));
    expect(on.status.protection).toBe('passphrase');
    await closeAll();
    expect(readFileSync(join(dir, 'gatehouse.db')).includes(Buffer.from('quintessa'))).toBe(false);
    expect((await refusal(open(dir, { encryption: { askSecret: () => Promise.resolve('not the passphrase at all') } }))).code).toBe('STORE_WRONG_KEY');
    expect((await refusal(open(dir))).code).toBe('STORE_ENCRYPTED');
    expect(usernames(await open(dir, { encryption: { askSecret: () => Promise.resolve(passphrase) } }))).toEqual(['quintessa']);
    await closeAll();
    expect(usernames(await open(dir, { encryption: { askSecret: () => Promise.resolve(on.recoveryKey!) } }))).toEqual(['quintessa']);
  }, 60_000);

  it('the app channels: admin only, audited, and the keyring mode refused where no keyring protects the key', async () => {
    const dir = scratch();
    const core = await open(dir, { encryption: { keyStorage: { ...fileKeyStorage(join(scratch(), 'k')), kind: 'os-keyring', unavailableReason: () => Promise.resolve('Linux without a keyring (basic_text).') } } });
    const as = (channel: string, payload: unknown, windowId = 1) => core.invoke(channel, payload, { windowId, fromAppPage: true });
    expectOk(await as('auth:register', registration('first-admin')));
    expectOk(await as('auth:register', registration('ordinary'), 2));
    const status = expectOk(await as('admin:encryption-status', {})) as { on: boolean; keyringUnavailable: string; warning: string };
    expect(status).toMatchObject({ on: false, keyringUnavailable: 'Linux without a keyring (basic_text).' });
    expect(status.warning).toContain('off');
    const refused = await as('admin:encryption-enable', { mode: 'os-keyring' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('CONFLICT');
    const forbidden = await as('admin:encryption-disable', {}, 2);
    expect(forbidden.ok ? 'ok' : forbidden.error.code).toBe('FORBIDDEN');
    const badMode = await as('admin:encryption-enable', { mode: 'plain-text-key-beside-the-file' });
    expect(badMode.ok ? 'ok' : badMode.error.code).toBe('VALIDATION_FAILED');
    expect(existsSync(join(dir, 'gatehouse.keys.json'))).toBe(false);
  });

  it('a keyring that refuses to wrap the key is a refusal that changes nothing', async () => {
    const dir = scratch();
    const keyStorage = { ...fileKeyStorage(join(scratch(), 'k')), wrap: () => Promise.reject(new Error('the keyring is locked')) };
    const core = await open(dir, { encryption: { keyStorage } });
    await withAccounts(core, 'quintessa');
    const before = filesOf(dir);
    const refused = await core.provisioning.changeEncryption({ action: 'enable', mode: 'os-keyring' });
    expect(refused.ok ? 'ok' : refused.error.message).toContain('the keyring is locked');
    expect(filesOf(dir)).toEqual(before);
  });

  it('enabling through the channel is audited with who did it', async () => {
    const { dir, keyStorage } = setup();
    const core = await open(dir, { encryption: { keyStorage } });
    const as = (channel: string, payload: unknown) => core.invoke(channel, payload, { windowId: 1, fromAppPage: true });
    expectOk(await as('auth:register', registration('first-admin')));
    const on = expectOk(await as('admin:encryption-enable', { mode: 'os-keyring' })) as { recoveryKey: string };
    expect(on.recoveryKey).toBeTruthy();
    expectOk(await as('admin:encryption-rotate', {}));
    expectOk(await as('admin:encryption-disable', {}));
    const audit = expectOk(await as('admin:audit', {})) as { entries: { event: string; actor: unknown; detail: unknown }[] };
    const events = audit.entries.map((entry) => entry.event);
    expect(events).toEqual(expect.arrayContaining(['encryption_enabled', 'encryption_key_rotated', 'encryption_disabled']));
    const disabled = audit.entries.find((entry) => entry.event === 'encryption_disabled')!;
    expect(JSON.stringify(disabled)).toContain('Encryption at rest is off');
    expect(JSON.stringify(audit)).not.toContain(on.recoveryKey);
  });
});
