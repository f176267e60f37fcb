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
  /**
   * Policy requires two-step verification and this account has not set it up: until it does,
   * only the setup screen is open (issue 13). Absent means false.
   */
  twoStepSetupRequired?: boolean;
  /** Issue 16: this session was signed in from the cached directory credential, the directory being unreachable. */
  signedInOffline?: boolean;
}
