/**
 * Restoring a backup (issue 14), with the app stopped: the whole store is replaced by the one the
 * backup holds, and the store it replaces is kept beside it, every file of it.
 *
 * - Refuses, changing nothing: a foreign file (another application_id), a newer schema, a damaged
 *   file, an encrypted backup without its recovery key (or passphrase), or a folder in use (the
 *   writer lock).
 * - A sealed backup (backup-file.ts) is opened with the recovery key or the passphrase that was
 *   current when it was made, asked for on stdin: this is how a backup opens on another machine.
 * - The current store's snapshot, backup, journals and keys.json move to
 *   `….before-restore-<time>` names: a journal left in place would be replayed over the backup.
 *
 * Order of steps, each durable before the next, so that a crash at any point opens either the old
 * store (rebuilt from its backup and journals), or the new one, or refuses with a message naming
 * the files; never an empty store and never a deleted file:
 *   new file staged → old snapshot aside → new file in place → old journals, backup and keys.json
 *   aside → new keys.json (sealed backups) → new backup copy.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeBackup, openSealedBackup } from './backup-file';
import { unwrapWithSecret, type SecretQuestion } from './encryption/encryption';
import { keyFilePath, writeKeyFile } from './encryption/key-file';
import { KeyUnwrapError } from './encryption/key-wrap';
import { createAesGcmCodec } from './store/aes-gcm-codec';
import { prepareDataFolder } from './store/data-folder';
import { StoreError } from './store/errors';
import { copyIntoPlace, DB_FILE, fsyncDirectory, storePaths, writeFileSynced } from './store/files';
import { listJournals } from './store/load-state';
import { acquireWriterLock } from './store/lock';
import { SCHEMA_VERSION } from './store/migrations';
import { decodeSnapshotFile } from './store/snapshot-format';
import { inspect, loadSqlJs } from './store/sqlite-file';

export interface RestoreOutcome {
  /** Where the store that was replaced now is, or null when the folder had none. */
  keptAsideAt: string | null;
  schemaVersion: number;
  /** Whether the restored store is encrypted (as the backup was). */
  encrypted: boolean;
}

export interface RestoreOptions {
  dir: string;
  from: string;
  now: number;
  sqlWasmPath?: string;
  /** Asks for an encrypted backup's recovery key or passphrase (the CLI asks on stdin). */
  askSecret?: (question: SecretQuestion) => Promise<string | null>;
}

/** The database an encrypted backup holds, opened with the secret a person types. */
async function openWithSecret(backup: Extract<ReturnType<typeof decodeBackup>, { kind: 'sealed' }>, options: RestoreOptions): Promise<Uint8Array> {
  const { keyFile } = backup;
  const passphrase = keyFile.mode === 'passphrase';
  const refuse = (why: string) => new StoreError('STORE_ENCRYPTED', `${options.from} is an encrypted backup ${why} Nothing was changed.`);
  if (!options.askSecret) throw refuse('and this program cannot ask for its recovery key.');
  const answer = await options.askSecret({
    kind: passphrase ? 'passphrase' : 'recovery',
    prompt: `This backup is encrypted. Type the recovery key that was current when it was made${passphrase ? ' (or the passphrase)' : ''}:`,
    wrongAnswer: null,
  });
  if (answer === null || answer.length === 0) throw refuse('and no recovery key was given.');
  let dataKey: Buffer | undefined;
  try {
    dataKey = (await unwrapWithSecret(keyFile, answer)).keys.get(backup.keyId);
  } catch (error) {
    if (!(error instanceof KeyUnwrapError)) throw error;
  }
  if (!dataKey) throw new StoreError('STORE_WRONG_KEY', `That ${passphrase ? 'passphrase or recovery key' : 'recovery key'} does not open ${options.from}. Nothing was changed.`);
  const key = { id: backup.keyId, codec: createAesGcmCodec(dataKey) };
  return openSealedBackup(backup, { storeId: keyFile.storeId, write: null, keys: [key] }, options.from);
}

