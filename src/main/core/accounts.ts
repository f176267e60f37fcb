/**
 * The account use cases behind the auth: and account: channels. Each takes a parsed payload
 * and the caller the router authorised, and returns the Result the renderer receives; the
 * router saves afterwards.
 */
import { PASSWORD_MAX_BYTES, normalizeEmail, normalizePassword, normalizeUsername, utf8ByteLength } from '../../shared/password-rules';
import { fail, ok, type Result } from '../../shared/result';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import type { Handler } from './handler';
import { bcryptCostOf } from './hasher';
import { identifierCounter, invalidCredentials, lockedAnswer, recordIdentifierFailure, throttleKey } from './lockout';
import { accountFieldProblems, insertUser, passwordProblem, takenAnswer, validationFailed, type Fields } from './new-user';
import { takeRegistrationPlace } from './registration-throttle';
import { storeUsernameSkeleton } from './usernames';
import { completeSignIn } from './sign-in';
import { afterSystemLockDuringSignIn } from './system-lock';
import { twoStepPublicUser } from './two-step';
import { beginSecondStep, dropSecondStep } from './two-step-sign-in';
import { reverifyPassword, type Reverification } from './reverify';
import { countFailedSignIn } from './sign-in-history';
import { sessionEndsAt } from './session-end';
import { isStoreInitialised } from './store-initialised';
import { adoptRememberedSession, authenticate, idleRemaining, endWindowSlot, revokeUserSessions, startSessionRows } from './sessions';
import { takeEndedNotice } from './session-end-notice';
import { checkImportedPassword, holdsImportedHash, replaceImportedHash } from './imported-passwords';
import { countUsers, findUserById, findUserByIdentifier, toPublicUser, type UserRow } from './users';
import { changeDirectoryPassword, withSessionFacts } from './directory/account-actions';
import { isDirectoryAccount } from './directory/links';
import { noteLocalNameFailure, signInThroughDirectory } from './directory/signin';


function registrationClosed(): Result<never> {
  return fail('REGISTRATION_CLOSED', 'Creating accounts here is switched off. Ask an administrator for an account.');
}

/** A walk-up kiosk's first administrator comes from the CLI, never from a stranger at the screen. */
function notSetUpInKiosk(): Result<never> {
  return fail('REGISTRATION_CLOSED', 'This device is not set up yet. Ask staff: its first administrator is created from the command line.');
}

export const register: Handler<'auth:register'> = async (ctx, input, { windowId }) => {
  const firstAccount = !isStoreInitialised(ctx.store);
  if (firstAccount && ctx.policy().kioskMode) return notSetUpInKiosk();
  if (!firstAccount && !ctx.policy().selfRegistration) {
    return registrationClosed();
  }
  const username = input.username.normalize('NFKC');
  const email = input.email.normalize('NFKC').trim();
  const fields: Fields = accountFieldProblems(ctx, { username, email });
  const problem = passwordProblem(ctx, input.password, username);
  if (problem) fields.password = problem;
  if (normalizePassword(input.password) !== normalizePassword(input.confirmPassword)) {
    fields.confirmPassword = 'The passwords do not match.';
  }
  if (Object.keys(fields).length > 0) return validationFailed(fields);
  const throttled = takeRegistrationPlace(ctx, windowId);
  if (throttled) return throttled;

  const passwordHash = await ctx.hasher.hash(normalizePassword(input.password), ctx.bcryptCost);
  const now = ctx.now();
  // Synchronous from the count to the insert, so two first registrations cannot both be admin.
  const inserted = ctx.store.transaction(() => {
    // Asked again: while we hashed, a simultaneous registration may have taken the one
    // first-account place that a closed registration still allows. Once a store has had an
    // account it never again makes a registrant an administrator, even if emptied since.
    const first = !isStoreInitialised(ctx.store) && countUsers(ctx.store) === 0;
    if (first && ctx.policy().kioskMode) return 'kiosk' as const;
    if (!first && !ctx.policy().selfRegistration) return null;
    const role = first ? 'admin' : 'user';
    const created = insertUser(ctx, { username, email, role, passwordHash, mustChangePassword: false, createdBy: { self: true } });
    if (!created.ok) return created;
    // Signed in straight away, in the same transaction: one journal record, all or nothing.
    const sessionStarted = startSessionRows(ctx, windowId, created.data, false);
    recordAudit(ctx.store, now, { event: 'signin_success', userId: created.data.id, identifier: username, detail: { via: 'register' } });
    return { ...created, sessionStarted };
  });
  if (inserted === null) return registrationClosed();
  if (inserted === 'kiosk') return notSetUpInKiosk();
  if (!inserted.ok) return inserted;
  await inserted.sessionStarted();
  return ok({ user: toPublicUser(inserted.data) });
};

