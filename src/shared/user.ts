/** The public view of an account: the only user shape that ever leaves the main process. */
export type Role = 'user' | 'admin';

export interface PublicUser {
  id: number;
  username: string;
  email: string;
  role: Role;
  /** ISO 8601 */
  createdAt: string;
  /** ISO 8601, or null before the first sign-in */
  lastLoginAt: string | null;
  mustChangePassword: boolean;
  /** Issue 16: this session was signed in from the cached directory credential, the directory being unreachable. */
  signedInOffline?: boolean;
}
