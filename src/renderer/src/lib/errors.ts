/**
 * Turns a core error into a sentence for the alert. The core's messages are written for people
 * (and are the same whatever screen asked), so they are shown as they are; the renderer adds
 * only what it knows better, the unlock time in the person's own locale, and falls back to its
 * own sentence when a message is missing.
 */
import type { AppError, ErrorCode } from '../../../shared/result';
import { formatDateTime } from './format';

const FALLBACKS: Partial<Record<ErrorCode, string>> = {
  INVALID_CREDENTIALS: 'The username or email and password do not match an account.',
  ACCOUNT_LOCKED: 'This account is locked after too many failed attempts.',
  ACCOUNT_DISABLED: 'This account has been disabled. Ask an administrator to enable it.',
  REGISTRATION_CLOSED: 'Creating accounts is turned off on this device. Ask an administrator for an account.',
  STORE_UNAVAILABLE: 'Gatehouse cannot reach its account store right now. Please try again in a moment.',
  SESSION_EXPIRED: 'Your session expired. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  VALIDATION_FAILED: 'Some details need your attention.',
};

const GENERIC = 'Something went wrong. Please try again.';

/**
 * `shownFields` are the payload fields the screen displays errors next to; a field error the
 * screen cannot place is spelled out in the alert instead, so no reason is ever lost.
 */
export function describeError(error: AppError, shownFields: readonly string[] = []): string {
  const message = error.message.trim() || FALLBACKS[error.code] || GENERIC;
  switch (error.code) {
    case 'ACCOUNT_LOCKED':
      return error.unlocksAt ? `${message} It unlocks on ${formatDateTime(error.unlocksAt)}.` : message;
    case 'VALIDATION_FAILED': {
      const unplaced = Object.entries(error.fields ?? {})
        .filter(([name]) => !shownFields.includes(name))
        .map(([, text]) => text);
      return unplaced.length > 0 ? [message, ...unplaced].join(' ') : message;
    }
    default:
      return message;
  }
}
