/** What administrators see: richer than PublicUser, still without any secret. */
import type { PublicUser } from './user';

export interface AdminUserView extends PublicUser {
  active: boolean;
  /** ISO time, or null when the account is not locked now. */
  lockedUntil: string | null;
}

export const AUDIT_EVENTS = [
  'register',
  'signin_success',
  'signin_failure',
  'signin_blocked',
  'lockout',
  'signout',
  'password_change',
  'password_change_failure',
  'profile_change',
  'session_expired',
  'session_lock',
  'session_unlock',
  'unlock_failure',
  'store_recovered',
  'admin_create_user',
  'admin_disable_user',
  'admin_enable_user',
  'admin_unlock_user',
  'admin_reset_password',
  'admin_end_sessions',
  'admin_set_role',
  'admin_delete_user',
  'policy_change',
  'kiosk_exit',
  'audit_pruned',
  'username_review',
  // Encryption at rest (issue 12)
  'encryption_enabled',
  'encryption_disabled',
  'encryption_key_rotated',
] as const;

export type AuditEventName = (typeof AUDIT_EVENTS)[number];

/** Readable names for the audit screen's filter and table. */
export const AUDIT_EVENT_LABELS: Record<AuditEventName, string> = {
  register: 'Account created',
  signin_success: 'Signed in',
  signin_failure: 'Sign-in failed',
  signin_blocked: 'Sign-in while locked',
  lockout: 'Locked out',
  signout: 'Signed out',
  password_change: 'Password changed',
  password_change_failure: 'Wrong current password',
  profile_change: 'Profile changed',
  session_expired: 'Session expired',
  session_lock: 'Screen locked',
  session_unlock: 'Screen unlocked',
  unlock_failure: 'Unlock failed',
  store_recovered: 'Store recovered',
  admin_create_user: 'Admin created user',
  admin_disable_user: 'Admin disabled user',
  admin_enable_user: 'Admin enabled user',
  admin_unlock_user: 'Admin unlocked user',
  admin_reset_password: 'Admin reset password',
  admin_end_sessions: 'Admin ended sessions',
  admin_set_role: 'Admin changed role',
  admin_delete_user: 'Admin deleted user',
  policy_change: 'Settings changed',
  kiosk_exit: 'Left kiosk mode',
  audit_pruned: 'Old audit entries removed',
  username_review: 'Usernames to review',
  encryption_enabled: 'Encryption turned on',
  encryption_disabled: 'Encryption turned off',
  encryption_key_rotated: 'Encryption key rotated',
};

export interface AuditEntryView {
  id: number;
  /** ISO 8601 */
  at: string;
  event: AuditEventName;
  userId: number | null;
  /** The account's current username, when it still exists. */
  username: string | null;
  actorId: number | null;
  actorName: string | null;
  /** What was typed at sign-in, for sign-in events. */
  identifier: string | null;
  /** JSON with event details (never secrets). */
  detail: string | null;
}
