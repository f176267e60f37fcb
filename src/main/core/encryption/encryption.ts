/**
 * Encryption at rest, end to end (issue 12, step 3): unlocking the data key when the store
 * opens, and turning encryption on, off and rotating the key while it runs. The files are sealed
 * by the store (store/sealed-file.ts); this module decides which key, and keeps keys.json
 * (key-file.ts) in step with the files so that a crash at any point loses nothing.
 *
 * Order of writes, each step durable before the next:
 * - on:      keys.json (new key) → database and backup resealed. A crash in between: the next
 *            open finds plain files and a key, and seals them.
 * - off:     database and backup rewritten plain → keys.json removed. A crash in between: the
 *            next open seals them again (encryption stays on; turn it off again).
 * - rotate:  keys.json (new key first, old key kept) → files resealed with the new key →
 *            keys.json without the old key. A crash at any point: open reads either key.
 */
import { randomBytes } from 'node:crypto';
import { ENCRYPTION_OFF_WARNING, MAX_PASSPHRASE_LENGTH, passphraseLength, type EncryptionMode, type EncryptionStatus } from '../../../shared/encryption';
import { createAesGcmCodec } from '../store/aes-gcm-codec';
import type { Store } from '../store/database';
import { StoreError } from '../store/errors';
import type { Sealing } from '../store/sealed-file';
import { readKeyFile, removeKeyFile, writeKeyFile, type KeyFile, type KeyRecord } from './key-file';
import type { KeyStoragePort } from './key-storage';
import {
  DATA_KEY_BYTES,
  KeyUnwrapError,
  MIN_PASSPHRASE_LENGTH,
  newRecoveryKey,
  newScryptParams,
  parseRecoveryKey,
  passphraseKek,
  recoveryKek,
  unwrapKey,
  wrapKey,
} from './key-wrap';

/**
 * Who may be asked for a secret at open: the CLI asks on stdin, the desktop app and the browser
 * harness ask on the unlock screen (store-gate.ts).
 */
export interface SecretQuestion {
  /** 'passphrase': passphrase mode (the recovery key is accepted too); 'recovery': the keyring cannot unwrap the key. */
  kind: 'passphrase' | 'recovery';
  prompt: string;
  /** Why the last answer did not open the store (only with `askUntilRight`); null on the first question. */
  wrongAnswer: string | null;
}

export interface EncryptionOptions {
  /** The OS keyring (the app), or the test key file (tests, the browser harness). */
  keyStorage?: KeyStoragePort;
  /** Asks a person; resolves null when nobody answers. */
  askSecret?: (question: SecretQuestion) => Promise<string | null>;
  /**
   * A wrong answer asks again (the unlock screen) instead of refusing to open (the CLI, which
   * exits and may be run again). Each try costs one scrypt, about 128 MiB and a fraction of a
   * second: no faster than a guess against a copy of the files.
   */
  askUntilRight?: boolean;
}

/** The running store's keys. Plain keys live only here, in memory. */
export interface EncryptionRuntime {
  readonly dir: string;
  readonly options: EncryptionOptions;
  file: KeyFile | null;
  dataKeys: Map<string, Buffer>;
  /** Kept after a passphrase unlock, so a rotation can wrap the new key without asking again. */
  passphraseKek: Buffer | null;
  /** How this run unlocked the key: a recovery-key unlock in keyring mode re-wraps it by the keyring. */
  unlockedWith: 'keyring' | 'passphrase' | 'recovery' | null;
}

export class EncryptionRefusal extends Error {
  override readonly name = 'EncryptionRefusal';
}

export function sealingOf(runtime: EncryptionRuntime): Sealing | null {
  const file = runtime.file;
  if (!file) return null;
  const keys = file.keys.map((record) => ({ id: record.id, codec: createAesGcmCodec(runtime.dataKeys.get(record.id)!) }));
  return { storeId: file.storeId, write: keys[0]!, keys };
}

async function unwrapWithRecovery(file: KeyFile, typed: string): Promise<Map<string, Buffer>> {
  const bytes = parseRecoveryKey(typed);
  if (!bytes) throw new KeyUnwrapError('That is not a recovery key (eight groups of four letters and digits).');
  const keys = new Map<string, Buffer>();
  // The recovery key shown at the last rotation opens the newest key; an older one may open the old key.
  for (const record of file.keys) {
    try {
      keys.set(record.id, unwrapKey(recoveryKek(bytes, record.recovery.salt), record.recovery, file.storeId, record.id, 'recovery'));
    } catch {
      // tried below
    }
  }
  if (keys.size === 0) throw new KeyUnwrapError('That recovery key does not open this store.');
  return Promise.resolve(keys);
}