/**
 * A copy of a data folder's `gatehouse.db` is not a backup: it is the snapshot alone, and the
 * latest changes are in the journals beside it (and, sealed, its key is in keys.json). Restoring
 * it would quietly bring back an older store, so it is refused with the way out.
 */
function databaseOf(bytes: Uint8Array, from: string): Uint8Array {
  if (decodeSnapshotFile(bytes).kind !== 'snapshot') return bytes;
  throw new StoreError(
    'STORE_FOREIGN',
    `${from} is a store's snapshot file, not a backup: the latest changes are in the journal files beside it. Make a backup with Back up now or \`gatehouse backup\` (or copy back the whole data folder). Nothing was changed.`,
  );
}

function judge(database: Uint8Array, from: string, SQL: Awaited<ReturnType<typeof loadSqlJs>>): number {
  const found = inspect(SQL, database);
  if (found.kind === 'ours') {
    const version = Number(found.db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
    found.db.close();
    return version;
  }
  if (found.kind === 'empty') found.db.close();
  if (found.kind === 'foreign' || found.kind === 'empty') throw new StoreError('STORE_FOREIGN', `${from} is not a Gatehouse backup. Nothing was changed.`);
  if (found.kind === 'newer') {
    throw new StoreError(
      'STORE_NEWER_VERSION',
      `${from} was written by a newer Gatehouse (schema ${found.version}, this version understands up to ${SCHEMA_VERSION}). Nothing was changed.`,
    );
  }
  throw new StoreError('STORE_CORRUPT', `${from} cannot be read (${found.reason}). Nothing was changed.`);
}

export async function restoreStore(options: RestoreOptions): Promise<RestoreOutcome> {
  const paths = storePaths(options.dir);
  prepareDataFolder(paths);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(options.from);
  } catch (error) {
    throw new StoreError('STORE_UNWRITABLE', `Gatehouse cannot read ${options.from}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  const backup = decodeBackup(bytes);
  if (backup.kind === 'corrupt') throw new StoreError('STORE_CORRUPT', `${options.from} cannot be read (${backup.reason}). Nothing was changed.`);
  const database = backup.kind === 'plain' ? databaseOf(backup.database, options.from) : await openWithSecret(backup, options);
  const schemaVersion = judge(database, options.from, await loadSqlJs(options.sqlWasmPath));

  const release = acquireWriterLock(paths.lock);
  try {
    const stamp = new Date(options.now).toISOString().replace(/[:.]/g, '-');
    const aside = join(paths.dir, `${DB_FILE}.before-restore-${stamp}`);
    const staged = `${paths.db}.restoring`;
    // A plain backup becomes a database file of the format before the journal, which the next
    // open upgrades; a sealed one is already a snapshot, written with its keys.json below.
    await writeFileSynced(staged, backup.kind === 'plain' ? database : backup.snapshot);
    const keptAsideAt = existsSync(paths.db) ? aside : null;
    if (keptAsideAt) renameSync(paths.db, aside);
    renameSync(staged, paths.db);
    await fsyncDirectory(paths.dir);
    for (const journal of listJournals(paths)) renameSync(journal.path, `${aside}.${basename(journal.path).slice(DB_FILE.length + 1)}`);
    if (existsSync(paths.backup)) renameSync(paths.backup, `${aside}.backup`);
    if (existsSync(keyFilePath(options.dir))) renameSync(keyFilePath(options.dir), `${keyFilePath(options.dir)}.before-restore-${stamp}`);
    if (backup.kind === 'sealed') writeKeyFile(options.dir, backup.keyFile);
    await copyIntoPlace(paths.db, paths.backup);
    await fsyncDirectory(paths.dir);
    return { keptAsideAt, schemaVersion, encrypted: backup.kind === 'sealed' };
  } finally {
    release();
  }
}
