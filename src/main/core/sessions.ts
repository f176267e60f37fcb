/**
 * Sessions in the Lucia manner: a 256-bit random token, only its SHA-256 stored. The main
 * process holds the token for the window that signed in (the renderer never sees it); a
 * remembered session's token is also handed to the shell's RememberStore.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fail, type AppError } from '../../shared/result';
import { idleSignOutMessage } from '../../shared/policy-settings';
import { recordAudit } from './audit';
import type { CoreContext, WindowSlot } from './context';
import { forgetEndedNotice } from './session-end-notice';
import { SESSION_LIMIT_MESSAGE } from '../../shared/session-length';
import { findUserById, type UserRow } from './users';

export interface SessionRow {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  remember: number;
  /** Set while the session is locked behind its owner's password. */
  locked_at: number | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Starts a session for `windowId`, replacing whatever that window held (no fixation). Only the
 * rows, synchronously, so that a sign-in writes them in the transaction of its other changes (one
 * journal record, all or nothing); call inside that transaction. Returns what must follow the
 * commit: the window's slot, and the shell's remembered token, which is stored asynchronously.
 */
export function startSessionRows(ctx: CoreContext, windowId: number, user: UserRow, remember: boolean): () => Promise<void> {
  const ended = endWindowSlotRows(ctx, windowId);
  forgetEndedNotice(ctx, windowId);
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const now = ctx.now();
  const policy = ctx.policy();
  const lifetime = remember ? policy.rememberLifetimeMs : policy.sessionLifetimeMs;
  ctx.store.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, remember) VALUES (?, ?, ?, ?, ?)', [
    tokenHash,
    user.id,
    now,
    now + lifetime,
    remember,
  ]);
  return async () => {
    ctx.slots.set(windowId, { tokenHash, remember, lastActivityAt: now, locked: false, expiresAt: now + lifetime });
    if (ended) await forgetIfRemembered(ctx, ended.tokenHash);
    if (remember) await ctx.rememberStore.save(token);
  };
}

/** Frees a window's slot and revokes its session (sign-out, a new sign-in, a closed window). */
export async function endWindowSlot(ctx: CoreContext, windowId: number): Promise<number | null> {
  const ended = endWindowSlotRows(ctx, windowId);
  if (!ended) return null;
  await forgetIfRemembered(ctx, ended.tokenHash);
  return ended.userId;
}

/** The synchronous part of `endWindowSlot`: the slot and the session row; the remembered token is the caller's to forget. */
function endWindowSlotRows(ctx: CoreContext, windowId: number): { tokenHash: string; userId: number | null } | null {
  const slot = ctx.slots.get(windowId);
  if (!slot) return null;
  ctx.slots.delete(windowId);
  const row = ctx.store.get<SessionRow>('SELECT * FROM sessions WHERE token_hash = ?', [slot.tokenHash]);
  ctx.store.run('DELETE FROM sessions WHERE token_hash = ?', [slot.tokenHash]);
  return { tokenHash: slot.tokenHash, userId: row?.user_id ?? null };
}

/**
 * A window went away (closed, crashed). An ordinary session ends with it; a remembered one is
 * kept for the next launch, since closing the window is how people quit the app.
 */
export async function leaveWindowSlot(ctx: CoreContext, windowId: number): Promise<number | null> {
  if (ctx.slots.get(windowId)?.remember) {
    ctx.slots.delete(windowId);
    return null;
  }
  return endWindowSlot(ctx, windowId);
}

async function forgetIfRemembered(ctx: CoreContext, tokenHash: string): Promise<void> {
  const remembered = await ctx.rememberStore.load();
  if (remembered !== null && hashToken(remembered) === tokenHash) await ctx.rememberStore.save(null);
}

/**
 * Revokes every session of a user but `keepTokenHash`. Windows that held one keep their slot
 * until their next call, which then answers SESSION_EXPIRED ("your session has ended") rather
 * than a bare NOT_AUTHENTICATED, so the person is told why they are back at sign-in.
 */
export async function revokeUserSessions(ctx: CoreContext, userId: number, keepTokenHash?: string): Promise<void> {
  await forgetRememberedAmong(ctx, deleteUserSessions(ctx, userId, keepTokenHash));
}

