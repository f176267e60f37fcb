/**
 * The file names the store uses and the one durable way it writes: temp file, fsync, rename,
 * fsync the directory. A crash at any instant leaves either the old file or the new one.
 */
import { constants } from 'node:fs';
import { open, rename, rm, link, copyFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export const DB_FILE = 'gatehouse.db';
/** Journal files are `gatehouse.db.journal-<base sequence, 16 digits>`: sorted by name is sorted by sequence. */
const JOURNAL_PREFIX = `${DB_FILE}.journal-`;

export interface StorePaths {
  dir: string;
  db: string;
  /** The previous good file, kept so a damaged database can be restored. */
  backup: string;
  /** Written then renamed over `db`. */
  temp: string;
  lock: string;
}

export function storePaths(dir: string): StorePaths {
  return {
    dir,
    db: join(dir, DB_FILE),
    backup: join(dir, `${DB_FILE}.backup`),
    temp: join(dir, `${DB_FILE}.writing`),
    lock: join(dir, 'gatehouse.lock'),
  };
}

export function journalPath(paths: StorePaths, baseSeq: number): string {
  return join(paths.dir, `${JOURNAL_PREFIX}${String(baseSeq).padStart(16, '0')}`);
}

/** The base sequence a journal's file name carries, or null for any other name. */
export function journalBaseOf(name: string): number | null {
  const match = new RegExp(`^${JOURNAL_PREFIX.replace(/\./g, '\\.')}(\\d{16})$`).exec(name);
  return match ? Number(match[1]) : null;
}

/** Where a journal that cannot be replayed is moved, kept for a person to look at. */
export function setAsidePath(path: string, at: number): string {
  return `${path}.unreadable-${new Date(at).toISOString().replace(/[:.]/g, '-')}`;
}

/** Where an unreadable file is moved: beside the database, named for what happened and when. */
export function movedAsidePath(paths: StorePaths, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  return join(paths.dir, `${DB_FILE}.unreadable-${stamp}`);
}

export async function fsyncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable. Some platforms (Windows) cannot open a directory: skip there.
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // EINVAL/EISDIR on file systems that do not support directory fsync.
  } finally {
    await handle.close();
  }
}

/**
 * The write-in-progress file is always a new file of ours: O_EXCL fails rather than open
 * something already there, and so never follows a symlink planted under its name (O_NOFOLLOW
 * says so again where it exists). A leftover is removed (the link itself) and creation retried.
 */
const EXCLUSIVE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

async function openExclusive(path: string): Promise<FileHandle> {
  try {
    return await open(path, EXCLUSIVE_FLAGS, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await rm(path, { force: true });
    return open(path, EXCLUSIVE_FLAGS, 0o600);
  }
}

/**
 * Writes `bytes` as the new database, keeping the current file as the backup.
 * The backup is a hard link to the old file (cheap), so there is no moment without a database.
 */
export async function writeDurably(paths: StorePaths, bytes: Uint8Array): Promise<void> {
  await writeFileSynced(paths.temp, bytes);
  const kept = await refreshBackup(paths);
  await rename(paths.temp, paths.db);
  if (!kept && !(await exists(paths.backup))) {
    // The first snapshot is its own backup: with the journal after it, a damaged snapshot loses
    // nothing. A copy, not a link: damage to one file must not reach the other.
    await copyIntoPlace(paths.db, paths.backup);
  }
  await fsyncDirectory(paths.dir);
}

/** `bytes` as a new file of ours at `path`, fsynced: for a caller that renames it into place. */
export async function writeFileSynced(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await openExclusive(path);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A durable copy under a new name: staged, fsynced, renamed into place. */
export async function copyIntoPlace(from: string, to: string): Promise<void> {
  const staging = `${to}.new`;
  await rm(staging, { force: true });
  await copyFile(from, staging, constants.COPYFILE_EXCL);
  const handle = await open(staging, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(staging, to);
}

/** Keeps the current database as the backup; false when there is none yet (the first write). */
async function refreshBackup(paths: StorePaths): Promise<boolean> {
  const staging = `${paths.backup}.new`;
  await rm(staging, { force: true });
  try {
    await link(paths.db, staging);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // first write: nothing to keep
    await copyFile(paths.db, staging, constants.COPYFILE_EXCL); // file systems without hard links
  }
  await rename(staging, paths.backup);
  // A kill between this step and the rename of the new snapshot leaves the backup and the
  // snapshot as two names of one file. The next time round, the staging link is a third name of
  // it too, and rename() between two names of one file does nothing and succeeds (POSIX), so the
  // staging name stays behind: the backup is right (the snapshot as it was), the name is debris.
  await rm(staging, { force: true });
  return true;
}
