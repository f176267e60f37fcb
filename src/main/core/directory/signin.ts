/**
 * Signing in with the organisation's directory (issue 16), called from the one login handler
 * (accounts.ts) once it has checked the typed name's lock. It decides only for names that are
 * not local accounts; a local account keeps its name and the local path decides.
 *
 * Rules that keep a stranger from learning where a name exists (locally, in the directory, or
 * nowhere): every failure costs exactly one bcrypt comparison at the current cost (as the local
 * path), is counted on the typed name with the same lockout rule, and answers the same
 * INVALID_CREDENTIALS. What remains is network time, described in SECURITY.md.
 *
 * Offline (SSSD's cache_credentials): only when the directory cannot be reached, only within
 * offlineDays of the last online sign-in, and only below the cache's own failure limit.
 */
import { checkEmail, normalizeEmail } from '../../../shared/password-rules';
import { fail, ok, type Result } from '../../../shared/result';
import type { PublicUser, Role } from '../../../shared/user';
import { recordAudit } from '../audit';
import type { CoreContext } from '../context';
import { attemptsLeft, identifierCounter, invalidCredentials, lockedAnswer, recordIdentifierFailure } from '../lockout';
import { accountFieldProblems, insertUser } from '../new-user';
import { revokeUserSessions } from '../sessions';
import { emailTaken, findUserById, type UserRow } from '../users';
import { readDirectoryConfig, type DirectoryConfig } from './config';
import { ldapProvider } from './ldap';
import {
  cacheSecret,
  clearOfflineFailures,
  directoryLinkOf,
  dropCachedCredential,
  markSessionOffline,
  NO_LOCAL_PASSWORD,
  recordOfflineFailure,
  recordOnlineSignIn,
  usableCache,
  type DirectoryLink,
} from './links';
import type { DirectoryProvider } from './port';
import { countFailedSignIn } from '../sign-in-history';
import { completeSignIn } from '../sign-in';

export const UNREACHABLE_MESSAGE =
  "The organisation's directory cannot be reached, so this password cannot be checked now. Try again later, or ask an administrator.";

export interface DirectoryAttempt {
  /** As typed, NFKC and trimmed (the login handler's `identifier`). */
  identifier: string;
  /** The typed name's lockout key. */
  key: string;
  /** The local account the identifier names, if any. */
  found: UserRow | undefined;
  /** The password exactly as typed: the directory has its own rules for it. */
  password: string;
  remember: boolean;
  windowId: number;
}

type SignInResult = Result<{ user: PublicUser }>;

/** The directory provider for the current configuration (read on every use, so a change applies at once). */
export function directoryProvider(ctx: CoreContext): { config: DirectoryConfig; provider: DirectoryProvider } | null {
  const config = readDirectoryConfig(ctx.store);
  return config ? { config, provider: ldapProvider(config) } : null;
}

/**
 * Null when the local path decides: a local account, or no directory configured (then nothing
 * differs from before), or an email typed for a name nobody has here (directory names are
 * usernames). Otherwise the whole answer.
 */
export async function signInThroughDirectory(ctx: CoreContext, attempt: DirectoryAttempt): Promise<SignInResult | null> {
  const link = attempt.found ? directoryLinkOf(ctx.store, attempt.found.id) : undefined;
  if (attempt.found && !link) return null;
  const directory = directoryProvider(ctx);
  if (!link && (!directory || attempt.identifier.includes('@'))) return null;
  const username = attempt.found?.username ?? attempt.identifier;

  // A directory account while no directory is configured (it was cleared): nobody can vouch for it.
  if (!directory) return failure(ctx, attempt, null);
  const answer = await directory.provider.authenticate(username, attempt.password);
  const now = ctx.now();

  // As the local path: an attempt that finishes after the name locked answers like every later one.
  const lockedMeanwhile = identifierCounter(ctx, attempt.key).lockedUntil;
  if (lockedMeanwhile !== null) {
    await ctx.dummyHash().then((hash) => ctx.hasher.compare(attempt.password, hash));
    if (attempt.found) countFailedSignIn(ctx, attempt.found.id);
    recordAudit(ctx.store, now, { event: 'signin_blocked', userId: attempt.found?.id ?? null, identifier: attempt.identifier });
    return lockedAnswer(lockedMeanwhile, now, { attemptsLeft: 0 });
  }

  switch (answer.kind) {
    case 'ok':
      return onlineSuccess(ctx, attempt, directory.config, username, answer);
    case 'not-found':
      // Deleted from the directory, or no longer matched by the user filter (disabled): the
      // directory has decided, so what was cached for the name goes, and so do its sessions.
      if (link) await forgetDirectoryAccount(ctx, link, attempt.identifier, now);
      return failure(ctx, attempt, null);
    case 'wrong-password':
      // Never drops the cache: anyone could type a wrong password to wipe someone's offline sign-in.
      return failure(ctx, attempt, null);
    case 'unreachable':
      return offline(ctx, attempt, directory.config, link, answer.reason);
    case 'failed':
      recordAudit(ctx.store, now, { event: 'directory_unreachable', identifier: attempt.identifier, detail: { reason: answer.reason } });
      return failure(ctx, attempt, null, UNREACHABLE_MESSAGE);
  }
}

