/**
 * The file names the store uses and the one durable way it writes: temp file, fsync, rename,
 * fsync the directory. A crash at any instant leaves either the old file or the new one.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename, rm, link, copyFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DB_FILE = 'gatehouse.db';

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

/** Where an unreadable file is moved: beside the database, named for what happened and when. */
export function movedAsidePath(paths: StorePaths, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  return join(paths.dir, `${DB_FILE}.unreadable-${stamp}`);
}

async function fsyncDirectory(dir: string): Promise<void> {
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
 * Writes `bytes` as the new database, keeping the current file as the backup.
 * The backup is a hard link to the old file (cheap), so there is no moment without a database.
 */
export async function writeDurably(paths: StorePaths, bytes: Uint8Array): Promise<void> {
  const handle = await open(paths.temp, 'w', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await refreshBackup(paths);
  await rename(paths.temp, paths.db);
  await fsyncDirectory(paths.dir);
}

async function refreshBackup(paths: StorePaths): Promise<void> {
  const staging = `${paths.backup}.new`;
  await rm(staging, { force: true });
  try {
    await link(paths.db, staging);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // first write: nothing to keep
    await copyFile(paths.db, staging); // file systems without hard links
  }
  await rename(staging, paths.backup);
}

/** Synchronous twin for restoring a backup during open, before anything else runs. */
export function copyDurablySync(from: Uint8Array, to: string, tempPath: string): void {
  const fd = openSync(tempPath, 'w', 0o600);
  try {
    writeSync(fd, from);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tempPath, to);
}