export const login: Handler<'auth:login'> = async (ctx, input, caller) => {
  const locksAtStart = ctx.systemLocks;
  const answer = await signInWithPassword(ctx, input, caller);
  return ctx.systemLocks === locksAtStart ? answer : afterSystemLockDuringSignIn(ctx, caller.windowId, answer); // issue 14
};

const signInWithPassword: Handler<'auth:login'> = async (ctx, input, { windowId }) => {
  const identifier = input.identifier.normalize('NFKC').trim();
  if (identifier.length === 0 || input.password.length === 0) {
    const fields: Fields = {};
    if (identifier.length === 0) fields.identifier = 'Enter your username or email.';
    if (input.password.length === 0) fields.password = 'Enter your password.';
    return validationFailed(fields);
  }
  const found = findUserByIdentifier(ctx.store, identifier);
  // Counted on what was typed, never on the account it names: the answers, the bcrypt work and
  // the lockout are the same for a name that exists and one that does not (issue 10 §5).
  const key = throttleKey(identifier);
  const locked = (until: number, now: number) => lockedAnswer(until, now, { attemptsLeft: 0 });
  const blockedUntil = identifierCounter(ctx, key).lockedUntil;
  if (blockedUntil !== null) {
    if (found) countFailedSignIn(ctx, found.id);
    recordAudit(ctx.store, ctx.now(), { event: 'signin_blocked', userId: found?.id ?? null, identifier });
    return locked(blockedUntil, ctx.now());
  }

  // Issue 16: a name that is not a local account may be the organisation's directory's.
  const viaDirectory = await signInThroughDirectory(ctx, { identifier, key, found, password: input.password, remember: input.remember === true, windowId });
  if (viaDirectory) return viaDirectory;

  // Exactly one bcrypt comparison at the current cost whether or not the account exists.
  const password = normalizePassword(input.password);
  const fitsBcrypt = utf8ByteLength(password) <= PASSWORD_MAX_BYTES;
  // Issue 14: an imported hash is checked against the password as typed (imported-passwords.ts).
  const imported = holdsImportedHash(ctx, found);
  const hash = found && fitsBcrypt ? found.password_hash : await ctx.dummyHash();
  const matches = imported
    ? await checkImportedPassword(ctx, found!, input.password)
    : (await ctx.hasher.compare(password, hash)) && found !== undefined && fitsBcrypt;

  const now = ctx.now();
  // The account as it is now, not as it was before the hash: an administrator (or the
  // inactive-account rule) may have disabled or deleted it meanwhile, and a sign-in must not
  // start a session, or count as activity, on an account that is no longer enabled.
  const current = found ? findUserById(ctx.store, found.id) : undefined;
  // Re-read: a concurrent attempt may have counted, or locked, in the meantime.
  const lockedMeanwhile = identifierCounter(ctx, key).lockedUntil;
  if (lockedMeanwhile !== null) {
    // Guesses sent together must not outrun the lock. Right or wrong, an attempt that finishes
    // after it answers like every later one: answering only the right one differently would
    // give the password away.
    if (found) countFailedSignIn(ctx, found.id);
    recordAudit(ctx.store, now, { event: 'signin_blocked', userId: found?.id ?? null, identifier });
    return locked(lockedMeanwhile, now);
  }
  if (!matches || (found && !current)) {
    const counter = recordIdentifierFailure(ctx, key);
    if (found) countFailedSignIn(ctx, found.id);
    recordAudit(ctx.store, now, { event: 'signin_failure', userId: found?.id ?? null, identifier });
    if (found) void noteLocalNameFailure(ctx, found, input.password); // issue 16: audited, off the answer's path
    if (counter.lockedUntil !== null) {
      recordAudit(ctx.store, now, { event: 'lockout', userId: found?.id ?? null, identifier });
      return locked(counter.lockedUntil, now);
    }
    return invalidCredentials(ctx, counter);
  }

  const user = current!;
  if (user.active !== 1) {
    countFailedSignIn(ctx, user.id);
    recordAudit(ctx.store, now, { event: 'signin_failure', userId: user.id, identifier, detail: { reason: 'disabled' } });
    return fail('ACCOUNT_DISABLED', 'This account has been disabled. Ask an administrator to enable it.');
  }
  if (imported) {
    await replaceImportedHash(ctx, user, password);
  } else if (bcryptCostOf(user.password_hash) !== ctx.bcryptCost) {
    const rehashed = await ctx.hasher.hash(password, ctx.bcryptCost);
    ctx.store.run('UPDATE users SET password_hash = ? WHERE id = ?', [rehashed, user.id]);
  }
  // Issue 13: with two-step verification on, no session yet and no count cleared: the code
  // comes next, from this window (two-step-sign-in.ts). Only reached with the right password.
  const secondStep = beginSecondStep(ctx, windowId, user, input.remember === true, identifier);
  if (secondStep) return secondStep;
  return completeSignIn(ctx, windowId, user, input.remember === true, identifier);
};

