/**
 * One writer per data directory. The Electron shell also holds a single-instance lock, but a
 * second copy of the app (another install, a CLI, a test) could still point at the same folder;
 * two writers exporting whole files over each other would silently lose accounts.
 *
 * - The lock file appears whole: its content (process id and a random nonce) is written to a
 *   private file first and hard-linked into place, and link() fails if the name exists. So no
 *   process ever sees an empty or half-written lock of ours and takes it for stale.
 * - Taking over a stale lock (its process is gone) is single-winner: every removal of a lock
 *   file happens while holding a second, short-lived "breaking" file created exclusively, and
 *   only after re-reading that the lock is still the very one judged stale (same nonce). Two
 *   starters after a crash (the app and the CLI) can both judge it stale; only one removes it,
 *   and the other then finds a live owner.
 * - proper-lockfile was considered and not used: its stale takeover is rmdir-then-mkdir with no
 *   ownership re-check, the same race (moxystudio/node-proper-lockfile#121), and staleness by
 *   mtime needs a timer that a suspended laptop stops.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { StoreError } from './errors';

/** An empty or unreadable lock younger than this may be an old Gatehouse still writing it. */
const UNREADABLE_GRACE_MS = 5_000;
const ATTEMPTS = 50;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The owner's process id: the first line of the lock file. */
export function lockOwnerPid(text: string): number | null {
  const pid = Number.parseInt(text.split('\n')[0]!.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `path` holding `content`, whole, or returns false if it already exists. */
function createWhole(path: string, content: string): boolean {
  const staging = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(staging, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(staging, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(staging, { force: true });
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes the lock if it still holds exactly `staleText`, under the breaking file. Returns false
 * when another process is breaking it right now (the caller looks again).
 */
function breakStaleLock(lockPath: string, staleText: string, identity: string): boolean {
  const breaking = `${lockPath}.breaking`;
  if (!createWhole(breaking, identity)) {
    // A breaker that died inside this few-microsecond window would block forever: clear it.
    const text = readText(breaking);
    const pid = text === null ? null : lockOwnerPid(text);
    if (text !== null && (pid === null || !processIsAlive(pid)) && ageMs(breaking) > UNREADABLE_GRACE_MS) rmSync(breaking, { force: true });
    return false;
  }
  try {
    if (readText(lockPath) === staleText) rmSync(lockPath, { force: true });
  } finally {
    rmSync(breaking, { force: true });
  }
  return true;
}

function lockedError(lockPath: string, pid: number | null): StoreError {
  return new StoreError(
    'STORE_LOCKED',
    `Another Gatehouse (process ${pid ?? 'unknown'}) is already using this data folder (${lockPath}). Close it first, or choose another folder with --data-dir.`,
  );
}

/**
 * Takes the lock or throws STORE_LOCKED. A lock left by a process that no longer exists (a crash,
 * a SIGKILL) is taken over. Returns the release function.
 */
export function acquireWriterLock(lockPath: string): () => void {
  const identity = `${process.pid}\n${randomBytes(16).toString('hex')}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createWhole(lockPath, identity)) {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readText(lockPath) === identity) rmSync(lockPath, { force: true });
      };
    }
    const text = readText(lockPath);
    if (text === null) continue; // released meanwhile: try again
    const owner = lockOwnerPid(text);
    if (owner !== null && processIsAlive(owner)) throw lockedError(lockPath, owner);
    if (owner === null && ageMs(lockPath) < UNREADABLE_GRACE_MS) throw lockedError(lockPath, null);
    if (!breakStaleLock(lockPath, text, identity)) sleepSync(5);
  }
  throw new StoreError('STORE_LOCKED', `Could not take the data folder lock at ${lockPath}.`);
}