/**
 * The data keys a typed secret opens: the recovery key, or in passphrase mode the passphrase.
 * Throws KeyUnwrapError. Also opens a sealed backup's key file on another machine (backup-file.ts).
 */
export async function unwrapWithSecret(file: KeyFile, answer: string): Promise<{ keys: Map<string, Buffer>; passphraseKek: Buffer | null }> {
  if (file.mode === 'passphrase' && file.passphrase && !parseRecoveryKey(answer)) {
    const kek = await passphraseKek(answer, file.passphrase);
    const keys = new Map<string, Buffer>();
    for (const record of file.keys) {
      if (record.passphrase) keys.set(record.id, unwrapKey(kek, record.passphrase, file.storeId, record.id, 'passphrase'));
    }
    return { keys, passphraseKek: kek };
  }
  return { keys: await unwrapWithRecovery(file, answer), passphraseKek: null };
}

async function unwrapWithKeyring(file: KeyFile, port: KeyStoragePort): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  for (const record of file.keys) {
    if (record.keyring) keys.set(record.id, Buffer.from(await port.unwrap(record.keyring)));
  }
  return keys;
}

function refuse(path: string, why: string): never {
  throw new StoreError('STORE_ENCRYPTED', `${path} is encrypted ${why} Nothing was changed.`);
}

/**
 * Reads keys.json and unlocks its data key(s) before the store opens: with the keyring, else by
 * asking for the passphrase or the recovery key. Refuses (StoreError) rather than open without.
 */
export async function unlockEncryption(dir: string, options: EncryptionOptions, warn: (message: string) => void): Promise<EncryptionRuntime> {
  let file: KeyFile | null;
  try {
    file = readKeyFile(dir);
  } catch (error) {
    throw new StoreError('STORE_WRONG_KEY', `${(error as Error).message} The store's files were left untouched; restore that file from a backup.`);
  }
  const runtime: EncryptionRuntime = { dir, options, file, dataKeys: new Map(), passphraseKek: null, unlockedWith: null };
  if (!file) return runtime;
  const where = `${dir}/gatehouse.db`;

  if (file.mode === 'os-keyring' && options.keyStorage && options.keyStorage.kind === (file.keyring ?? 'os-keyring')) {
    try {
      runtime.dataKeys = await unwrapWithKeyring(file, options.keyStorage);
      runtime.unlockedWith = 'keyring';
    } catch (error) {
      warn(`Gatehouse: the ${options.keyStorage.kind === 'os-keyring' ? 'OS keyring' : 'test key file'} could not unwrap the store's key (${(error as Error).message}); the recovery key is needed.`);
    }
  }
  if (runtime.dataKeys.size === 0) {
    const kind = file.mode === 'passphrase' ? 'passphrase' : 'recovery';
    if (kind === 'passphrase' && !file.passphrase) {
      throw new StoreError('STORE_WRONG_KEY', `${dir}/gatehouse.keys.json says passphrase mode but has no passphrase parameters. The store was left untouched; restore that file from a backup.`);
    }
    if (!options.askSecret) {
      refuse(
        where,
        kind === 'passphrase'
          ? 'with a passphrase, and this program cannot ask for one. Use the command line (npm run gatehouse -- … asks for it), or turn encryption off there.'
          : 'with a key the OS keyring here cannot unwrap (another machine, or a reset keyring). Open it once from the command line with the recovery key: npm run gatehouse -- encryption-status --data-dir DIR asks for it.',
      );
    }
    const prompt =
      kind === 'passphrase'
        ? 'This store is encrypted with a passphrase. Type the passphrase (or the recovery key):'
        : 'This store is encrypted and the OS keyring cannot open it here. Type the recovery key:';
    let wrongAnswer: string | null = null;
    for (;;) {
      const answer = await options.askSecret({ kind, prompt, wrongAnswer });
      if (answer === null || answer.length === 0) refuse(where, 'and no passphrase or recovery key was given.');
      try {
        const unlocked = await unwrapWithSecret(file, answer);
        runtime.dataKeys = unlocked.keys;
        runtime.passphraseKek = unlocked.passphraseKek;
        runtime.unlockedWith = unlocked.passphraseKek ? 'passphrase' : 'recovery';
        break;
      } catch (error) {
        if (!(error instanceof KeyUnwrapError)) throw error;
        if (!options.askUntilRight) throw new StoreError('STORE_WRONG_KEY', `${error.message} ${where} was left untouched.`);
        wrongAnswer = error.message;
      }
    }
  }
  // Keys the secret could not open (an older key mid-rotation) are dropped from what can be read.
  const missing = file.keys.filter((record) => !runtime.dataKeys.has(record.id));
  if (missing.length === file.keys.length) refuse(where, 'and none of its keys could be unwrapped.');
  runtime.file = { ...file, keys: file.keys.filter((record) => runtime.dataKeys.has(record.id)) };
  return runtime;
}

