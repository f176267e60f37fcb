/**
 * One way to add an account, whoever adds it: a person registering, an administrator, or the
 * provisioning CLI. One set of field rules, one answer for a taken name (VALIDATION_FAILED with
 * fields.username or fields.email, so it sits beside the other field problems), one insert.
 */
import { checkEmail, checkPassword, checkUsername, normalizeEmail, normalizeUsername } from '../../shared/password-rules';
import { fail, ok, type Result } from '../../shared/result';
import type { Role } from '../../shared/user';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { markStoreInitialised } from './store-initialised';
import { skeletonTaken, storeUsernameSkeleton } from './usernames';
import { emailTaken, findUserById, uniqueViolation, usernameTaken, type UserRow } from './users';

export type Fields = Record<string, string>;

export const TAKEN = {
  username: 'That username is already taken.',
  email: 'An account with that email already exists.',
} as const;

export function validationFailed(fields: Fields): Result<never> {
  return fail('VALIDATION_FAILED', 'Some fields need attention.', { fields });
}

/**
 * Username and email problems, format first, then whether another account has it. Either may
 * be left out (a profile change of one of them); `exceptId` is the account being changed.
 */
export function accountFieldProblems(ctx: CoreContext, fields: { username?: string | undefined; email?: string | undefined }, exceptId = -1): Fields {
  const problems: Fields = {};
  if (fields.username !== undefined) {
    const problem = checkUsername(fields.username) ?? (usernameTaken(ctx.store, fields.username, exceptId) ? TAKEN.username : null);
    if (problem) problems.username = problem;
  }
  if (fields.email !== undefined) {
    const problem = checkEmail(fields.email) ?? (emailTaken(ctx.store, fields.email, exceptId) ? TAKEN.email : null);
    if (problem) problems.email = problem;
  }
  return problems;
}

/** The password rules under the current policy, the same for every account however it is made. */
export function passwordProblem(ctx: CoreContext, password: string, username: string): string | null {
  return checkPassword(password, { minLength: ctx.policy().minPasswordLength }, { username, isCommon: ctx.isCommonPassword });
}

/** SQLite's UNIQUE failure (a simultaneous change took the name meanwhile) as the same answer. */
export function takenAnswer(error: unknown): Result<never> | null {
  const field = uniqueViolation(error);
  return field ? validationFailed({ [field]: TAKEN[field] }) : null;
}

export interface NewUser {
  username: string;
  email: string;
  role: Role;
  passwordHash: string;
  /** An administrator or the CLI chose the password: the person must replace it. */
  mustChangePassword: boolean;
  /** Who made it: the person themselves (registering, and so signed in now) or an admin (null: the CLI). */
  createdBy: { self: true } | { self: false; actorId: number | null };
}

/**
 * Inserts and audits the account; the caller saves. Synchronous, so it can run inside a caller's
 * transaction (register decides the first account's role in one). A name taken meanwhile is
 * the taken answer, never an exception.
 */
/** One more than any id an account has had: live, deleted, or named in the audit log. */
const NEXT_UNUSED_USER_ID = `1 + max(
  coalesce((SELECT max(id) FROM users), 0),
  coalesce((SELECT max(id) FROM deleted_users), 0),
  coalesce((SELECT max(user_id) FROM audit_log), 0))`;

export function insertUser(ctx: CoreContext, user: NewUser): Result<UserRow> {
  const now = ctx.now();
  // Checked again here, in the same synchronous block as the insert: a look-alike registered
  // while this one was hashing is caught (UNIQUE covers only the exact normalised name).
  if (skeletonTaken(ctx.store, user.username)) return validationFailed({ username: TAKEN.username });
  let id: number;
  try {
    id = ctx.store.insert(
      // The id is never one a deleted account had: users.id has no AUTOINCREMENT, and a reused id
      // would put the deleted person's audit rows (and their kept name) under the new person.
      `INSERT INTO users (id, username, username_norm, email, email_norm, password_hash, role, must_change_password,
         created_at, updated_at, last_login_at, password_changed_at)
       VALUES (${NEXT_UNUSED_USER_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        user.username,
        normalizeUsername(user.username),
        user.email,
        normalizeEmail(user.email),
        user.passwordHash,
        user.role,
        user.mustChangePassword,
        now,
        now,
        user.createdBy.self ? now : null,
        now,
      ],
    );
  } catch (error) {
    const taken = takenAnswer(error);
    if (taken) return taken;
    throw error;
  }
  storeUsernameSkeleton(ctx.store, id, user.username);
  markStoreInitialised(ctx.store, now);
  recordAudit(
    ctx.store,
    now,
    user.createdBy.self
      ? { event: 'register', userId: id, identifier: user.username, detail: { role: user.role } }
      : { event: 'admin_create_user', userId: id, actorId: user.createdBy.actorId, detail: { role: user.role } },
  );
  return ok(findUserById(ctx.store, id)!);
}
