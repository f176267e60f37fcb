/**
 * The administrator's user-details view (issue 11): one account, and its email changed by an
 * administrator with the same rules as registration (format, not another account's).
 */
import { normalizeEmail } from '../../shared/password-rules';
import { ok } from '../../shared/result';
import { recordAudit } from './audit';
import { isRow, targetUser, toManagedView } from './admin-users';
import type { Handler } from './handler';
import { accountFieldProblems, takenAnswer, validationFailed } from './new-user';
import { findUserById } from './users';

export const getUser: Handler<'admin:get-user'> = async (ctx, input, { user: admin }) => {
  const target = targetUser(ctx, input.userId);
  if (!isRow(target)) return target;
  return ok({ user: toManagedView(ctx, admin.id, target) });
};

export const updateUserEmail: Handler<'admin:update-email'> = async (ctx, input, { user: admin }) => {
  const target = targetUser(ctx, input.userId);
  if (!isRow(target)) return target;
  const email = input.email.normalize('NFKC').trim();
  const fields = accountFieldProblems(ctx, { email }, target.id);
  if (Object.keys(fields).length > 0) return validationFailed(fields);
  if (email === target.email) return ok({ user: toManagedView(ctx, admin.id, target) });

  const now = ctx.now();
  try {
    // Nothing awaited since the router checked the caller and we read the target: no re-check needed.
    ctx.store.run('UPDATE users SET email = ?, email_norm = ?, updated_at = ? WHERE id = ?', [email, normalizeEmail(email), now, target.id]);
  } catch (error) {
    const taken = takenAnswer(error); // a simultaneous change took the address meanwhile
    if (taken) return taken;
    throw error;
  }
  recordAudit(ctx.store, now, {
    event: 'profile_change',
    userId: target.id,
    actorId: admin.id,
    detail: { email: { from: target.email, to: email } },
  });
  return ok({ user: toManagedView(ctx, admin.id, findUserById(ctx.store, target.id)!) });
};