async function forgetDirectoryAccount(ctx: CoreContext, link: DirectoryLink, identifier: string, now: number): Promise<void> {
  dropCachedCredential(ctx.store, link.user_id);
  await revokeUserSessions(ctx, link.user_id);
  recordAudit(ctx.store, now, { event: 'directory_account_gone', userId: link.user_id, identifier, detail: { dn: link.dn } });
}

/**
 * Every failure: one bcrypt comparison (the cached hash, or the dummy), one count on the typed
 * name, the same answers. `againstCache` is the usable cached hash when offline.
 */
async function failure(ctx: CoreContext, attempt: DirectoryAttempt, againstCache: string | null, message: string | null = null): Promise<SignInResult> {
  await ctx.hasher.compare(cacheSecret(attempt.password), againstCache ?? (await ctx.dummyHash()));
  return countFailure(ctx, attempt, message);
}

/** `message` null: a wrong password (the sign-in answer every path gives); else the directory's trouble. */
function countFailure(ctx: CoreContext, attempt: DirectoryAttempt, message: string | null): SignInResult {
  const now = ctx.now();
  const counter = recordIdentifierFailure(ctx, attempt.key);
  if (attempt.found) countFailedSignIn(ctx, attempt.found.id); // the dashboard's "failed attempts since" (issue 11)
  recordAudit(ctx.store, now, { event: 'signin_failure', userId: attempt.found?.id ?? null, identifier: attempt.identifier });
  if (counter.lockedUntil !== null) {
    recordAudit(ctx.store, now, { event: 'lockout', userId: attempt.found?.id ?? null, identifier: attempt.identifier });
    return lockedAnswer(counter.lockedUntil, now, { attemptsLeft: 0 });
  }
  if (message === null) return invalidCredentials(ctx, counter);
  return fail('DIRECTORY_UNREACHABLE', message, { attemptsLeft: attemptsLeft(ctx, counter) });
}

async function offline(
  ctx: CoreContext,
  attempt: DirectoryAttempt,
  config: DirectoryConfig,
  link: DirectoryLink | undefined,
  reason: string,
): Promise<SignInResult> {
  const now = ctx.now();
  recordAudit(ctx.store, now, { event: 'directory_unreachable', userId: link?.user_id ?? null, identifier: attempt.identifier, detail: { reason } });
  const cached = usableCache(link, config.offlineDays, now);
  if (!cached || !link) return failure(ctx, attempt, null, UNREACHABLE_MESSAGE);
  const matches = await ctx.hasher.compare(cacheSecret(attempt.password), cached);
  if (!matches) {
    recordOfflineFailure(ctx.store, link.user_id);
    // The same answer as a name with no cache at all: which names can sign in offline here stays unknown.
    return countFailure(ctx, attempt, UNREACHABLE_MESSAGE);
  }
  clearOfflineFailures(ctx.store, link.user_id);
  return signedIn(ctx, attempt, findUserById(ctx.store, link.user_id)!, 'offline');
}

async function onlineSuccess(
  ctx: CoreContext,
  attempt: DirectoryAttempt,
  config: DirectoryConfig,
  username: string,
  answer: { dn: string; mail: string | null; admin: boolean },
): Promise<SignInResult> {
  const role: Role = answer.admin ? 'admin' : 'user';
  // The cache is written only when offline sign-in is on (SSSD's cache_credentials is off by default).
  const cachedHash = config.offlineDays > 0 ? await ctx.hasher.hash(cacheSecret(attempt.password), ctx.bcryptCost) : null;
  const now = ctx.now();
  let user = attempt.found ?? null;
  if (!user) {
    const created = createDirectoryAccount(ctx, username, answer.mail, role, attempt.identifier);
    if (!created.ok) return created;
    user = created.data;
  } else if (user.role !== role) {
    // The directory's group decides at every online sign-in; directory accounts are not counted
    // by the last-admin rule (admin-invariants.ts), so this never strands the machine.
    ctx.store.run('UPDATE users SET role = ?, updated_at = ? WHERE id = ?', [role, now, user.id]);
    recordAudit(ctx.store, now, { event: 'admin_set_role', userId: user.id, detail: { from: user.role, to: role, via: 'directory' } });
    user = findUserById(ctx.store, user.id)!;
  }
  recordOnlineSignIn(ctx.store, user.id, answer.dn, now, cachedHash);
  return signedIn(ctx, attempt, user, 'online');
}

