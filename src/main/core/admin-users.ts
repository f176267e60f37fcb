/**
 * The administrator's account management. Only administrators reach these handlers: the
 * contract says so and the router refuses everyone else, so a renderer that shows an admin
 * button to the wrong person still gets FORBIDDEN.
 */
import type { AdminUserAction, AdminUserView, ManagedUserView } from '../../shared/admin';
import { fail, ok, type Result } from '../../shared/result';
import { GuardRefusal, guardedAdminChange, isLastLocalAdmin, notStillAdmin } from './admin-invariants';
import { allowedActions, directoryRefusal, selfRefusal } from './admin-user-actions';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { enabledTwoStep } from './two-step';
import type { Handler } from './handler';
import { anyLockedUntil, clearAllFailures, clearIdentifierFailures } from './lockout';
import { revokeUserSessions } from './sessions';
import { generateTemporaryPassword } from './temporary-password';
import { accountFieldProblems, insertUser, validationFailed } from './new-user';
import { deleteUserKeepingName, findUserById, toPublicUser, type UserRow } from './users';
import { isDirectoryAccount } from './directory/links';

export function toAdminView(ctx: CoreContext, row: UserRow): AdminUserView {
  // Locked when the account is, or when either of its spellings is at sign-in (issue 10 §5).
  const until = anyLockedUntil(ctx, row);
  return {
    ...toPublicUser(row),
    active: row.active === 1,
    lockedUntil: until !== null ? new Date(until).toISOString() : null,
    twoStepEnabled: enabledTwoStep(ctx, row.id) !== undefined, // issue 13
    keep: row.keep === 1, // issue 14
    fromDirectory: isDirectoryAccount(ctx.store, row.id), // issue 16
  };
}

/** An account with what this administrator may do to it (the Users screen's rows, the details view). */
export function toManagedView(ctx: CoreContext, viewerId: number, row: UserRow): ManagedUserView {
  const view = toAdminView(ctx, row);
  const facts = { lockedUntil: view.lockedUntil, twoStepEnabled: view.twoStepEnabled === true, fromDirectory: view.fromDirectory === true };
  return { ...view, allowedActions: allowedActions(viewerId, row, facts) };
}

export function targetUser(ctx: CoreContext, userId: number): UserRow | Result<never> {
  return findUserById(ctx.store, userId) ?? fail('NOT_FOUND', 'That account no longer exists.');
}

export const isRow = (value: UserRow | Result<never>): value is UserRow => 'username_norm' in value;


/**
 * The rules that keep a machine administrable: nobody locks themselves out by acting on their
 * own account, and the last active administrator cannot be disabled, demoted or deleted. And
 * (issue 16) nothing is done here that the organisation's directory decides.
 */
interface Guard {
  /** The action as admin-user-actions.ts names it: its SELF_REFUSED and DIRECTORY_REFUSED entries apply. */
  action: AdminUserAction;
  protectLastAdmin?: boolean;
}

function refusal(ctx: CoreContext, admin: UserRow, target: UserRow, guard: Guard): Result<never> | null {
  // First: on one's own directory account, "ask another administrator" would not help either.
  const directory = isDirectoryAccount(ctx.store, target.id) ? directoryRefusal(guard.action, target) : null;
  if (directory) return directory;
  const own = target.id === admin.id ? selfRefusal(guard.action) : null;
  if (own) return own;
  if (guard.protectLastAdmin && isLastLocalAdmin(ctx, target)) {
    return fail('CONFLICT', `${target.username} is the last active administrator, so this would leave nobody able to manage Gatehouse.`);
  }
  return null;
}

/** `%` and `_` typed into the search box are searched for, not treated as wildcards. */
function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const listUsers: Handler<'admin:list-users'> = async (ctx, input, { user: admin }) => {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 20;
  const query = (input.query ?? '').normalize('NFKC').trim().toLowerCase();
  const where = query ? "WHERE username_norm LIKE ? ESCAPE '\\' OR email_norm LIKE ? ESCAPE '\\'" : '';
  const params = query ? [likePattern(query), likePattern(query)] : [];
  const total = Number(ctx.store.get<{ n: number }>(`SELECT count(*) AS n FROM users ${where}`, params)?.n ?? 0);
  const rows = ctx.store.all<UserRow>(`SELECT * FROM users ${where} ORDER BY username_norm LIMIT ? OFFSET ?`, [
    ...params,
    pageSize,
    (page - 1) * pageSize,
  ]);
  return ok({ users: rows.map((row) => toManagedView(ctx, admin.id, row)), total, page, pageSize });
};

export const createUser: Handler<'admin:create-user'> = async (ctx, input, { user: admin }) => {
  const username = input.username.normalize('NFKC');
  const email = input.email.normalize('NFKC').trim();
  const fields = accountFieldProblems(ctx, { username, email });
  if (Object.keys(fields).length > 0) return validationFailed(fields);

  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await ctx.hasher.hash(temporaryPassword, ctx.bcryptCost);
  const demoted = notStillAdmin(ctx, admin.id); // while we hashed
  if (demoted) return demoted;
  const inserted = insertUser(ctx, {
    username,
    email,
    role: input.role,
    passwordHash,
    mustChangePassword: true,
    createdBy: { self: false, actorId: admin.id },
  });
  if (!inserted.ok) return inserted;
  return ok({ user: toAdminView(ctx, inserted.data), temporaryPassword });
};

