/**
 * Inactive accounts (issue 14), as Windows Shared PC's account-deletion threshold: accounts not
 * signed into for `inactiveAccountAfterMs` (an account never signed into counts from its
 * creation), and not signed in now, are disabled, then deleted `inactiveGraceMs` later. Off by
 * default.
 *
 * Irreversible and driven by the clock, so:
 * - administrators and accounts marked Keep are never touched;
 * - at most MAX_PER_RUN accounts are acted on per run;
 * - a run after the clock moved backwards, or more than a day forwards, since the last run does
 *   nothing and audits why (the next daily run goes ahead from the new time);
 * - only the running app runs it, at its first session-clock tick and then once a day
 *   (`maybeRunInactiveAccounts`, from the core's tick); the CLI never ticks, so never runs it.
 */
import { DAY_MS } from '../../shared/policy-settings';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { deleteUserSessions, forgetRememberedAmong } from './sessions';
import type { PolicySettings } from './types';
import { deleteUserKeepingName } from './users';

export const MAX_PER_RUN = 50;
/** The window ahead shown on the Users screen. */
export const DUE_WINDOW_MS = 7 * DAY_MS;
const LAST_RUN_KEY = 'lifecycle.inactiveLastRunAt';

interface Candidate {
  id: number;
  username: string;
  last_active_at: number;
  inactive_disabled_at: number | null;
}

export interface InactiveRun {
  status: 'off' | 'refused' | 'ran';
  disabled: string[];
  deleted: string[];
  reason?: string;
}

function lastRunAt(ctx: CoreContext): number | null {
  const row = ctx.store.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [LAST_RUN_KEY]);
  const value = row ? Number(JSON.parse(row.value)) : Number.NaN;
  return Number.isFinite(value) ? value : null;
}

function setLastRunAt(ctx: CoreContext, at: number): void {
  ctx.store.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [LAST_RUN_KEY, JSON.stringify(at)]);
}

/** Active ordinary accounts not marked Keep, with when they were last used. */
const ELIGIBLE = `SELECT id, username, coalesce(last_login_at, created_at) AS last_active_at, inactive_disabled_at
  FROM users WHERE role = 'user' AND keep = 0`;

/**
 * Signed in right now: a session that has not ended (one parameter, now). Such an account is in
 * use, however long ago its last sign-in was: a remembered session resumes at every start
 * without a sign-in, and is unlocked with the password, not signed into; as Windows, which
 * never removes an account while it is signed in. It is due again once its sessions end.
 */
const NOT_IN_USE = 'NOT EXISTS (SELECT 1 FROM sessions WHERE sessions.user_id = users.id AND sessions.expires_at > ?)';

/** The run's changes to the store, all at `now`, with their audit rows. Synchronous: see runInactiveAccounts. */
function decideAndAct(ctx: CoreContext, now: number, policy: PolicySettings): { disabled: string[]; deleted: string[]; revoked: string[] } {
  const disabled: string[] = [];
  const deleted: string[] = [];
  const revoked: string[] = [];
  // Deletions first: their grace period has run out, and it is the older decision.
  const toDelete = ctx.store.all<Candidate>(`${ELIGIBLE} AND active = 0 AND inactive_disabled_at IS NOT NULL AND inactive_disabled_at <= ? ORDER BY inactive_disabled_at LIMIT ?`, [
    now - policy.inactiveGraceMs,
    MAX_PER_RUN,
  ]);
  for (const row of toDelete) {
    deleteUserKeepingName(ctx.store, row, now);
    recordAudit(ctx.store, now, { event: 'inactive_deleted', userId: row.id, detail: { username: row.username, disabledAt: new Date(row.inactive_disabled_at!).toISOString() } });
    deleted.push(row.username);
  }
  const toDisable = ctx.store.all<Candidate>(`${ELIGIBLE} AND active = 1 AND ${NOT_IN_USE} AND coalesce(last_login_at, created_at) <= ? ORDER BY last_active_at LIMIT ?`, [
    now,
    now - policy.inactiveAccountAfterMs,
    MAX_PER_RUN - deleted.length,
  ]);
  for (const row of toDisable) {
    ctx.store.run('UPDATE users SET active = 0, inactive_disabled_at = ?, updated_at = ? WHERE id = ?', [now, now, row.id]);
    revoked.push(...deleteUserSessions(ctx, row.id));
    recordAudit(ctx.store, now, { event: 'inactive_disabled', userId: row.id, detail: { username: row.username, lastActiveAt: new Date(row.last_active_at).toISOString() } });
    disabled.push(row.username);
  }
  return { disabled, deleted, revoked };
}

