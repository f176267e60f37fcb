/**
 * Backups (issue 14): a consistent copy of the whole store, written by the core, which holds it.
 * "Back up now" in Settings writes into a folder the administrator picks in the shell's own
 * folder dialog (the `chooseBackupFolder` port; the renderer never names a path); the CLI's
 * `backup --to FILE` writes to FILE with the app stopped.
 */
import { closeSync, constants, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ok } from '../../shared/result';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import type { Handler } from './handler';
import { encodeBackup } from './backup-file';
import { sealingOf } from './encryption/encryption';

/** `gatehouse-backup-<time>.db`; a second backup in the same millisecond gets `-2`, and so on. */
export function backupFileName(now: number, attempt = 1): string {
  return `gatehouse-backup-${new Date(now).toISOString().replace(/[:.]/g, '-')}${attempt > 1 ? `-${attempt}` : ''}.db`;
}

/**
 * New file only (O_EXCL, no symlink followed), mode 0600, every byte written and fsynced, so
 * success means on disk. A write that fails (a full disk) takes its partial file away with it:
 * nothing half-written is left under a backup's name.
 */
function writeNewFile(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
}

/** Writes the snapshot to `file`; audits it. The caller persists (the audit row). */
export function writeBackup(ctx: CoreContext, file: string, actorId: number | null): string {
  // Sealed with the store's key when encryption is on (backup-file.ts), so a copied backup is no weaker than the store.
  writeNewFile(file, encodeBackup(ctx.store.exportDatabase(), sealingOf(ctx.encryption), ctx.encryption.file));
  recordAudit(ctx.store, ctx.now(), { event: 'backup_created', actorId, detail: { file } });
  return file;
}

/** A new backup in `folder`, under the first name not taken (two at once never collide). */
function writeBackupIn(ctx: CoreContext, folder: string, actorId: number): string {
  const now = ctx.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return writeBackup(ctx, join(folder, backupFileName(now, attempt)), actorId);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

export const backUpNow: Handler<'admin:backup'> = async (ctx, _input, { user }) => {
  const folder = await ctx.chooseBackupFolder();
  if (folder === null) return ok({ file: null });
  try {
    return ok({ file: writeBackupIn(ctx, folder, user.id) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, error: { code: 'STORE_UNAVAILABLE', message: `The backup could not be written to ${folder} (${code}). Choose another folder and try again.` } };
  }
};
