/**
 * The administrator's use cases. The role is checked here, in the core, on every call: a
 * renderer that shows an admin button to the wrong person still gets FORBIDDEN.
 */
import type { z } from 'zod';
import type { AdminUserView, AuditEntryView, AuditEventName } from '../../shared/admin';
import type { Role } from '../../shared/user';
import type {
  AuditPage,
  UserPage,
  auditCsvPayload,
  auditPayload,
  createUserPayload,
  listUsersPayload,
  setActivePayload,
  setPolicyPayload,
  setRolePayload,
  userIdPayload,
} from '../../shared/contract';
import { checkEmail, checkUsername, normalizeEmail, normalizeUsername } from '../../shared/password-rules';
import { fail, ok, type Result } from '../../shared/result';
import { BOOLEAN_SETTINGS, NUMBER_SETTINGS, checkSetting, type PolicySettings } from '../../shared/policy-settings';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { csvCell } from './csv';
import { GuardRefusal, guardedAdminChange } from './admin-invariants';
import { storePolicy } from './policy-store';
import { markStoreInitialised } from './store-initialised';
import { storeUsernameSkeleton } from './usernames';
import { authenticate, revokeRememberedSessions, revokeUserSessions } from './sessions';
import { generateTemporaryPassword } from './temporary-password';
import { emailTaken, findUserById, toPublicUser, uniqueViolation, usernameTaken, type UserRow } from './users';

type Admin = { admin: UserRow };

async function requireAdmin(ctx: CoreContext, windowId: number): Promise<{ ok: true; value: Admin } | { ok: false; error: Result<never> }> {
  const auth = await authenticate(ctx, windowId, true);
  if (!auth.ok) return { ok: false, error: { ok: false, error: auth.error } };
  if (auth.auth.user.role !== 'admin') {
    return { ok: false, error: fail('FORBIDDEN', 'Only an administrator can do that.') };
  }
  return { ok: true, value: { admin: auth.auth.user } };
}

export function toAdminView(row: UserRow, now: number): AdminUserView {
  return {
    ...toPublicUser(row),
    active: row.active === 1,
    lockedUntil: row.locked_until !== null && row.locked_until > now ? new Date(row.locked_until).toISOString() : null,
  };
}

function targetUser(ctx: CoreContext, userId: number): UserRow | Result<never> {
  return findUserById(ctx.store, userId) ?? fail('NOT_FOUND', 'That account no longer exists.');
}

const isRow = (value: UserRow | Result<never>): value is UserRow => 'username_norm' in value;

