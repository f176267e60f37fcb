/**
 * What an administrator can do to an account, as data: the menu entry, the confirmation's words
 * and the call. The Users screen renders these; it never spells out an action of its own.
 */
import type { AdminUserAction, ManagedUserView } from '../../../shared/admin';
import { ok, type Result } from '../../../shared/result';
import { api } from '../api';

/** The actions the menu confirms; editing the email has its own form on the details view. */
export type UserActionId = Exclude<AdminUserAction, 'edit-email'>;

export interface ActionOutcome {
  /** Announced on the Users screen once the dialog has closed. */
  message: string;
  /** Reset password only: shown once, then forgotten. */
  temporaryPassword?: string;
}

export interface UserAction {
  id: UserActionId;
  /** The menu item, and the confirmation's button. */
  label: string;
  busyLabel: string;
  /** The confirmation's heading: a question naming the person. */
  title: string;
  /** What will happen, in plain words. */
  consequence: string;
  danger: boolean;
  /** The confirmation asks for the username to be typed (delete). */
  typeToConfirm: boolean;
  perform: () => Promise<Result<ActionOutcome>>;
}

/** Keeps the outcome of a call, or passes its error on unchanged. */
function then<T>(result: Result<T>, outcome: (data: T) => ActionOutcome): Result<ActionOutcome> {
  return result.ok ? ok(outcome(result.data)) : result;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The actions the core allows on this account right now (its allowedActions, which already
 * leaves out what an administrator may not do to their own account), in menu order.
 */
export function userActions(user: ManagedUserView): UserAction[] {
  const allowed = new Set<AdminUserAction>(user.allowedActions);
  return allActions(user).filter((action) => allowed.has(action.id));
}

/** Every confirmable action that applies to the account's state; userActions() keeps the allowed ones. */
function allActions(user: ManagedUserView): UserAction[] {
  const name = user.username;
  const userId = user.id;
  const actions: UserAction[] = [];

  if (user.active) {
    actions.push({
      id: 'disable',
      label: 'Disable',
      busyLabel: 'Disabling…',
      title: `Disable ${name}?`,
      consequence: 'They will be signed out everywhere at once and cannot sign in until an administrator enables the account again.',
      danger: true,
      typeToConfirm: false,
      perform: async () =>
        then(await api.setUserActive({ userId, active: false }), (d) => ({
          message: `${d.user.username} is disabled and has been signed out everywhere.`,
        })),
    });
  } else {
    actions.push({
      id: 'enable',
      label: 'Enable',
      busyLabel: 'Enabling…',
      title: `Enable ${name}?`,
      consequence: 'They will be able to sign in again with their current password.',
      danger: false,
      typeToConfirm: false,
      perform: async () =>
        then(await api.setUserActive({ userId, active: true }), (d) => ({
          message: `${d.user.username} is enabled and can sign in again.`,
        })),
    });
  }

  if (user.lockedUntil) {
    actions.push({
      id: 'unlock',
      label: 'Unlock',
      busyLabel: 'Unlocking…',
      title: `Unlock ${name}?`,
      consequence: 'Their failed sign-in attempts are forgotten and they can sign in again at once.',
      danger: false,
      typeToConfirm: false,
      perform: async () =>
        then(await api.unlockUser({ userId }), (d) => ({ message: `${d.user.username} is unlocked and can sign in again.` })),
    });
  }

  actions.push(
    {
      id: 'reset-password',
      label: 'Reset password',
      busyLabel: 'Resetting…',
      title: `Reset the password of ${name}?`,
      consequence:
        'Their current password stops working and they are signed out everywhere at once. You will see a temporary password once; they must replace it when they next sign in.',
      danger: true,
      typeToConfirm: false,
      perform: async () =>
        then(await api.resetPassword({ userId }), (d) => ({
          message: `The password of ${d.user.username} was reset.`,
          temporaryPassword: d.temporaryPassword,
        })),
    },
    {
      id: 'end-sessions',
      label: 'End sessions',
      busyLabel: 'Ending sessions…',
      title: `End every session of ${name}?`,
      consequence: 'They will be signed out everywhere at once, including where they chose “Remember me”. The account itself does not change.',
      danger: false,
      typeToConfirm: false,
      perform: async () =>
        then(await api.endUserSessions({ userId }), (d) => ({
          message: d.ended === 0 ? `${name} had no open sessions.` : `Ended ${plural(d.ended, 'session', 'sessions')} of ${name}.`,
        })),
    },
  );

  if (user.role === 'admin') {
    actions.push({
      id: 'remove-admin',
      label: 'Remove admin',
      busyLabel: 'Removing…',
      title: `Remove administrator rights from ${name}?`,
      consequence: 'They become an ordinary user and are signed out everywhere at once.',
      danger: true,
      typeToConfirm: false,
      perform: async () =>
        then(await api.setUserRole({ userId, role: 'user' }), (d) => ({
          message: `${d.user.username} is no longer an administrator.`,
        })),
    });
  } else {
    actions.push({
      id: 'make-admin',
      label: 'Make admin',
      busyLabel: 'Making admin…',
      title: `Make ${name} an administrator?`,
      consequence: 'They will be able to manage every account, read the audit log and change the settings.',
      danger: false,
      typeToConfirm: false,
      perform: async () =>
        then(await api.setUserRole({ userId, role: 'admin' }), (d) => ({ message: `${d.user.username} is now an administrator.` })),
    });
  }

  if (user.twoStepEnabled) {
    actions.push({
      id: 'reset-two-step',
      label: 'Reset two-step verification',
      busyLabel: 'Resetting…',
      title: `Reset two-step verification for ${name}?`,
      consequence:
        'Their authenticator app and recovery codes stop working. They sign in with their password alone and must set two-step verification up again straight away. Do this only once you are sure who is asking.',
      danger: true,
      typeToConfirm: false,
      perform: async () =>
        then(await api.resetTwoStep({ userId }), (d) => ({
          message: `Two-step verification of ${d.user.username} was reset. They set it up again at their next sign-in.`,
        })),
    });
  }

  // Issue 14: Keep exempts an ordinary account from inactive-account removal.
  if (user.keep !== undefined) {
    actions.push(
      user.keep
        ? {
            id: 'unkeep',
            label: 'Stop keeping',
            busyLabel: 'Saving…',
            title: `Stop keeping ${name}?`,
            consequence: 'If inactive accounts are removed, this account will be too once it has not been signed into for long enough.',
            danger: false,
            typeToConfirm: false,
            perform: async () => then(await api.setUserKeep({ userId, keep: false }), (d) => ({ message: `${d.user.username} is no longer kept.` })),
          }
        : {
            id: 'keep',
            label: 'Keep',
            busyLabel: 'Saving…',
            title: `Keep ${name}?`,
            consequence: 'The account will never be disabled or deleted for inactivity.',
            danger: false,
            typeToConfirm: false,
            perform: async () =>
              then(await api.setUserKeep({ userId, keep: true }), (d) => ({ message: `${d.user.username} is kept: never removed for inactivity.` })),
          },
    );
  }

  actions.push({
    id: 'delete',
    label: 'Delete',
    busyLabel: 'Deleting…',
    title: `Delete ${name}?`,
    consequence: user.fromDirectory
      ? // Issue 16: the directory still has them; only disabling keeps them out of this device.
        'The account is removed from this device and they are signed out everywhere at once. The audit log keeps its history. The organisation’s directory still has them: if they sign in again, a new account is made. To keep them out, disable the account instead.'
      : 'The account is removed for good and they are signed out everywhere at once. The audit log keeps its history. This cannot be undone.',
    danger: true,
    typeToConfirm: true,
    perform: async () => then(await api.deleteUser({ userId }), () => ({ message: `${name} was deleted.` })),
  });

  return actions;
}
