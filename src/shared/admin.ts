/** What administrators see: richer than PublicUser, still without any secret. */
import type { PublicUser } from './user';

export interface AdminUserView extends PublicUser {
  active: boolean;
  /** ISO time, or null when the account is not locked now. */
  lockedUntil: string | null;
  /** Two-step verification is on for this account (issue 13); absent where not known. */
  twoStepEnabled?: boolean;
  /** Issue 14: exempt from inactive-account removal (absent where not known). */
  keep?: boolean;
  /**
   * Issue 16: the account comes from the organisation's directory (its password and role are the
   * directory's). Absent where not known.
   */
  fromDirectory?: boolean;
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
  // Two-step verification (issue 13).
  'two_step_enabled',
  'two_step_disabled',
  'two_step_failure',
  'two_step_recovery_used',
  'two_step_recovery_renewed',
  'admin_reset_two_step',
  // Issue 14: account lifecycle.
  'accounts_imported',
  'accounts_exported',
  'imported_password_upgraded',
  'inactive_disabled',
  'inactive_deleted',
  'inactive_run_refused',
  'admin_set_keep',
  'backup_created',
  'store_restored',
  // Issue 16: the organisation's directory.
  'directory_unreachable',
  'directory_name_conflict',
  'directory_account_gone',
  'directory_config_change',
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
  two_step_enabled: 'Two-step verification turned on',
  two_step_disabled: 'Two-step verification turned off',
  two_step_failure: 'Two-step code refused',
  two_step_recovery_used: 'Recovery code used',
  two_step_recovery_renewed: 'New recovery codes made',
  admin_reset_two_step: 'Admin reset two-step verification',
  accounts_imported: 'Accounts imported',
  accounts_exported: 'Accounts exported',
  imported_password_upgraded: 'Imported password re-hashed',
  inactive_disabled: 'Disabled for inactivity',
  inactive_deleted: 'Deleted for inactivity',
  inactive_run_refused: 'Inactive-account run refused',
  admin_set_keep: 'Admin changed Keep',
  backup_created: 'Backup written',
  store_restored: 'Store restored',
  directory_unreachable: 'Directory unreachable',
  directory_name_conflict: 'Directory name is a local account',
  directory_account_gone: 'Gone from the directory',
  directory_config_change: 'Directory settings changed',
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
  /** The account's current username, or the name it had when it was deleted. */
  username: string | null;
  /** The account no longer exists (its name is the one it had). */
  userDeleted: boolean;
  actorId: number | null;
  actorName: string | null;
  actorDeleted: boolean;
  /** What was typed at sign-in, for sign-in events. */
  identifier: string | null;
  /** JSON with event details (never secrets). */
  detail: string | null;
}

/**
 * What an administrator can do to one account (issue 11). The core lists, per account, the
 * actions it would allow the caller (admin-user-actions.ts), so a screen offers only those and
 * never keeps its own copy of a rule such as "not on your own account".
 */
export const ADMIN_USER_ACTIONS = [
  'edit-email',
  'disable',
  'enable',
  'unlock',
  'reset-password',
  'end-sessions',
  'make-admin',
  'remove-admin',
  'reset-two-step',
  'keep',
  'unkeep',
  'delete',
] as const;

export type AdminUserAction = (typeof ADMIN_USER_ACTIONS)[number];

/** An account as the Users screen and the user-details view show it: with what the caller may do to it. */
export interface ManagedUserView extends AdminUserView {
  allowedActions: AdminUserAction[];
}

/** An account that was deleted, by the name it had: the audit log keeps showing it (issue 11). */
export interface DeletedAccountView {
  id: number;
  username: string;
}