function otherActiveAdmins(ctx: CoreContext, exceptId: number): number {
  return Number(
    ctx.store.get<{ n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1 AND id != ?", [exceptId])?.n ?? 0,
  );
}

/**
 * The rules that keep a machine administrable: nobody locks themselves out by acting on their
 * own account, and the last active administrator cannot be disabled, demoted or deleted.
 */
interface Guard {
  /** Refuse when the admin targets their own account; the words complete "You cannot … your own account". */
  selfVerb?: string;
  protectLastAdmin?: boolean;
}

function refusal(ctx: CoreContext, admin: UserRow, target: UserRow, guard: Guard): Result<never> | null {
  if (guard.selfVerb && target.id === admin.id) {
    return fail('CONFLICT', `You cannot ${guard.selfVerb} your own account. Ask another administrator.`);
  }
  if (guard.protectLastAdmin && target.role === 'admin' && target.active === 1 && otherActiveAdmins(ctx, target.id) === 0) {
    return fail('CONFLICT', `${target.username} is the last active administrator, so this would leave nobody able to manage Gatehouse.`);
  }
  return null;
}

/** `%` and `_` typed into the search box are searched for, not treated as wildcards. */
function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listUsers(ctx: CoreContext, input: z.output<typeof listUsersPayload>, windowId: number): Promise<Result<UserPage>> {
  const who = await requireAdmin(ctx, windowId);
  if (!who.ok) return who.error;
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
  const now = ctx.now();
  return ok({ users: rows.map((row) => toAdminView(row, now)), total, page, pageSize });
}

/** Username and email rules plus uniqueness, for accounts made by an administrator or the CLI. */
export function accountFieldProblems(ctx: CoreContext, username: string, email: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const usernameProblem = checkUsername(username) ?? (usernameTaken(ctx.store, username) ? 'That username is already taken.' : null);
  if (usernameProblem) fields.username = usernameProblem;
  const emailProblem = checkEmail(email) ?? (emailTaken(ctx.store, email) ? 'An account with that email already exists.' : null);
  if (emailProblem) fields.email = emailProblem;
  return fields;
}

export interface NewAccount {
  username: string;
  email: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  actorId: number | null;
}

/** Inserts an account made on someone's behalf and audits it; the caller persists. */
export function insertAccount(ctx: CoreContext, account: NewAccount): Result<UserRow> {
  const now = ctx.now();
  try {
    const id = ctx.store.run(
      `INSERT INTO users (username, username_norm, email, email_norm, password_hash, role, must_change_password,
         created_at, updated_at, password_changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        account.username,
        normalizeUsername(account.username),
        account.email,
        normalizeEmail(account.email),
        account.passwordHash,
        account.role,
        account.mustChangePassword,
        now,
        now,
        now,
      ],
    ).lastId;
    markStoreInitialised(ctx.store, now);
    storeUsernameSkeleton(ctx.store, id, account.username);
    recordAudit(ctx.store, now, { event: 'admin_create_user', userId: id, actorId: account.actorId, detail: { role: account.role } });
    return ok(findUserById(ctx.store, id)!);
  } catch (error) {
    const field = uniqueViolation(error); // a simultaneous create took the name while we hashed
    if (!field) throw error;
    const message = field === 'username' ? 'That username is already taken.' : 'An account with that email already exists.';
    return fail('VALIDATION_FAILED', 'Some fields need attention.', { fields: { [field]: message } });
  }
}

export async function createUser(
  ctx: CoreContext,
  input: z.output<typeof createUserPayload>,
  windowId: number,
): Promise<Result<{ user: AdminUserView; temporaryPassword: string }>> {
  const who = await requireAdmin(ctx, windowId);
  if (!who.ok) return who.error;
  const username = input.username.normalize('NFKC');
  const email = input.email.normalize('NFKC').trim();
  const fields = accountFieldProblems(ctx, username, email);
  if (Object.keys(fields).length > 0) return fail('VALIDATION_FAILED', 'Some fields need attention.', { fields });

  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await ctx.hasher.hash(temporaryPassword, ctx.bcryptCost);
  const inserted = insertAccount(ctx, { username, email, role: input.role, passwordHash, mustChangePassword: true, actorId: who.value.admin.id });
  if (!inserted.ok) return inserted;
  await ctx.store.persist();
  return ok({ user: toAdminView(inserted.data, ctx.now()), temporaryPassword });
}

/** The shape shared by the single-user actions: authorise, find, guard, change, audit, save. */
async function actOnUser<T>(
  ctx: CoreContext,
  windowId: number,
  userId: number,
  guard: Guard,
  run: (target: UserRow, admin: UserRow, now: number) => Promise<T>,
): Promise<Result<T>> {
  const who = await requireAdmin(ctx, windowId);
  if (!who.ok) return who.error;
  const target = targetUser(ctx, userId);
  if (!isRow(target)) return target;
  const refused = refusal(ctx, who.value.admin, target, guard);
  if (refused) return refused;
  let data: T;
  try {
    data = await run(target, who.value.admin, ctx.now());
  } catch (error) {
    if (error instanceof GuardRefusal) return error.result; // the last-admin rule, re-checked atomically
    throw error;
  }
  await ctx.store.persist();
  return ok(data);
}

export function setUserActive(ctx: CoreContext, input: z.output<typeof setActivePayload>, windowId: number) {
  // Enabling cannot lock anyone out, so only disabling is guarded.
  const guard: Guard = input.active ? {} : { selfVerb: 'disable', protectLastAdmin: true };
  return actOnUser(ctx, windowId, input.userId, guard, async (target, admin, now) => {
    guardedAdminChange(ctx, admin.id, target.id, !input.active, () => ctx.store.run('UPDATE users SET active = ?, updated_at = ? WHERE id = ?', [input.active, now, target.id]));
    if (!input.active) await revokeUserSessions(ctx, target.id);
    recordAudit(ctx.store, now, { event: input.active ? 'admin_enable_user' : 'admin_disable_user', userId: target.id, actorId: admin.id });
    return { user: toAdminView(findUserById(ctx.store, target.id)!, now) };
  });
}

export function unlockUser(ctx: CoreContext, input: z.output<typeof userIdPayload>, windowId: number) {
  return actOnUser(ctx, windowId, input.userId, {}, async (target, admin, now) => {
    ctx.store.run('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?', [target.id]);
    recordAudit(ctx.store, now, { event: 'admin_unlock_user', userId: target.id, actorId: admin.id });
    return { user: toAdminView(findUserById(ctx.store, target.id)!, now) };
  });
}

export function resetPassword(ctx: CoreContext, input: z.output<typeof userIdPayload>, windowId: number) {
  return actOnUser(ctx, windowId, input.userId, { selfVerb: 'reset the password of' }, async (target, admin, now) => {
    const temporaryPassword = generateTemporaryPassword();
    const hash = await ctx.hasher.hash(temporaryPassword, ctx.bcryptCost);
    ctx.store.run(
      `UPDATE users SET password_hash = ?, must_change_password = 1, failed_attempts = 0, locked_until = NULL,
         password_changed_at = ?, updated_at = ? WHERE id = ?`,
      [hash, now, now, target.id],
    );
    await revokeUserSessions(ctx, target.id);
    recordAudit(ctx.store, now, { event: 'admin_reset_password', userId: target.id, actorId: admin.id });
    return { user: toAdminView(findUserById(ctx.store, target.id)!, now), temporaryPassword };
  });
}

export function endUserSessions(ctx: CoreContext, input: z.output<typeof userIdPayload>, windowId: number) {
  return actOnUser(ctx, windowId, input.userId, { selfVerb: 'end the sessions of' }, async (target, admin, now) => {
    const ended = Number(ctx.store.get<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE user_id = ?', [target.id])?.n ?? 0);
    await revokeUserSessions(ctx, target.id);
    recordAudit(ctx.store, now, { event: 'admin_end_sessions', userId: target.id, actorId: admin.id, detail: { ended } });
    return { ended };
  });
}

export function setUserRole(ctx: CoreContext, input: z.output<typeof setRolePayload>, windowId: number) {
  // Promoting cannot lock anyone out, so only demoting is guarded.
  const guard: Guard = input.role === 'admin' ? {} : { selfVerb: 'remove administrator rights from', protectLastAdmin: true };
  return actOnUser(ctx, windowId, input.userId, guard, async (target, admin, now) => {
    if (target.role === input.role) return { user: toAdminView(target, now) };
    guardedAdminChange(ctx, admin.id, target.id, input.role === 'user', () => ctx.store.run('UPDATE users SET role = ?, updated_at = ? WHERE id = ?', [input.role, now, target.id]));
    if (input.role === 'user') await revokeUserSessions(ctx, target.id);
    recordAudit(ctx.store, now, { event: 'admin_set_role', userId: target.id, actorId: admin.id, detail: { from: target.role, to: input.role } });
    return { user: toAdminView(findUserById(ctx.store, target.id)!, now) };
  });
}

export function deleteUser(ctx: CoreContext, input: z.output<typeof userIdPayload>, windowId: number) {
  return actOnUser(ctx, windowId, input.userId, { selfVerb: 'delete', protectLastAdmin: true }, async (target, admin, now) => {
    guardedAdminChange(ctx, admin.id, target.id, true, () => ctx.store.run('DELETE FROM users WHERE id = ?', [target.id]));
    await revokeUserSessions(ctx, target.id); // after the row is gone (its sessions went with it)
    recordAudit(ctx.store, now, {
      event: 'admin_delete_user',
      userId: target.id,
      actorId: admin.id,
      detail: { username: target.username, email: target.email },
    });
    return {} as Record<string, never>;
  });
}

interface AuditRow {
  id: number;
  at: number;
  event: AuditEventName;
  user_id: number | null;
  username: string | null;
  actor_id: number | null;
  actor_name: string | null;
  identifier: string | null;
  detail: string | null;
}

function auditQuery(filter: { userId?: number | undefined; event?: AuditEventName | undefined }) {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (filter.userId !== undefined) {
    clauses.push('(a.user_id = ? OR a.actor_id = ?)');
    params.push(filter.userId, filter.userId);
  }
  if (filter.event !== undefined) {
    clauses.push('a.event = ?');
    params.push(filter.event);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const AUDIT_SELECT = `SELECT a.id, a.at, a.event, a.user_id, u.username AS username, a.actor_id, act.username AS actor_name,
    a.identifier, a.detail
  FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN users act ON act.id = a.actor_id`;

function toAuditView(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    event: row.event,
    userId: row.user_id,
    username: row.username,
    actorId: row.actor_id,
    actorName: row.actor_name,
    identifier: row.identifier,
    detail: row.detail,
  };
}

export async function listAudit(ctx: CoreContext, input: z.output<typeof auditPayload>, windowId: number): Promise<Result<AuditPage>> {
  const who = await requireAdmin(ctx, windowId);
  if (!who.ok) return who.error;
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 25;
  const { where, params } = auditQuery(input);
  const total = Number(ctx.store.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log a ${where}`, params)?.n ?? 0);
  const rows = ctx.store.all<AuditRow>(`${AUDIT_SELECT} ${where} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`, [
    ...params,
    pageSize,
    (page - 1) * pageSize,
  ]);
  return ok({ entries: rows.map(toAuditView), total, page, pageSize });
}

export async function exportAuditCsv(
  ctx: CoreContext,
  input: z.output<typeof auditCsvPayload>,
  windowId: number,
): Promise<Result<{ csv: string; filename: string }>> {
  const who = await requireAdmin(ctx, windowId);
  if (!who.ok) return who.error;
  const { where, params } = auditQuery(input);
  const rows = ctx.store.all<AuditRow>(`${AUDIT_SELECT} ${where} ORDER BY a.at DESC, a.id DESC`, params);
  const header = ['time', 'event', 'user_id', 'username', 'actor_id', 'actor', 'identifier', 'detail'];
  const lines = [header.join(',')];
  for (const row of rows) {
    lines.push(
      [new Date(row.at).toISOString(), row.event, row.user_id, row.username, row.actor_id, row.actor_name, row.identifier, row.detail]
        .map(csvCell)
        .join(','),
    );
  }
  const stamp = new Date(ctx.now()).toISOString().slice(0, 10);
  return ok({ csv: `${lines.join('\r\n')}\r\n`, filename: `gatehouse-audit-${stamp}.csv` });
}

export async function getPolicy(ctx: CoreContext, _input: unknown, windowId: number): Promise<Result<{ policy: PolicySettings }>> {
  const who = await requireAdmin(ctx, windowId);
  if (!who.ok) return who.error;
  return ok({ policy: ctx.policy() });
}

export async function setPolicy(
  ctx: CoreContext,
  input: z.output<typeof setPolicyPayload>,
  windowId: number,
): Promise<Result<{ policy: PolicySettings }>> {
  const who = await requireAdmin(ctx, windowId);
  if (!who.ok) return who.error;
  return applyPolicyChanges(ctx, input.policy, who.value.admin.id);
}

/** Validates, stores and audits policy changes (the Settings screen and the CLI). */
export async function applyPolicyChanges(
  ctx: CoreContext,
  requested: Partial<PolicySettings>,
  actorId: number | null,
): Promise<Result<{ policy: PolicySettings }>> {
  const fields: Record<string, string> = {};
  const changes: Partial<PolicySettings> = {};
  const before = ctx.policy();
  for (const setting of NUMBER_SETTINGS) {
    const value = requested[setting.key];
    if (value === undefined) continue;
    const problem = checkSetting(setting, value);
    if (problem) fields[setting.key] = problem;
    else if (value !== before[setting.key]) changes[setting.key] = value;
  }
  for (const setting of BOOLEAN_SETTINGS) {
    const value = requested[setting.key];
    if (value !== undefined && value !== before[setting.key]) changes[setting.key] = value;
  }
  if (Object.keys(fields).length > 0) return fail('VALIDATION_FAILED', 'Some settings are out of range.', { fields });
  if (Object.keys(changes).length === 0) return ok({ policy: before });

  const now = ctx.now();
  storePolicy(ctx.store, changes);
  if (changes.rememberAllowed === false) await revokeRememberedSessions(ctx);
  const detail: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(changes) as (keyof PolicySettings)[]) detail[key] = { from: before[key], to: changes[key] };
  recordAudit(ctx.store, now, { event: 'policy_change', actorId, detail });
  await ctx.store.persist();
  return ok({ policy: ctx.policy() });
}