export const logout: Handler<'auth:logout'> = async (ctx, _input, { windowId }) => {
  dropSecondStep(ctx, windowId);
  const userId = await endWindowSlot(ctx, windowId);
  // Signing out is leaving: the next person at this machine finds no name filled in (issue 11).
  await ctx.usernameStore.save(null);
  if (userId !== null) recordAudit(ctx.store, ctx.now(), { event: 'signout', userId });
  return ok({});
};

/**
 * The "who is signed in here?" query. Open to everyone, so the router does not authenticate:
 * checking the session (and adopting a remembered one) is this handler's whole job. Asking is
 * not activity.
 */
export const currentSession: Handler<'auth:session'> = async (ctx, _input, { windowId }) => {
  const nobody = { user: null, locked: false, idleRemainingMs: null };
  if (!ctx.slots.has(windowId)) {
    const adopted = await adoptRememberedSession(ctx, windowId);
    // An adopted session comes back with its lock (it is kept in the sessions row).
    const slot = ctx.slots.get(windowId);
    const locked = slot?.locked ?? false;
    if (adopted && slot) {
      return ok({ user: twoStepPublicUser(ctx, adopted), locked, idleRemainingMs: null, signOutInMs: msUntil(ctx, sessionEndsAt(ctx, slot)) });
    }
    // Ended by the clock just before a reload: said once, so the sign-in screen gives the reason (issue 14).
    const ended = takeEndedNotice(ctx, windowId);
    return ended === undefined ? ok(nobody) : fail('SESSION_EXPIRED', ended);
  }
  const auth = await authenticate(ctx, windowId, false);
  if (!auth.ok) return auth.error.code === 'NOT_AUTHENTICATED' ? ok(nobody) : { ok: false, error: auth.error };
  const slot = ctx.slots.get(windowId)!;
  return ok({
    user: withSessionFacts(ctx, twoStepPublicUser(ctx, auth.auth.user), slot.tokenHash),
    locked: slot.locked,
    idleRemainingMs: idleRemaining(ctx, slot),
    signOutInMs: msUntil(ctx, sessionEndsAt(ctx, slot)),
  });
};

/**
 * Checks a password asked again beside other fields, for an answer that names every problem at
 * once. False when it is right. A wrong one counts toward the account's lock and is answered
 * INVALID_CREDENTIALS with all the field problems; a lock is answered as it is. A right one
 * resets the count only when nothing else is wrong, so a refused form changes nothing.
 */
async function passwordIsWrong(ctx: CoreContext, user: UserRow, password: string, check: Reverification, fields: Fields): Promise<Result<never> | false> {
  const verified = await reverifyPassword(ctx, user, password, check, { clearOnSuccess: Object.keys(fields).length === 0 });
  if (verified.ok) return false;
  if (verified.error.code !== 'INVALID_CREDENTIALS') return verified;
  const message = Object.keys(fields).length > 0 ? 'Some fields need attention.' : check.wrongMessage;
  return fail('INVALID_CREDENTIALS', message, { fields: { ...fields, [check.field]: check.wrongMessage } });
}

function msUntil(ctx: CoreContext, at: number | null): number | null {
  return at === null ? null : Math.max(0, at - ctx.now());
}

