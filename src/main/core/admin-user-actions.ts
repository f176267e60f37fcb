/**
 * Which administrator actions apply to an account, which an administrator may not take on
 * their own account, and which make no sense for an account from the organisation's directory.
 * The single source of truth for both refusals: the handlers in admin-users.ts refuse with these
 * words, and the Users screen offers only what allowedActions() lists (issue 11: the own row
 * never offers what would then be refused; issue 16: nor does a directory account's row).
 */
import type { AdminUserAction } from '../../shared/admin';
import { fail, type Result } from '../../shared/result';
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

/**
 * Where to go instead, when "Ask another administrator" is not the best advice: one's own
 * two-step verification is turned off on one's own screen, which asks for a code (a reset would
 * skip that).
 */
const SELF_INSTEAD: Readonly<Partial<Record<AdminUserAction, string>>> = {
  'reset-two-step': 'Turn it off on your Two-step verification screen, which asks for a code.',
};

/** The typed refusal for an action an administrator may not take on their own account; null when they may. */
export function selfRefusal(action: AdminUserAction): Result<never> | null {
  const verb = SELF_REFUSED[action];
  return verb ? fail('CONFLICT', `You cannot ${verb} your own account. ${SELF_INSTEAD[action] ?? 'Ask another administrator.'}`) : null;
}

/**
 * Issue 16: actions refused on an account from the organisation's directory, with the words that
 * complete "<name> signs in with the organisation's directory: …". Its password is the
 * directory's (checked and changed there), and its role is the directory's admin group, written
 * again at each online sign-in, so a change here would be silently undone.
 */
export const DIRECTORY_REFUSED: Readonly<Partial<Record<AdminUserAction, string>>> = {
  'reset-password': 'their password is reset there, not here.',
  'make-admin': "their role comes from the directory's admin group at each sign-in. Add them to that group instead.",
  'remove-admin':
    "their role comes from the directory's admin group at each sign-in. Remove them from that group instead; to stop them signing in here now, disable the account.",
};

/** The typed refusal for a directory-refused action called anyway (the screen never offers it). */
export function directoryRefusal(action: AdminUserAction, target: UserRow): Result<never> | null {
  const why = DIRECTORY_REFUSED[action];
  return why ? fail('CONFLICT', `${target.username} signs in with the organisation's directory: ${why}`) : null;
}

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

/** The facts about an account, beyond its row, that decide which actions apply. */
export interface AccountFacts {
  lockedUntil: string | null;
  twoStepEnabled: boolean;
  /** Issue 16: the account comes from the organisation's directory. */
  fromDirectory: boolean;
}

/** What `viewerId` may do to this account: the applicable actions less those refused on oneself or on a directory account. */
export function allowedActions(viewerId: number, row: UserRow, facts: AccountFacts): AdminUserAction[] {
  const own = row.id === viewerId;
  return applicableActions(row, facts.lockedUntil, facts.twoStepEnabled).filter(
    (action) => !(own && SELF_REFUSED[action]) && !(facts.fromDirectory && DIRECTORY_REFUSED[action]),
  );
}
