/**
 * The last-admin rule and the change it guards, in one synchronous transaction. Nothing can
 * run between the count and the write (sql.js is single-threaded and nothing here awaits), so
 * two administrators deleting, demoting or disabling each other at once leave one standing.
 */
import { fail, type Result } from '../../shared/result';
import type { CoreContext } from './context';
import { findUserById, type UserRow } from './users';
import { isDirectoryAccount } from './directory/links';

/** Thrown out of a use case when the guarded change is refused; the caller answers `result`. */
export class GuardRefusal extends Error {
  constructor(readonly result: Result<never>) {
    super(result.ok ? '' : result.error.message);
  }
}

function otherActiveAdmins(ctx: CoreContext, exceptId: number): number {
  return Number(
    // Local administrators only (issue 16): a directory administrator can lose the role at their
    // next sign-in, so a local one always remains as the break-glass account.
    ctx.store.get<{ n: number }>(
      "SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1 AND id != ? AND id NOT IN (SELECT user_id FROM directory_accounts)",
      [exceptId],
    )?.n ?? 0,
  );
}

/** The one last-admin rule: the target is the last active local administrator (issue 16: directory ones do not count). */
export function isLastLocalAdmin(ctx: CoreContext, target: UserRow): boolean {
  return target.role === 'admin' && target.active === 1 && !isDirectoryAccount(ctx.store, target.id) && otherActiveAdmins(ctx, target.id) === 0;
}

/**
 * The router checked the role when the call arrived; an action that awaited since (hashing a
 * password) asks again right before it writes, in the same synchronous block as the write, so
 * an administrator demoted or disabled meanwhile changes nothing.
 */
export function notStillAdmin(ctx: CoreContext, actorId: number): Result<never> | null {
  const actor = findUserById(ctx.store, actorId);
  return !actor || actor.role !== 'admin' || actor.active !== 1 ? fail('FORBIDDEN', 'Only an administrator can do that.') : null;
}

/**
 * Runs `change` only if, at this instant, the actor is still an active administrator, the target
 * still exists, and (when `protectLastAdmin`) the target is not the last active administrator.
 * Throws GuardRefusal otherwise. Call it before any await in the use case.
 */
export function guardedAdminChange<T>(
  ctx: CoreContext,
  actorId: number | null,
  targetId: number,
  protectLastAdmin: boolean,
  change: (target: UserRow) => T,
): T {
  const outcome = ctx.store.transaction((): { refused: Result<never> } | { value: T } => {
    const actorRefused = actorId === null ? null : notStillAdmin(ctx, actorId);
    if (actorRefused) return { refused: actorRefused };
    const target = findUserById(ctx.store, targetId);
    if (!target) return { refused: fail('NOT_FOUND', 'That account no longer exists.') };
    if (protectLastAdmin && isLastLocalAdmin(ctx, target)) {
      return {
        refused: fail('CONFLICT', `${target.username} is the last active administrator, so this would leave nobody able to manage Gatehouse.`),
      };
    }
    return { value: change(target) };
  });
  if ('refused' in outcome) throw new GuardRefusal(outcome.refused);
  return outcome.value;
}