/**
 * After the store opened (and resealed anything a crash left behind): a finished rotation's old
 * key is dropped from keys.json, and a key recovered with the recovery key is wrapped by the
 * keyring again ("a lost keyring is recovered the same way").
 */
export async function settleKeyFile(runtime: EncryptionRuntime): Promise<void> {
  const file = runtime.file;
  if (!file) return;
  const onDisk = readKeyFile(runtime.dir);
  const port = runtime.options.keyStorage;
  const rewrap = file.mode === 'os-keyring' && port && (await port.unavailableReason()) === null;
  const needsKeyring = rewrap && (runtime.unlockedWith === 'recovery' || (file.keyring ?? 'os-keyring') !== port.kind);
  if (onDisk && onDisk.keys.length === 1 && !needsKeyring) return;
  const keys = [file.keys[0]!];
  let next: KeyFile = { ...file, keys };
  if (rewrap) {
    // A keyring that lost the key is given it again (only possible after a recovery-key unlock).
    try {
      const wrappedKey = await port.wrap(runtime.dataKeys.get(keys[0]!.id)!);
      if (needsKeyring) next = { ...next, keyring: port.kind, keys: [{ ...keys[0]!, keyring: wrappedKey }] };
    } catch {
      // Leave the recovery key as the way in; status shows the keyring as it is.
    }
  }
  writeKeyFile(runtime.dir, next);
  runtime.file = next;
}

export async function encryptionStatus(runtime: EncryptionRuntime): Promise<EncryptionStatus> {
  const port = runtime.options.keyStorage;
  const keyringUnavailable = port ? await port.unavailableReason() : 'This program has no access to the OS keyring (the command line never has).';
  const file = runtime.file;
  const key = file?.keys[0];
  return {
    on: file !== null,
    protection: file ? (file.mode === 'passphrase' ? 'passphrase' : (file.keyring ?? 'os-keyring')) : null,
    keyId: key?.id ?? null,
    keyCreatedAt: key?.createdAt ?? null,
    keyringUnavailable,
    passphraseAtStart: Boolean(runtime.options.askSecret),
    warning: file ? null : ENCRYPTION_OFF_WARNING,
  };
}

interface NewKey {
  record: KeyRecord;
  dataKey: Buffer;
  recoveryKey: string;
}

async function makeKey(
  runtime: EncryptionRuntime,
  storeId: string,
  mode: EncryptionMode,
  passphraseKekBytes: Buffer | null,
  at: number,
): Promise<NewKey> {
  const dataKey = randomBytes(DATA_KEY_BYTES);
  const id = randomBytes(8).toString('hex');
  const recoveryKey = newRecoveryKey();
  const recoverySalt = randomBytes(16).toString('base64');
  const record: KeyRecord = {
    id,
    createdAt: new Date(at).toISOString(),
    recovery: { salt: recoverySalt, ...wrapKey(recoveryKek(parseRecoveryKey(recoveryKey)!, recoverySalt), dataKey, storeId, id, 'recovery') },
  };
  if (mode === 'os-keyring') {
    try {
      record.keyring = await runtime.options.keyStorage!.wrap(dataKey);
    } catch (error) {
      throw new EncryptionRefusal(`The OS keyring refused to protect the key (${(error as Error).message}). Nothing was changed.`);
    }
  }
  else record.passphrase = wrapKey(passphraseKekBytes!, dataKey, storeId, id, 'passphrase');
  return { record, dataKey, recoveryKey };
}