/** One run now. The caller persists. */
export async function runInactiveAccounts(ctx: CoreContext): Promise<InactiveRun> {
  const now = ctx.now();
  const policy = ctx.policy();
  const previous = lastRunAt(ctx);
  setLastRunAt(ctx, now);
  if (!policy.removeInactiveAccounts) return { status: 'off', disabled: [], deleted: [] };
  if (previous !== null && (now < previous || now - previous > DAY_MS)) {
    const reason = now < previous ? 'the clock moved backwards' : 'the clock moved more than a day forwards';
    recordAudit(ctx.store, now, { event: 'inactive_run_refused', detail: { reason, lastRunAt: new Date(previous).toISOString(), now: new Date(now).toISOString() } });
    return { status: 'refused', disabled: [], deleted: [], reason };
  }
  // Everything from the first look at the accounts to the last audit row is synchronous, in one
  // transaction: nothing (an administrator's Enable, Keep or Make admin, the owner signing in)
  // can land between the run's look at an account and its change, so the run only ever acts on
  // accounts due at that instant, and the audit log's order is the order things happened. Only
  // forgetting a remembered token (the shell's RememberStore answers asynchronously) comes after.
  const { disabled, deleted, revoked } = ctx.store.transaction(() => decideAndAct(ctx, now, policy));
  await forgetRememberedAmong(ctx, revoked);
  return { status: 'ran', disabled, deleted };
}

/** The app's schedule: at its first tick, then once a day. Returns whether a run happened. */
export async function maybeRunInactiveAccounts(ctx: CoreContext, state: { ranAt: number | null }): Promise<boolean> {
  const now = ctx.now();
  if (state.ranAt !== null && now >= state.ranAt && now - state.ranAt < DAY_MS) return false;
  state.ranAt = now;
  await runInactiveAccounts(ctx);
  return true;
}

export interface DueAccount {
  userId: number;
  username: string;
  action: 'disable' | 'delete';
  /** ISO time at which the rule will act (or now, when already due). */
  at: string;
}

/** Accounts the rule will act on within DUE_WINDOW_MS, soonest first (the Users screen). */
export function inactiveAccountsDue(ctx: CoreContext): { enabled: boolean; accounts: DueAccount[] } {
  const policy = ctx.policy();
  if (!policy.removeInactiveAccounts) return { enabled: false, accounts: [] };
  const horizon = ctx.now() + DUE_WINDOW_MS;
  const disabling = ctx.store
    .all<Candidate>(`${ELIGIBLE} AND active = 1 AND ${NOT_IN_USE} AND coalesce(last_login_at, created_at) + ? <= ?`, [ctx.now(), policy.inactiveAccountAfterMs, horizon])
    .map((row): DueAccount & { ms: number } => ({ userId: row.id, username: row.username, action: 'disable', ms: row.last_active_at + policy.inactiveAccountAfterMs, at: '' }));
  const deleting = ctx.store
    .all<Candidate>(`${ELIGIBLE} AND active = 0 AND inactive_disabled_at IS NOT NULL AND inactive_disabled_at + ? <= ?`, [policy.inactiveGraceMs, horizon])
    .map((row): DueAccount & { ms: number } => ({ userId: row.id, username: row.username, action: 'delete', ms: row.inactive_disabled_at! + policy.inactiveGraceMs, at: '' }));
  const accounts = [...disabling, ...deleting]
    .sort((a, b) => a.ms - b.ms || a.username.localeCompare(b.username))
    .slice(0, 200)
    .map(({ ms, ...rest }) => ({ ...rest, at: new Date(ms).toISOString() }));
  return { enabled: true, accounts };
}
