/**
 * What a signed-in directory account does differently (issue 16): its password is the
 * directory's (checked there, changed there with RFC 3062 where allowed), and a session signed
 * in from the offline cache says so.
 */
import { normalizePassword } from '../../../shared/password-rules';
import { fail, ok, type Result } from '../../../shared/result';
import type { PublicUser } from '../../../shared/user';
import type { ParsedPayloadOf } from '../../../shared/contract';
import { recordAudit } from '../audit';
import type { CoreContext } from '../context';
import { accountLockedUntil, clearFailures, lockedAnswer, recordAccountFailure } from '../lockout';
import { validationFailed, type Fields } from '../new-user';
import { revokeUserSessions } from '../sessions';
import type { UserRow } from '../users';
import { cacheSecret, directoryLinkOf, isOfflineSession, recordOnlineSignIn, usableCache } from './links';
import { directoryProvider, UNREACHABLE_MESSAGE } from './signin';

/** LDAP's constraintViolation (RFC 4511): the directory's password policy refused the new password. */
const CONSTRAINT_VIOLATION = 19;

export const CHANGED_IN_DIRECTORY =
  "Your password belongs to your organisation's directory, which does not let Gatehouse change it. Change it with your organisation's password tool; the new one works here at your next sign-in.";

/** The public user, plus the session's offline mark. */
export function withSessionFacts(ctx: CoreContext, user: PublicUser, tokenHash: string): PublicUser {
  return isOfflineSession(ctx.store, tokenHash) ? { ...user, signedInOffline: true } : user;
}

/**
 * The password check for a directory account already signed in (lock screen, kiosk exit):
 * the directory's answer, or the cache under the offline rules when it cannot be reached.
 * Null for a local account (the caller compares the local hash).
 */
export async function directoryPasswordMatches(ctx: CoreContext, user: UserRow, password: string): Promise<boolean | null> {
  const link = directoryLinkOf(ctx.store, user.id);
  if (!link) return null;
  const directory = directoryProvider(ctx);
  if (!directory || password.length === 0) return false;
  const answer = await directory.provider.authenticate(user.username, password);
  if (answer.kind === 'ok') return true;
  if (answer.kind !== 'unreachable') return false;
  const cached = usableCache(link, directory.config.offlineDays, ctx.now());
  return cached !== null && (await ctx.hasher.compare(cacheSecret(password), cached));
}

export async function changeDirectoryPassword(
  ctx: CoreContext,
  input: ParsedPayloadOf<'auth:change-password'>,
  user: UserRow,
  tokenHash: string,
): Promise<Result<Record<string, never>>> {
  const fields: Fields = {};
  if (input.currentPassword.length === 0) fields.currentPassword = 'Enter your current password.';
  if (input.newPassword.length === 0) fields.newPassword = 'Enter a new password.';
  else if (input.newPassword === input.currentPassword) fields.newPassword = 'Choose a password different from your current one.';
  if (normalizePassword(input.newPassword) !== normalizePassword(input.confirmPassword)) fields.confirmPassword = 'The passwords do not match.';
  if (Object.keys(fields).length > 0) return validationFailed(fields);
  const until = accountLockedUntil(ctx, user);
  if (until !== null) return lockedAnswer(until, ctx.now());

  const directory = directoryProvider(ctx);
  if (!directory) return fail('FORBIDDEN', CHANGED_IN_DIRECTORY);
  const answer = await directory.provider.changePassword(user.username, input.currentPassword, input.newPassword);
  const now = ctx.now();
  switch (answer.kind) {
    case 'ok': {
      // The new password is the one the cache must know; the old one must stop working offline.
      const cachedHash = directory.config.offlineDays > 0 ? await ctx.hasher.hash(cacheSecret(input.newPassword), ctx.bcryptCost) : null;
      const link = directoryLinkOf(ctx.store, user.id);
      if (link) recordOnlineSignIn(ctx.store, user.id, link.dn, now, cachedHash);
      clearFailures(ctx, user.id);
      await revokeUserSessions(ctx, user.id, tokenHash); // as a local change: other sessions end, this one stays
      recordAudit(ctx.store, now, { event: 'password_change', userId: user.id, actorId: user.id, detail: { via: 'directory' } });
      return ok({});
    }
    case 'wrong-password': {
      const message = 'This is not your current password.';
      const lockedNow = recordAccountFailure(ctx, user);
      recordAudit(ctx.store, now, { event: 'password_change_failure', userId: user.id });
      return lockedNow !== null ? lockedAnswer(lockedNow, now) : fail('INVALID_CREDENTIALS', message, { fields: { currentPassword: message } });
    }
    case 'refused':
      if (answer.code === CONSTRAINT_VIOLATION) {
        return validationFailed({ newPassword: "Your organisation's directory did not accept this password (its own rules apply). Try another." });
      }
      return fail('FORBIDDEN', CHANGED_IN_DIRECTORY);
    case 'unreachable':
    case 'failed':
      recordAudit(ctx.store, now, { event: 'directory_unreachable', userId: user.id, detail: { reason: answer.reason } });
      return fail('DIRECTORY_UNREACHABLE', UNREACHABLE_MESSAGE);
  }
}