/**
 * The store's half of revoking, synchronous: every session row of the user but `keepTokenHash`
 * is gone before anything else can run (the shell's RememberStore answers asynchronously, and a
 * sign-in landing between two deletions would otherwise keep, or lose, a session it should not).
 * Returns the hashes revoked, for forgetRememberedAmong.
 */
export function deleteUserSessions(ctx: CoreContext, userId: number, keepTokenHash?: string): string[] {
  const hashes = ctx.store
    .all<SessionRow>('SELECT token_hash FROM sessions WHERE user_id = ?', [userId])
    .map((row) => row.token_hash)
    .filter((hash) => hash !== keepTokenHash);
  for (const hash of hashes) ctx.store.run('DELETE FROM sessions WHERE token_hash = ?', [hash]);
  return hashes;
}

/** The shell's half: the remembered token is forgotten when it is one of those revoked. */
export async function forgetRememberedAmong(ctx: CoreContext, tokenHashes: readonly string[]): Promise<void> {
  if (tokenHashes.length === 0) return;
  const remembered = await ctx.rememberStore.load();
  if (remembered !== null && tokenHashes.includes(hashToken(remembered))) await ctx.rememberStore.save(null);
}

export type Authenticated = { user: UserRow; tokenHash: string };

const expired = (message: string) => fail('SESSION_EXPIRED', message).error;

/**
 * The user whose session this window holds, read without checking or changing anything (the
 * router's look at a caller on an open channel). Null when the window holds none.
 */
export function peekSessionUser(ctx: CoreContext, windowId: number): UserRow | undefined {
  const slot = ctx.slots.get(windowId);
  if (!slot) return undefined;
  const row = ctx.store.get<SessionRow>('SELECT user_id FROM sessions WHERE token_hash = ?', [slot.tokenHash]);
  return row ? findUserById(ctx.store, row.user_id) : undefined;
}

/**
 * Who is signed in at this window, checking lifetime and idle time on every call. The caller
 * saves (the router, after the call): an expiry is audited here.
 * `touch` marks the call as activity (every call but the read-only session query does).
 */
export async function authenticate(
  ctx: CoreContext,
  windowId: number,
  touch: boolean,
): Promise<{ ok: true; auth: Authenticated } | { ok: false; error: AppError }> {
  const slot = ctx.slots.get(windowId);
  if (!slot) return { ok: false, error: fail('NOT_AUTHENTICATED', 'Please sign in first.').error };
  const now = ctx.now();
  const row = ctx.store.get<SessionRow>('SELECT * FROM sessions WHERE token_hash = ?', [slot.tokenHash]);
  const user = row ? findUserById(ctx.store, row.user_id) : undefined;
  if (!row || !user || user.active !== 1) {
    ctx.slots.delete(windowId);
    return { ok: false, error: expired('Your session has ended. Please sign in again.') };
  }
  const idleFor = now - slot.lastActivityAt;
  const idleLimit = ctx.policy().idleTimeoutMs;
  if (slot.remember && !slot.locked && idleFor >= idleLimit && now < row.expires_at) {
    // A remembered session obeys the idle timeout too, but by locking: it is kept (it ends at
    // its remember lifetime or at sign-out) and only its owner's password opens it again.
    setSessionLocked(ctx, slot.tokenHash, true);
    // Authenticated, but locked now: the router refuses what a locked session may not do.
    recordAudit(ctx.store, now, { event: 'session_lock', userId: user.id, detail: { reason: 'idle' } });
    return { ok: true, auth: { user, tokenHash: slot.tokenHash } };
  }
  const reason = now >= row.expires_at ? 'lifetime' : !slot.remember && idleFor >= idleLimit ? 'idle' : null;
  if (reason) {
    await endWindowSlot(ctx, windowId);
    recordAudit(ctx.store, now, { event: 'session_expired', userId: user.id, detail: { reason } });
    return {
      ok: false,
      error: expired(
        reason === 'idle'
          ? idleSignOutMessage(idleLimit)
          : SESSION_LIMIT_MESSAGE,
      ),
    };
  }
  if (touch) slot.lastActivityAt = now;
  return { ok: true, auth: { user, tokenHash: slot.tokenHash } };
}