async function checkMode(runtime: EncryptionRuntime, mode: EncryptionMode): Promise<void> {
  if (mode === 'os-keyring') {
    const port = runtime.options.keyStorage;
    const why = port ? await port.unavailableReason() : 'This program has no access to the OS keyring.';
    if (why) throw new EncryptionRefusal(`${why} Choose passphrase mode (attended machines), or leave encryption off and rely on full-disk encryption.`);
  } else if (!runtime.options.askSecret) {
    throw new EncryptionRefusal(
      'This program cannot ask for a passphrase when it starts, so a passphrase would lock it out of its own store. Turn passphrase mode on from the command line (enable-encryption --passphrase) and open the store there.',
    );
  }
}

/** Turns encryption on. Returns the recovery key, to be shown once and never stored. */
export async function enableEncryption(
  runtime: EncryptionRuntime,
  store: Store,
  request: { mode: EncryptionMode; passphrase?: string },
  at: number,
): Promise<{ recoveryKey: string }> {
  if (runtime.file) throw new EncryptionRefusal('Encryption is already on. Rotate the key, or turn it off first.');
  await checkMode(runtime, request.mode);
  let kek: Buffer | null = null;
  let scryptParams: KeyFile['passphrase'];
  if (request.mode === 'passphrase') {
    const passphrase = request.passphrase ?? '';
    if (passphraseLength(passphrase) < MIN_PASSPHRASE_LENGTH) {
      throw new EncryptionRefusal(`The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    }
    // The unlock screen takes no more; a longer one could only ever be typed here.
    if (passphrase.length > MAX_PASSPHRASE_LENGTH) {
      throw new EncryptionRefusal(`The passphrase can be at most ${MAX_PASSPHRASE_LENGTH} characters.`);
    }
    scryptParams = newScryptParams();
    kek = await passphraseKek(passphrase, scryptParams);
  }
  // The store's own id: every file header names it, and keys.json must name the same store.
  const storeId = store.storeId;
  const made = await makeKey(runtime, storeId, request.mode, kek, at);
  const file: KeyFile = {
    format: 'gatehouse-keys',
    version: 1,
    storeId,
    mode: request.mode,
    ...(request.mode === 'os-keyring' ? { keyring: runtime.options.keyStorage!.kind } : { passphrase: scryptParams! }),
    keys: [made.record],
  };
  writeKeyFile(runtime.dir, file);
  runtime.file = file;
  runtime.dataKeys = new Map([[made.record.id, made.dataKey]]);
  runtime.passphraseKek = kek;
  await store.reseal(sealingOf(runtime));
  return { recoveryKey: made.recoveryKey };
}

export async function disableEncryption(runtime: EncryptionRuntime, store: Store): Promise<void> {
  if (!runtime.file) throw new EncryptionRefusal('Encryption is already off.');
  await store.reseal(null);
  removeKeyFile(runtime.dir);
  runtime.file = null;
  runtime.dataKeys = new Map();
  runtime.passphraseKek = null;
}

/** A new data key (and recovery key); the files are resealed with it and the old key forgotten. */
export async function rotateKey(runtime: EncryptionRuntime, store: Store, at: number): Promise<{ recoveryKey: string }> {
  const file = runtime.file;
  if (!file) throw new EncryptionRefusal('Encryption is off: there is no key to rotate.');
  await checkMode(runtime, file.mode);
  if (file.mode === 'passphrase' && !runtime.passphraseKek) {
    throw new EncryptionRefusal('The store was opened with the recovery key, not the passphrase: open it with the passphrase to rotate the key.');
  }
  const made = await makeKey(runtime, file.storeId, file.mode, runtime.passphraseKek, at);
  const old = file.keys[0]!;
  const during: KeyFile = { ...file, ...(file.mode === 'os-keyring' ? { keyring: runtime.options.keyStorage!.kind } : {}), keys: [made.record, old] };
  writeKeyFile(runtime.dir, during);
  runtime.file = during;
  runtime.dataKeys.set(made.record.id, made.dataKey);
  await store.reseal(sealingOf(runtime));
  const after: KeyFile = { ...during, keys: [made.record] };
  writeKeyFile(runtime.dir, after);
  runtime.file = after;
  runtime.dataKeys = new Map([[made.record.id, made.dataKey]]);
  return { recoveryKey: made.recoveryKey };
}
