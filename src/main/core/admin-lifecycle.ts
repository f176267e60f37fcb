/** The administrator's side of inactive accounts (issue 14): what is due, and Keep. */
import { fail, ok } from '../../shared/result';
import { recordAudit } from './audit';
import { toAdminView } from './admin-users';
import type { Handler } from './handler';
import { inactiveAccountsDue } from './inactive-accounts';
import { findUserById } from './users';

export const listInactiveDue: Handler<'admin:inactive-due'> = async (ctx) => ok(inactiveAccountsDue(ctx));

export const setKeep: Handler<'admin:set-keep'> = async (ctx, input, { user: admin }) => {
  const target = findUserById(ctx.store, input.userId);
  if (!target) return fail('NOT_FOUND', 'That account no longer exists.');
  // Keeping also ends the rule's hold on an account it had disabled, as Enable does: otherwise
  // a later Unkeep would have it deleted at the next run, its grace long past, with no warning.
  // It stays disabled until an administrator enables or deletes it.
  ctx.store.run(`UPDATE users SET keep = ?, updated_at = ?${input.keep ? ', inactive_disabled_at = NULL' : ''} WHERE id = ?`, [input.keep, ctx.now(), target.id]);
  recordAudit(ctx.store, ctx.now(), { event: 'admin_set_keep', userId: target.id, actorId: admin.id, detail: { username: target.username, keep: input.keep } });
  return ok({ user: toAdminView(ctx, findUserById(ctx.store, target.id)!) });
};
