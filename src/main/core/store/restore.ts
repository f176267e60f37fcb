/**
 * Restoring a backup (issue 14), with the app stopped: one store-level function, so the store's
 * persistence can change underneath (a journal with checkpoints, encryption at rest) and only
 * this function follows it.
 *
 * - Takes the writer lock: refused while the app (or any CLI) holds the folder.
 * - Refuses a foreign file (another application_id), a newer schema, or a damaged file.
 * - Keeps the current store aside (`gatehouse.db.before-restore-<time>`), and its previous-good
 *   copy with it, so nothing is lost; then writes the backup durably as the database.
 *   TODO(store-journal): a restore must also discard the journal and checkpoints of the store it
 *   replaces (move them aside with the database), or they would be replayed over the backup.
 *   TODO(store-crypto): an encrypted backup is opened here with the store's codec before it is
 *   judged; see backup.ts's sealBackup.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors';
import { copyDurablySync, storePaths, DB_FILE } from './files';
import { judgeSnapshot } from './database';
import { acquireWriterLock } from './lock';
import { SCHEMA_VERSION } from './migrations';
import { prepareDataFolder } from './data-folder';

export interface RestoreOutcome {
  /** Where the store that was replaced now is, or null when the folder had none. */
  keptAsideAt: string | null;
  schemaVersion: number;
}

export async function restoreStore(options: { dir: string; from: string; now: number; sqlWasmPath?: string }): Promise<RestoreOutcome> {
  const paths = storePaths(options.dir);
  prepareDataFolder(paths);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(options.from);
  } catch (error) {
    throw new StoreError('STORE_UNWRITABLE', `Gatehouse cannot read ${options.from}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  const judged = await judgeSnapshot(bytes, options.sqlWasmPath);
  if (judged.kind === 'foreign' || judged.kind === 'empty') {
    throw new StoreError('STORE_FOREIGN', `${options.from} is not a Gatehouse backup. Nothing was changed.`);
  }
  if (judged.kind === 'newer') {
    throw new StoreError(
      'STORE_NEWER_VERSION',
      `${options.from} was written by a newer Gatehouse (schema ${judged.version}, this version understands up to ${SCHEMA_VERSION}). Nothing was changed.`,
    );
  }
  if (judged.kind === 'corrupt') throw new StoreError('STORE_CORRUPT', `${options.from} cannot be read (${judged.reason}). Nothing was changed.`);

  const release = acquireWriterLock(paths.lock);
  try {
    const stamp = new Date(options.now).toISOString().replace(/[:.]/g, '-');
    const aside = join(paths.dir, `${DB_FILE}.before-restore-${stamp}`);
    let keptAsideAt: string | null = null;
    if (existsSync(paths.db)) {
      renameSync(paths.db, aside);
      keptAsideAt = aside;
    }
    // The old store's previous-good copy goes with it: left here, a later recovery would bring
    // back the store this restore replaced.
    if (existsSync(paths.backup)) renameSync(paths.backup, `${aside}.backup`);
    copyDurablySync(bytes, paths.db, paths.temp);
    return { keptAsideAt, schemaVersion: judged.version };
  } finally {
    release();
  }
}
