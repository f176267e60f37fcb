/**
 * Asking a signed-in person for their password again (lock screen, kiosk exit, change password).
 * The person is already identified here, so failures count on the account itself (with the same
 * threshold and duration as sign-in), even with guesses sent all at once.
 */
import type { AuditEventName } from '../../shared/admin';
import { PASSWORD_MAX_BYTES, normalizePassword, utf8ByteLength } from '../../shared/password-rules';
import { fail, ok, type Result } from '../../shared/result';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { accountLockedUntil, clearFailures, lockedAnswer, recordAccountFailure } from './lockout';
import { findUserById, type UserRow } from './users';
import { directoryPasswordMatches } from './directory/account-actions';
import { checkImportedPassword, holdsImportedHash } from './imported-passwords';

export interface Reverification {
  /** The payload field the wrong-password message belongs to. */
  field: string;
  wrongMessage: string;
  failureEvent: AuditEventName;
}

/**
 * `clearOnSuccess: false` checks a right password without resetting the account's failure count:
 * for a form answered with other problems (issue 11, every problem at once), whose refusal must
 * change nothing. A wrong password counts either way.
 */
export async function reverifyPassword(
  ctx: CoreContext,
  user: UserRow,
  password: string,
  check: Reverification,
  { clearOnSuccess = true }: { clearOnSuccess?: boolean } = {},
): Promise<Result<null>> {
  const until = accountLockedUntil(ctx, user);
  if (until !== null) return lockedAnswer(until, ctx.now());
  const normalized = normalizePassword(password);
  // Issue 16: a directory account's password is the directory's (or, offline, its cache's).
  const viaDirectory = await directoryPasswordMatches(ctx, user, password);
  // Issue 14: an imported (werkzeug) hash kept because the password is too long for bcrypt is
  // checked as it was at sign-in, against the password as typed; else the person could never
  // change it, nor unlock.
  const matches =
    viaDirectory ??
    (holdsImportedHash(ctx, user)
      ? await checkImportedPassword(ctx, user, password)
      : utf8ByteLength(normalized) <= PASSWORD_MAX_BYTES && (await ctx.hasher.compare(normalized, user.password_hash)));
  // Read again: attempts sent together may have counted or locked meanwhile. Every one that
  // finishes after the lock answers ACCOUNT_LOCKED, right password or not (as sign-in does).
  const fresh = findUserById(ctx.store, user.id) ?? user;
  const lockedMeanwhile = accountLockedUntil(ctx, fresh);
  if (lockedMeanwhile !== null) return lockedAnswer(lockedMeanwhile, ctx.now());
  if (!matches) {
    const now = ctx.now();
    const lockedNow = recordAccountFailure(ctx, fresh);
    recordAudit(ctx.store, now, { event: check.failureEvent, userId: user.id });
    if (lockedNow !== null) recordAudit(ctx.store, now, { event: 'lockout', userId: user.id, identifier: user.username });
    return lockedNow !== null ? lockedAnswer(lockedNow, now) : fail('INVALID_CREDENTIALS', check.wrongMessage, { fields: { [check.field]: check.wrongMessage } });
  }
  if (clearOnSuccess) clearFailures(ctx, user.id);
  return ok(null);
}
