/**
 * The data folder's safety before anything is read or written in it.
 *
 * - A new folder is created 0700: only this OS account can list or open the accounts file.
 * - An existing folder that others can read or write is tightened to 0700 only when it is empty
 *   or holds nothing but Gatehouse's own files. Otherwise it is someone's folder chosen for other
 *   things too (a home directory, /srv): it is refused with a message, never chmod-ed.
 * - Leftovers of an interrupted write are removed, symlinks included (a dangling one too), and
 *   never followed: a planted link must not make Gatehouse write or delete elsewhere.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { StoreError } from './errors';
import { DB_FILE, type StorePaths } from './files';
import { acquireWriterLock } from './lock';

/** Names Gatehouse itself puts in its data folder (the shell's settings and profile included). */
function isGatehouseFile(name: string): boolean {
  return (
    name === DB_FILE ||
    name.startsWith(`${DB_FILE}.`) ||
    name === 'gatehouse.lock' ||
    name.startsWith('gatehouse.lock.') ||
    name === 'machine-settings.json' ||
    name === 'gatehouse.keys.json' ||
    name.startsWith('gatehouse.keys.json.') ||
    name === 'chromium-profile'
  );
}

function describeMode(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

export function prepareDataFolder(paths: StorePaths, platform: NodeJS.Platform = process.platform): void {
  const { dir } = paths;
  let mode: number;
  try {
    const stats = statSync(dir);
    if (!stats.isDirectory()) throw new StoreError('STORE_UNWRITABLE', `Gatehouse's data folder ${dir} is not a folder.`);
    mode = stats.mode;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new StoreError('STORE_UNWRITABLE', `Gatehouse cannot read its data folder ${dir}: ${(error as Error).message}`);
    }
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (cause) {
      throw new StoreError('STORE_UNWRITABLE', `Gatehouse cannot create its data folder ${dir}: ${(cause as Error).message}`);
    }
    return;
  }
  if (platform === 'win32' || (mode & 0o077) === 0) return; // Windows: ACLs, not mode bits
  const entries = readdirSync(dir);
  if (entries.every(isGatehouseFile)) {
    chmodSync(dir, 0o700);
    return;
  }
  if ((mode & 0o066) !== 0) {
    throw new StoreError(
      'STORE_INSECURE',
      `Gatehouse's data folder ${dir} can be read or changed by other users (mode ${describeMode(mode)}) and holds files that are not Gatehouse's, so Gatehouse will not change its permissions. Choose a folder only you can use with --data-dir, or run chmod 700 on it yourself if that is what you want.`,
    );
  }
}

function removeIfPresent(path: string): void {
  try {
    lstatSync(path); // a dangling symlink exists for lstat, not for existsSync
  } catch {
    return;
  }
  rmSync(path, { force: true }); // removes a link itself, never its target
}

/** Before opening: a temp file left by a crash mid-write never reported success, so drop it. */
export function removeWriteLeftovers(paths: StorePaths): void {
  removeIfPresent(paths.temp);
  removeIfPresent(`${paths.backup}.new`);
}

/**
 * The data folder made ready (above) and its writer lock taken: what every opener does first.
 * Returns the release function; throws STORE_UNWRITABLE or STORE_LOCKED.
 */
export function takeDataFolder(paths: StorePaths): () => void {
  prepareDataFolder(paths);
  return acquireWriterLock(paths.lock);
}
