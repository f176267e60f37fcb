/**
 * Secrets copied onto a shared clipboard (a temporary password today, recovery codes later)
 * must not wait there for the next person. The page copies them itself (navigator.clipboard,
 * the one clipboard permission the shell grants); the shell sees every secret it is given
 * cross IPC, and clears the clipboard 60 s later, or when a session ends, but only if the
 * clipboard still holds that very secret: something the person copied since is left alone.
 */
import type { Clipboard } from 'electron';

export const SECRET_CLIPBOARD_MS = 60_000;

export interface SecretClipboard {
  /** A secret just went to the page, which may copy it. */
  noteSecret(secret: string): void;
  /** A session ended (sign-out, idle, the app quitting): clear what is still ours now. */
  clearNow(): Promise<void>;
}

interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function createSecretClipboard(
  clipboard: Pick<Clipboard, 'readText' | 'clear'>,
  timers: Timers = { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
  holdMs = SECRET_CLIPBOARD_MS,
): SecretClipboard {
  const pending = new Map<string, unknown>();
  // Electron 45's clipboard reads asynchronously (readText() is a promise). A clipboard that
  // cannot be read is left as it is: clearing blindly could wipe what the person copied since.
  const clearIfStillThere = async (secret: string) => {
    timers.clearTimeout(pending.get(secret));
    pending.delete(secret);
    try {
      if ((await clipboard.readText()) === secret) clipboard.clear();
    } catch {
      // nothing we can safely do
    }
  };
  return {
    noteSecret(secret) {
      if (secret.length === 0) return;
      timers.clearTimeout(pending.get(secret));
      pending.set(secret, timers.setTimeout(() => void clearIfStillThere(secret), holdMs));
    },
    async clearNow() {
      await Promise.all([...pending.keys()].map(clearIfStillThere));
    },
  };
}

/** The secrets a channel's answer carries to the page (only these fields are ever secret). */
export function secretsIn(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const { temporaryPassword, recoveryKey } = data as { temporaryPassword?: unknown; recoveryKey?: unknown };
  return [temporaryPassword, recoveryKey].filter((value): value is string => typeof value === 'string');
}
