/**
 * Recovery on the machine itself, for an administrator who is locked out or forgot their
 * password: the CLI's `unlock` and `reset-password`, used while the app is stopped (the writer
 * lock refuses otherwise). Whoever can run them can already edit the data folder, so no session
 * is asked for; both are audited with no actor, which is how the log shows "done from the CLI".
 */
import type { AdminUserView } from '../../shared/admin';
import { fail, ok, type Result } from '../../shared/result';
import { setTemporaryPassword, toAdminView } from './admin-users';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { clearAllFailures } from './lockout';
import { revokeUserSessions } from './sessions';
import { generateTemporaryPassword } from './temporary-password';
import { findUserById, findUserByIdentifier, type UserRow } from './users';
import { directoryRefusal } from './admin-user-actions';
import { isDirectoryAccount } from './directory/links';

function findAccount(ctx: CoreContext, identifier: string): UserRow | Result<never> {
  return findUserByIdentifier(ctx.store, identifier.normalize('NFKC').trim()) ?? fail('NOT_FOUND', `No account is called "${identifier}".`);
}

export async function unlockAccount(ctx: CoreContext, identifier: string): Promise<Result<{ user: AdminUserView }>> {
  const found = findAccount(ctx, identifier);
  if ('ok' in found) return found;
  const now = ctx.now();
  clearAllFailures(ctx, found);
  recordAudit(ctx.store, now, { event: 'admin_unlock_user', userId: found.id, actorId: null, detail: { via: 'cli' } });
  await ctx.store.persist();
  return ok({ user: toAdminView(ctx, findUserById(ctx.store, found.id)!) });
}

export async function resetAccountPassword(
  ctx: CoreContext,
  identifier: string,
): Promise<Result<{ user: AdminUserView; temporaryPassword: string }>> {
  const found = findAccount(ctx, identifier);
  if ('ok' in found) return found;
  const refused = isDirectoryAccount(ctx.store, found.id) ? directoryRefusal('reset-password', found) : null; // issue 16
  if (refused) return refused;
  const temporaryPassword = generateTemporaryPassword();
  const hash = await ctx.hasher.hash(temporaryPassword, ctx.bcryptCost);
  const now = ctx.now();
  setTemporaryPassword(ctx, found, hash, now);
  await revokeUserSessions(ctx, found.id);
  recordAudit(ctx.store, now, { event: 'admin_reset_password', userId: found.id, actorId: null, detail: { via: 'cli' } });
  await ctx.store.persist();
  return ok({ user: toAdminView(ctx, findUserById(ctx.store, found.id)!), temporaryPassword });
}