const CURRENT_PASSWORD_CHECK: Reverification = {
  field: 'currentPassword',
  wrongMessage: 'This is not your current password.',
  failureEvent: 'password_change_failure',
};

export const changePassword: Handler<'auth:change-password'> = async (ctx, input, { user, tokenHash }) => {
  if (isDirectoryAccount(ctx.store, user.id)) return changeDirectoryPassword(ctx, input, user, tokenHash); // issue 16
  const fields: Fields = {};
  const current = normalizePassword(input.currentPassword);
  const next = normalizePassword(input.newPassword);
  const problem = passwordProblem(ctx, input.newPassword, user.username);
  if (problem) fields.newPassword = problem;
  else if (next === current) fields.newPassword = 'Choose a password different from your current one.';
  if (next !== normalizePassword(input.confirmPassword)) {
    fields.confirmPassword = 'The passwords do not match.';
  }
  // Every problem in one answer (issue 11): the current password is checked too when one was
  // typed, so a wrong one is told beside a refused new one, not one round trip later.
  if (input.currentPassword.length === 0) {
    fields.currentPassword = 'Enter your current password.';
  } else {
    const wrong = await passwordIsWrong(ctx, user, input.currentPassword, CURRENT_PASSWORD_CHECK, fields);
    if (wrong !== false) return wrong;
  }
  if (Object.keys(fields).length > 0) return validationFailed(fields);
  const hash = await ctx.hasher.hash(next, ctx.bcryptCost);
  const now = ctx.now();
  ctx.store.run(
    'UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?, must_change_password = 0 WHERE id = ?',
    [hash, now, now, user.id],
  );
  await revokeUserSessions(ctx, user.id, tokenHash);
  recordAudit(ctx.store, now, { event: 'password_change', userId: user.id, actorId: user.id });
  return ok({});
};

const PROFILE_PASSWORD_CHECK: Reverification = {
  field: 'currentPassword',
  wrongMessage: 'This is not your password.',
  failureEvent: 'password_change_failure',
};

export const updateProfile: Handler<'account:update-profile'> = async (ctx, input, { user }) => {
  const username = input.username?.normalize('NFKC');
  const email = input.email?.normalize('NFKC').trim();
  const fields = accountFieldProblems(ctx, { username, email }, user.id);
  // The username and the email are what the account signs in with, and the email is how an
  // administrator reaches its owner: changing either asks for the password, so a session left
  // open at a shared machine cannot hand the account to someone else (issue 11).
  const emailChanges = email !== undefined && normalizeEmail(email) !== normalizeEmail(user.email);
  const usernameChanges = username !== undefined && username !== user.username;
  const password = input.currentPassword ?? '';
  if ((emailChanges || usernameChanges) && password.length === 0) {
    fields.currentPassword = emailChanges ? 'Enter your password to change your email.' : 'Enter your password to change your username.';
  }
  if ((emailChanges || usernameChanges) && password.length > 0) {
    const wrong = await passwordIsWrong(ctx, user, password, PROFILE_PASSWORD_CHECK, fields);
    if (wrong !== false) return wrong;
  }
  if (Object.keys(fields).length > 0) return validationFailed(fields);

  const changes: Record<string, { from: string; to: string }> = {};
  if (username !== undefined && username !== user.username) changes.username = { from: user.username, to: username };
  if (email !== undefined && email !== user.email) changes.email = { from: user.email, to: email };
  if (Object.keys(changes).length === 0) return ok({ user: toPublicUser(user) });

  const now = ctx.now();
  try {
    ctx.store.run(
      'UPDATE users SET username = ?, username_norm = ?, email = ?, email_norm = ?, updated_at = ? WHERE id = ?',
      [
        username ?? user.username,
        normalizeUsername(username ?? user.username),
        email ?? user.email,
        normalizeEmail(email ?? user.email),
        now,
        user.id,
      ],
    );
  } catch (error) {
    const taken = takenAnswer(error); // a simultaneous change took the name meanwhile
    if (taken) return taken;
    throw error;
  }
  if (changes.username) storeUsernameSkeleton(ctx.store, user.id, changes.username.to);
  recordAudit(ctx.store, now, { event: 'profile_change', userId: user.id, actorId: user.id, detail: changes });
  return ok({ user: toPublicUser(findUserById(ctx.store, user.id)!) });
};
