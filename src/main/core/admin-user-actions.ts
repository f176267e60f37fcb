/**
 * Which administrator actions apply to an account, and which an administrator may not take on
 * their own account. The single source of truth for "not on yourself": the handlers in
 * admin-users.ts refuse with these words, and the Users screen offers only what
 * allowedActions() lists (issue 11: the own row never offers what would then be refused).
 */
import type { AdminUserAction } from '../../shared/admin';
import type { UserRow } from './users';

/**
 * Actions refused on one's own account, with the words that complete "You cannot … your own
 * account": nobody locks themselves out (disable, demote, delete, reset) or ends the session
 * they are using.
 */
export const SELF_REFUSED: Readonly<Partial<Record<AdminUserAction, string>>> = {
  disable: 'disable',
  'reset-password': 'reset the password of',
  'end-sessions': 'end the sessions of',
  'remove-admin': 'remove administrator rights from',
  'reset-two-step': 'reset two-step verification of',
  delete: 'delete',
};

/** The actions that apply to this account as it is now (enable only when disabled, and so on). */
function applicableActions(row: UserRow, lockedUntil: string | null, twoStepEnabled: boolean): AdminUserAction[] {
  return [
    'edit-email',
    row.active === 1 ? 'disable' : 'enable',
    ...(lockedUntil ? (['unlock'] as const) : []),
    'reset-password',
    'end-sessions',
    row.role === 'admin' ? 'remove-admin' : 'make-admin',
    ...(twoStepEnabled ? (['reset-two-step'] as const) : []),
    // Issue 14: only ordinary accounts can be kept; administrators are never removed for inactivity.
    ...(row.role === 'user' ? ([row.keep === 1 ? 'unkeep' : 'keep'] as const) : []),
    'delete',
  ];
}

/** What `viewerId` may do to this account: the applicable actions less those refused on oneself. */
export function allowedActions(viewerId: number, row: UserRow, lockedUntil: string | null, twoStepEnabled = false): AdminUserAction[] {
  const own = row.id === viewerId;
  return applicableActions(row, lockedUntil, twoStepEnabled).filter((action) => !(own && SELF_REFUSED[action]));
}
