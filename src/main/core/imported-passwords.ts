/**
 * The sign-in side of imported hashes (issue 14). The sign-in handler asks two things, and keeps
 * the rest of its flow: does this account hold an imported hash (then check the typed password
 * against it), and after a success, replace it with Gatehouse's own bcrypt hash.
 */
import { PASSWORD_MAX_BYTES, utf8ByteLength } from '../../shared/password-rules';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { verifyImportedHash } from './imported-hashes';
import type { UserRow } from './users';

export function holdsImportedHash(ctx: CoreContext, user: UserRow | undefined): boolean {
  if (!user) return false;
  return ctx.store.get<{ imported: number }>('SELECT password_imported AS imported FROM users WHERE id = ?', [user.id])?.imported === 1;
}

/** `typed` is the password exactly as typed: those apps hashed it without normalising. */
export function checkImportedPassword(ctx: CoreContext, user: UserRow, typed: string): Promise<boolean> {
  return verifyImportedHash(ctx.hasher, user.password_hash, typed);
}

/** After a right password: the imported hash is replaced by bcrypt of the normalised password. */
export async function replaceImportedHash(ctx: CoreContext, user: UserRow, normalized: string): Promise<void> {
  if (utf8ByteLength(normalized) > PASSWORD_MAX_BYTES) {
    // bcrypt would silently cut it: keep the imported hash and ask for a new password now.
    ctx.store.run('UPDATE users SET must_change_password = 1 WHERE id = ?', [user.id]);
    return;
  }
  const hash = await ctx.hasher.hash(normalized, ctx.bcryptCost);
  ctx.store.run('UPDATE users SET password_hash = ?, password_imported = 0, updated_at = ? WHERE id = ?', [hash, ctx.now(), user.id]);
  recordAudit(ctx.store, ctx.now(), { event: 'imported_password_upgraded', userId: user.id });
}