/** The shape shared by the single-user actions: find, guard, change, audit (the router authorised and saves). */
async function actOnUser<T>(
  ctx: CoreContext,
  admin: UserRow,
  userId: number,
  guard: Guard,
  run: (target: UserRow, now: number) => Promise<T>,
): Promise<Result<T>> {
  const target = targetUser(ctx, userId);
  if (!isRow(target)) return target;
  const refused = refusal(ctx, admin, target, guard);
  if (refused) return refused;
  try {
    return ok(await run(target, ctx.now()));
  } catch (error) {
    if (error instanceof GuardRefusal) return error.result; // the last-admin rule, re-checked atomically
    throw error;
  }
}

export const setUserActive: Handler<'admin:set-active'> = (ctx, input, { user: admin }) => {
  // Enabling cannot lock anyone out, so only disabling is guarded.
  const guard: Guard = input.active ? { action: 'enable' } : { action: 'disable', protectLastAdmin: true };
  return actOnUser(ctx, admin, input.userId, guard, async (target, now) => {
    // Enabling also ends the inactive-account rule's hold (issue 14): its grace counts from when
    // the rule disabled the account, so a stale date would turn a later Disable by hand into a
    // deletion at the next run. The rule may disable the account again, afresh and audited.
    guardedAdminChange(ctx, admin.id, target.id, !input.active, () =>
      ctx.store.run(`UPDATE users SET active = ?, updated_at = ?${input.active ? ', inactive_disabled_at = NULL' : ''} WHERE id = ?`, [input.active, now, target.id]),
    );
    if (!input.active) await revokeUserSessions(ctx, target.id);
    recordAudit(ctx.store, now, { event: input.active ? 'admin_enable_user' : 'admin_disable_user', userId: target.id, actorId: admin.id });
    return { user: toAdminView(ctx, findUserById(ctx.store, target.id)!) };
  });
};

export const unlockUser: Handler<'admin:unlock-user'> = (ctx, input, { user: admin }) => {
  return actOnUser(ctx, admin, input.userId, { action: 'unlock' }, async (target, now) => {
    clearAllFailures(ctx, target);
    recordAudit(ctx.store, now, { event: 'admin_unlock_user', userId: target.id, actorId: admin.id });
    return { user: toAdminView(ctx, findUserById(ctx.store, target.id)!) };
  });
};

/**
 * A one-time password replaces the account's own (the administrator's reset, or the CLI's
 * recovery): its owner must choose a new one at sign-in, and every lock on it is lifted.
 */
export function setTemporaryPassword(ctx: CoreContext, target: UserRow, hash: string, now: number): void {
  ctx.store.run(
    `UPDATE users SET password_hash = ?, must_change_password = 1, failed_attempts = 0, locked_until = NULL,
       password_changed_at = ?, updated_at = ? WHERE id = ?`,
    [hash, now, now, target.id],
  );
  clearIdentifierFailures(ctx, target);
}

export const resetPassword: Handler<'admin:reset-password'> = (ctx, input, { user: admin }) => {
  return actOnUser(ctx, admin, input.userId, { action: 'reset-password' }, async (target, now) => {
    const temporaryPassword = generateTemporaryPassword();
    const hash = await ctx.hasher.hash(temporaryPassword, ctx.bcryptCost);
    // Asked again after the hash: the account may be gone, or the actor no longer an administrator.
    guardedAdminChange(ctx, admin.id, target.id, false, () => setTemporaryPassword(ctx, target, hash, now));
    await revokeUserSessions(ctx, target.id);
    recordAudit(ctx.store, now, { event: 'admin_reset_password', userId: target.id, actorId: admin.id });
    return { user: toAdminView(ctx, findUserById(ctx.store, target.id)!), temporaryPassword };
  });
};

export const endUserSessions: Handler<'admin:end-sessions'> = (ctx, input, { user: admin }) => {
  return actOnUser(ctx, admin, input.userId, { action: 'end-sessions' }, async (target, now) => {
    const ended = Number(ctx.store.get<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE user_id = ?', [target.id])?.n ?? 0);
    await revokeUserSessions(ctx, target.id);
    recordAudit(ctx.store, now, { event: 'admin_end_sessions', userId: target.id, actorId: admin.id, detail: { ended } });
    return { ended };
  });
};

export const setUserRole: Handler<'admin:set-role'> = (ctx, input, { user: admin }) => {
  // Promoting cannot lock anyone out, so only demoting is guarded.
  const guard: Guard = input.role === 'admin' ? { action: 'make-admin' } : { action: 'remove-admin', protectLastAdmin: true };
  return actOnUser(ctx, admin, input.userId, guard, async (target, now) => {
    if (target.role === input.role) return { user: toAdminView(ctx, target) };
    guardedAdminChange(ctx, admin.id, target.id, input.role === 'user', () =>
      ctx.store.run('UPDATE users SET role = ?, updated_at = ? WHERE id = ?', [input.role, now, target.id]),
    );
    if (input.role === 'user') await revokeUserSessions(ctx, target.id);
    recordAudit(ctx.store, now, { event: 'admin_set_role', userId: target.id, actorId: admin.id, detail: { from: target.role, to: input.role } });
    return { user: toAdminView(ctx, findUserById(ctx.store, target.id)!) };
  });
};

export const deleteUser: Handler<'admin:delete-user'> = (ctx, input, { user: admin }) => {
  return actOnUser(ctx, admin, input.userId, { action: 'delete', protectLastAdmin: true }, async (target, now) => {
    guardedAdminChange(ctx, admin.id, target.id, true, () => deleteUserKeepingName(ctx.store, target, now));
    await revokeUserSessions(ctx, target.id); // after the row is gone (its sessions went with it)
    recordAudit(ctx.store, now, {
      event: 'admin_delete_user',
      userId: target.id,
      actorId: admin.id,
      detail: { username: target.username, email: target.email },
    });
    return {} as Record<string, never>;
  });
};