/**
 * Time left before the idle timeout ends this window's session (or locks it, when remembered);
 * null when none applies: a remembered session that is already locked stays so until unlocked.
 */
export function idleRemaining(ctx: CoreContext, slot: WindowSlot): number | null {
  if (slot.remember && slot.locked) return null;
  return Math.max(0, slot.lastActivityAt + ctx.policy().idleTimeoutMs - ctx.now());
}

/** Time left before the session's hard end (its lifetime from sign-in; nothing extends it). */
export function sessionEndsIn(ctx: CoreContext, slot: WindowSlot): number {
  return Math.max(0, slot.expiresAt - ctx.now());
}

/**
 * On start the renderer asks who is signed in: a window without a session may adopt the
 * remembered one. An invalid or expired remembered token is forgotten (the router saves).
 */
export async function adoptRememberedSession(ctx: CoreContext, windowId: number): Promise<UserRow | null> {
  if (!ctx.policy().rememberAllowed) return null;
  const token = await ctx.rememberStore.load();
  if (token === null) return null;
  const tokenHash = hashToken(token);
  const row = ctx.store.get<SessionRow>('SELECT * FROM sessions WHERE token_hash = ? AND remember = 1', [tokenHash]);
  const user = row ? findUserById(ctx.store, row.user_id) : undefined;
  if (!row || !user || user.active !== 1 || ctx.now() >= row.expires_at) {
    if (row) {
      ctx.store.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
      if (user) recordAudit(ctx.store, ctx.now(), { event: 'session_expired', userId: user.id, detail: { reason: 'lifetime' } });
    }
    await ctx.rememberStore.save(null);
    return null;
  }
  ctx.slots.set(windowId, { tokenHash, remember: true, lastActivityAt: ctx.now(), locked: row.locked_at !== null, expiresAt: row.expires_at });
  return user;
}

/**
 * Locks or unlocks a session where it is kept: its row (so a reload, a restart or another
 * window adopting it sees the lock) and every window slot holding it. The caller persists.
 */
export function setSessionLocked(ctx: CoreContext, tokenHash: string, locked: boolean): void {
  ctx.store.run('UPDATE sessions SET locked_at = ? WHERE token_hash = ?', [locked ? ctx.now() : null, tokenHash]);
  for (const slot of ctx.slots.values()) if (slot.tokenHash === tokenHash) slot.locked = locked;
}

/** Sessions that only lived in a window of a previous run can never be used again. */
export function dropOrphanedSessions(ctx: CoreContext): void {
  ctx.store.run('DELETE FROM sessions WHERE remember = 0 OR expires_at <= ?', [ctx.now()]);
}

/**
 * A shorter session or remember lifetime (issue 14: the one hard limit) applies to the sessions
 * already running, counted from their sign-in: the kiosk's operator who lowers it to 30 minutes
 * means everyone's, not only the next person's. A longer one lengthens none (nothing extends a
 * session). Ended ones end at the next call or tick, with the limit's message. The caller persists.
 */
export function shortenSessionsToPolicy(ctx: CoreContext): void {
  const policy = ctx.policy();
  for (const [remember, lifetime] of [[0, policy.sessionLifetimeMs], [1, policy.rememberLifetimeMs]] as const) {
    ctx.store.run('UPDATE sessions SET expires_at = created_at + ? WHERE remember = ? AND expires_at > created_at + ?', [lifetime, remember, lifetime]);
  }
  for (const slot of ctx.slots.values()) {
    const row = ctx.store.get<Pick<SessionRow, 'expires_at'>>('SELECT expires_at FROM sessions WHERE token_hash = ?', [slot.tokenHash]);
    if (row) slot.expiresAt = row.expires_at;
  }
}

/** When remember-me is switched off by policy, the sessions it kept alive end with it. */
export async function revokeRememberedSessions(ctx: CoreContext): Promise<void> {
  ctx.store.run('DELETE FROM sessions WHERE remember = 1');
  await ctx.rememberStore.save(null);
  await ctx.usernameStore.save(null);
}
