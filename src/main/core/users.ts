/** The users table: rows in, public views out. Every query is parameterised. */
import { normalizeEmail, normalizeUsername } from '../../shared/password-rules';
import type { PublicUser, Role } from '../../shared/user';
import type { Store } from './store/database';
import { skeletonTaken } from './usernames';

export interface UserRow {
  id: number;
  username: string;
  username_norm: string;
  email: string;
  email_norm: string;
  password_hash: string;
  role: Role;
  active: number;
  must_change_password: number;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
  password_changed_at: number;
  /** Issue 14: 1 exempts the account from inactive-account removal. */
  keep: number;
}

/** The only way a user leaves the core: no hash, no lockout counters, no tokens. */
export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
    lastLoginAt: row.last_login_at === null ? null : new Date(row.last_login_at).toISOString(),
    mustChangePassword: row.must_change_password === 1,
  };
}

export function findUserById(store: Store, id: number): UserRow | undefined {
  return store.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
}

/** Usernames cannot contain `@`, so an identifier with one is an email. */
export function findUserByIdentifier(store: Store, identifier: string): UserRow | undefined {
  return identifier.includes('@')
    ? store.get<UserRow>('SELECT * FROM users WHERE email_norm = ?', [normalizeEmail(identifier)])
    : store.get<UserRow>('SELECT * FROM users WHERE username_norm = ?', [normalizeUsername(identifier)]);
}

/** Taken by an account with the same name, or one that displays alike (usernames.ts). */
export function usernameTaken(store: Store, username: string, exceptId = -1): boolean {
  return (
    store.get('SELECT 1 FROM users WHERE username_norm = ? AND id != ?', [normalizeUsername(username), exceptId]) !== undefined ||
    skeletonTaken(store, username, exceptId)
  );
}

export function emailTaken(store: Store, email: string, exceptId = -1): boolean {
  return store.get('SELECT 1 FROM users WHERE email_norm = ? AND id != ?', [normalizeEmail(email), exceptId]) !== undefined;
}

export function countUsers(store: Store): number {
  return Number(store.get<{ n: number }>('SELECT count(*) AS n FROM users')?.n ?? 0);
}

/** Maps SQLite's UNIQUE failure to the field it concerns (the race two registrations can run). */
export function uniqueViolation(error: unknown): 'username' | 'email' | null {
  const message = error instanceof Error ? error.message : '';
  if (!message.includes('UNIQUE')) return null;
  if (message.includes('users.username_norm')) return 'username';
  if (message.includes('users.email_norm')) return 'email';
  return null;
}

/**
 * Deletes an account, keeping its name for the audit log (deleted_users, issue 11): its rows,
 * the filter and the CSV go on saying who it was, whoever deleted it (an administrator, or the
 * inactive-account rule). Ids are never reused (INTEGER PRIMARY KEY picks max+1).
 */
export function deleteUserKeepingName(store: Store, user: Pick<UserRow, 'id' | 'username'>, now: number): void {
  store.run('DELETE FROM users WHERE id = ?', [user.id]);
  store.run('INSERT OR REPLACE INTO deleted_users (id, username, deleted_at) VALUES (?, ?, ?)', [user.id, user.username, now]);
}
