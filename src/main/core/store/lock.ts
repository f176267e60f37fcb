/**
 * One writer per data directory. The Electron shell also holds a single-instance lock, but a
 * second copy of the app (another install, a CLI, a test) could still point at the same folder;
 * two writers exporting whole files over each other would silently lose accounts.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { StoreError } from './errors';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock or throws STORE_LOCKED. A lock left by a process that no longer exists (a crash,
 * a SIGKILL) is taken over. Returns the release function.
 */
export function acquireWriterLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readOwner(lockPath) === process.pid) rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockPath);
      if (owner !== null && processIsAlive(owner)) {
        throw new StoreError(
          'STORE_LOCKED',
          `Another Gatehouse (process ${owner}) is already using this data folder (${lockPath}). Close it first, or choose another folder with --data-dir.`,
        );
      }
      rmSync(lockPath, { force: true }); // stale: its owner died without releasing
    }
  }
  throw new StoreError('STORE_LOCKED', `Could not take the data folder lock at ${lockPath}.`);
}