/** The first online sign-in makes the local account: no local password, marked as the directory's. */
function createDirectoryAccount(ctx: CoreContext, username: string, mail: string | null, role: Role, identifier: string): Result<UserRow> {
  const problems = accountFieldProblems(ctx, { username });
  if (problems.username) {
    // A look-alike of a local name (an exact one never gets here): the local account keeps it.
    recordAudit(ctx.store, ctx.now(), { event: 'directory_name_conflict', identifier, detail: { reason: problems.username } });
    return nameConflict();
  }
  const email = mail && checkEmail(mail) === null && !emailTaken(ctx.store, mail) ? mail : placeholderEmail(ctx, username);
  return ctx.store.transaction(() => {
    const inserted = insertUser(ctx, {
      username,
      email,
      role,
      passwordHash: NO_LOCAL_PASSWORD,
      mustChangePassword: false,
      createdBy: { self: true },
    });
    if (inserted.ok) {
      ctx.store.run('INSERT INTO directory_accounts (user_id, dn) VALUES (?, ?)', [inserted.data.id, '']);
      // Not signed in yet: the sign-in that follows records it, so the dashboard's "previous
      // sign-in" of a first directory sign-in is none, not this very moment.
      ctx.store.run('UPDATE users SET last_login_at = NULL WHERE id = ?', [inserted.data.id]);
    }
    else recordAudit(ctx.store, ctx.now(), { event: 'directory_name_conflict', identifier, detail: { reason: 'taken meanwhile' } });
    return inserted.ok ? inserted : nameConflict();
  });
}

function nameConflict(): Result<never> {
  return fail('CONFLICT', 'This name belongs to an account on this computer, so your directory account cannot use it here. Ask an administrator.');
}

/** Every account needs a unique email; a directory entry without a usable one gets a reserved (.invalid) address. */
function placeholderEmail(ctx: CoreContext, username: string): string {
  const local = normalizeEmail(username).replace(/[^a-z0-9._-]/g, '_').slice(0, 40) || 'user';
  for (let n = 0; ; n++) {
    const candidate = `${local}${n === 0 ? '' : `.${n}`}@directory.invalid`;
    if (!emailTaken(ctx.store, candidate)) return candidate;
  }
}

async function signedIn(ctx: CoreContext, attempt: DirectoryAttempt, user: UserRow, mode: 'online' | 'offline'): Promise<SignInResult> {
  const now = ctx.now();
  if (user.active !== 1) {
    countFailedSignIn(ctx, user.id);
    recordAudit(ctx.store, now, { event: 'signin_failure', userId: user.id, identifier: attempt.identifier, detail: { reason: 'disabled' } });
    return fail('ACCOUNT_DISABLED', 'This account has been disabled. Ask an administrator to enable it.');
  }
  // The same tail as every sign-in (counts cleared, previous sign-in kept, remember gated by
  // policy, audited); an offline sign-in is never remembered.
  const done = await completeSignIn(ctx, attempt.windowId, user, attempt.remember && mode === 'online', attempt.identifier, { via: 'directory', mode });
  if (!done.ok || mode === 'online') return done;
  markSessionOffline(ctx.store, ctx.slots.get(attempt.windowId)!.tokenHash);
  return ok({ user: { ...done.data.user, signedInOffline: true } });
}

/**
 * A wrong password for a local account's name, with a directory configured: perhaps a directory
 * person whose name is taken here. The local account keeps the name and the answer is the local
 * one, already given; the directory is asked afterwards, off the answer's path (so its network
 * time is not in the local answer), and a match is audited for the administrator, never merged.
 */
export function noteLocalNameFailure(ctx: CoreContext, user: UserRow, password: string): Promise<void> {
  const directory = directoryProvider(ctx);
  if (!directory || directoryLinkOf(ctx.store, user.id)) return Promise.resolve();
  const check = (async () => {
    const answer = await directory.provider.authenticate(user.username, password);
    if (answer.kind !== 'ok') return;
    recordAudit(ctx.store, ctx.now(), {
      event: 'directory_name_conflict',
      userId: user.id,
      identifier: user.username,
      detail: { dn: answer.dn, reason: 'a directory person signed in with the name of a local account; the local account keeps it' },
    });
    await ctx.store.persist();
  })().catch((error: unknown) => ctx.warn(`Gatehouse: directory name check failed: ${error instanceof Error ? error.message : String(error)}`));
  return check;
}
