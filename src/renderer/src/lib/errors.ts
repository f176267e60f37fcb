/**
 * Turns a core error into a sentence for the alert. The core's own message is already meant for
 * people; we replace it where the renderer knows better (the person's locale for an unlock time)
 * or where the wording must not depend on which part of the core refused.
 */
import type { AppError } from '../../../shared/result';
import { formatDateTime } from './format';

/**
 * `shownFields` are the payload fields the screen displays errors next to; a field error the
 * screen cannot place is spelled out in the alert instead, so no reason is ever lost.
 */
export function describeError(error: AppError, shownFields: readonly string[] = []): string {
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return 'That username, email or password is not right. Check them and try again.';
    case 'ACCOUNT_LOCKED':
      return error.unlocksAt
        ? `This account is locked after too many failed attempts. You can try again after ${formatDateTime(error.unlocksAt)}.`
        : 'This account is locked after too many failed attempts. Please try again later.';
    case 'ACCOUNT_DISABLED':
      return 'This account has been disabled. Ask an administrator to enable it again.';
    case 'REGISTRATION_CLOSED':
      return 'Creating accounts is turned off on this device. Ask an administrator for an account.';
    case 'VALIDATION_FAILED': {
      const entries = Object.entries(error.fields ?? {});
      const unplaced = entries.filter(([name]) => !shownFields.includes(name)).map(([, text]) => text);
      if (unplaced.length > 0) return unplaced.join(' ');
      if (entries.length > 0) return 'Some details need your attention. Check the highlighted fields.';
      return error.message || 'Some details need your attention.';
    }
    case 'STORE_UNAVAILABLE':
      return 'Gatehouse cannot reach its account store right now. Please try again in a moment.';
    case 'SESSION_EXPIRED':
      return 'Your session expired. Please sign in again.';
    case 'FORBIDDEN':
      return error.message || 'You are not allowed to do that.';
    default:
      return error.message || 'Something went wrong. Please try again.';
  }
}

/** Server field errors keyed by payload field name; empty when there are none. */
export function fieldErrorsOf(error: AppError | null): Record<string, string> {
  return error?.fields ?? {};
}
