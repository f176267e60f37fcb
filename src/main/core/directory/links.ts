/**
 * Which local accounts come from the directory, and their cached offline credential
 * (the directory_accounts table). A directory account has no local password: its users row holds
 * NO_LOCAL_PASSWORD, which no bcrypt comparison ever matches.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/database';

/** Not a bcrypt hash: bcrypt's compare answers false for it, so no local password can open the account. */
export const NO_LOCAL_PASSWORD = '!directory';

/** SSSD's offline_failed_login_attempts: wrong cached passwords in a row before offline sign-in stops until the next online one. */
export const OFFLINE_FAILURE_LIMIT = 5;

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface DirectoryLink {
  user_id: number;
  dn: string;
  cached_hash: string | null;
  last_online_at: number | null;
  offline_failures: number;
}

export function directoryLinkOf(store: Store, userId: number): DirectoryLink | undefined {
  return store.get<DirectoryLink>('SELECT * FROM directory_accounts WHERE user_id = ?', [userId]);
}

export function isDirectoryAccount(store: Store, userId: number): boolean {
  return directoryLinkOf(store, userId) !== undefined;
}

/**
 * What is bcrypt-hashed for the cache: the SHA-256 of the password as typed, so a long
 * passphrase is not cut at bcrypt's 72 bytes and the directory's exact password is what counts.
 */
export function cacheSecret(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('base64');
}

/** After an online sign-in: the DN as the directory has it now, the time, and the cache (or none). */
export function recordOnlineSignIn(store: Store, userId: number, dn: string, now: number, cachedHash: string | null): void {
  store.run(
    `INSERT INTO directory_accounts (user_id, dn, cached_hash, last_online_at, offline_failures) VALUES (?, ?, ?, ?, 0)
     ON CONFLICT(user_id) DO UPDATE SET dn = excluded.dn, cached_hash = excluded.cached_hash,
       last_online_at = excluded.last_online_at, offline_failures = 0`,
    [userId, dn, cachedHash, now],
  );
}

export function dropCachedCredential(store: Store, userId: number): void {
  store.run('UPDATE directory_accounts SET cached_hash = NULL, offline_failures = 0 WHERE user_id = ?', [userId]);
}

/** Offline sign-in switched off (or the directory cleared): no cached password stays on the machine. */
export function dropAllCachedCredentials(store: Store): number {
  return store.run('UPDATE directory_accounts SET cached_hash = NULL, offline_failures = 0 WHERE cached_hash IS NOT NULL').changes;
}

export function recordOfflineFailure(store: Store, userId: number): void {
  store.run('UPDATE directory_accounts SET offline_failures = offline_failures + 1 WHERE user_id = ?', [userId]);
}

export function clearOfflineFailures(store: Store, userId: number): void {
  store.run('UPDATE directory_accounts SET offline_failures = 0 WHERE user_id = ? AND offline_failures != 0', [userId]);
}

/** The cached hash, when SSSD's rules let it be used now; null otherwise. */
export function usableCache(link: DirectoryLink | undefined, offlineDays: number, now: number): string | null {
  if (!link || offlineDays <= 0 || link.cached_hash === null || link.last_online_at === null) return null;
  if (now - link.last_online_at > offlineDays * DAY_MS) return null;
  if (link.offline_failures >= OFFLINE_FAILURE_LIMIT) return null;
  return link.cached_hash;
}

export function markSessionOffline(store: Store, tokenHash: string): void {
  store.run('UPDATE sessions SET offline = 1 WHERE token_hash = ?', [tokenHash]);
}

export function isOfflineSession(store: Store, tokenHash: string): boolean {
  return store.get<{ offline: number }>('SELECT offline FROM sessions WHERE token_hash = ?', [tokenHash])?.offline === 1;
}
