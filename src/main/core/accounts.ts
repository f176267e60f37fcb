/**
 * The account use cases behind the auth: and account: channels. Each takes a parsed payload
 * and the caller's window, and returns the Result the renderer receives.
 */
import type { z } from 'zod';
import type { changePasswordPayload, loginPayload, registerPayload, updateProfilePayload } from '../../shared/contract';
import {
  PASSWORD_MAX_BYTES,
  checkEmail,
  checkPassword,
  checkUsername,
  normalizeEmail,
  normalizePassword,
  normalizeUsername,
  utf8ByteLength,
} from '../../shared/password-rules';
import { fail, ok, type Result } from '../../shared/result';
import type { PublicUser } from '../../shared/user';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { bcryptCostOf } from './hasher';
import { clearFailures, lockedUntil, recordFailure, throttleKey, type Target } from './lockout';
import { reverifyPassword, type Reverification } from './reverify';
import { adoptRememberedSession, authenticate, idleRemaining, endWindowSlot, revokeUserSessions, startSession } from './sessions';
import {
  countUsers,
  emailTaken,
  findUserById,
  findUserByIdentifier,
  toPublicUser,
  uniqueViolation,
  usernameTaken,
  type UserRow,
} from './users';

type Fields = Record<string, string>;

const INVALID_CREDENTIALS = 'The username or email and password do not match an account.';

function validationFailed(fields: Fields): Result<never> {
  return fail('VALIDATION_FAILED', 'Some fields need attention.', { fields });
}

function lockedResult(until: number, now: number): Result<never> {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return fail(
    'ACCOUNT_LOCKED',
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { unlocksAt: new Date(until).toISOString() },
  );
}

function takenResult(field: 'username' | 'email'): Result<never> {
  return field === 'username'
    ? fail('USERNAME_TAKEN', 'That username is already taken.', { fields: { username: 'That username is already taken.' } })
    : fail('EMAIL_TAKEN', 'An account with that email already exists.', {
        fields: { email: 'An account with that email already exists.' },
      });
}

function registrationClosed(): Result<never> {
  return fail('REGISTRATION_CLOSED', 'Creating accounts here is switched off. Ask an administrator for an account.');
}

function passwordProblem(ctx: CoreContext, password: string, username: string): string | null {
  return checkPassword(password, { minLength: ctx.policy().minPasswordLength }, { username, isCommon: ctx.isCommonPassword });
}

export async function register(
  ctx: CoreContext,
  input: z.output<typeof registerPayload>,
  windowId: number,
): Promise<Result<{ user: PublicUser }>> {
  const firstAccount = countUsers(ctx.store) === 0;
  if (!firstAccount && !ctx.policy().selfRegistration) {
    return registrationClosed();
  }
  const username = input.username.normalize('NFKC');
  const email = input.email.normalize('NFKC').trim();
  const fields: Fields = {};
  const usernameProblem = checkUsername(username);
  if (usernameProblem) fields.username = usernameProblem;
  const emailProblem = checkEmail(email);
  if (emailProblem) fields.email = emailProblem;
  const problem = passwordProblem(ctx, input.password, username);
  if (problem) fields.password = problem;
  if (normalizePassword(input.password) !== normalizePassword(input.confirmPassword)) {
    fields.confirmPassword = 'The passwords do not match.';
  }
  if (Object.keys(fields).length > 0) return validationFailed(fields);
  if (usernameTaken(ctx.store, username)) return takenResult('username');
  if (emailTaken(ctx.store, email)) return takenResult('email');

  const hash = await ctx.hasher.hash(normalizePassword(input.password), ctx.bcryptCost);
  const now = ctx.now();
  let user: UserRow | null;
  try {
    // Synchronous from the count to the insert, so two first registrations cannot both be admin.
    user = ctx.store.transaction(() => {
      const existing = countUsers(ctx.store);
      // Asked again: while we hashed, a simultaneous registration may have taken the one
      // first-account place that a closed registration still allows.
      if (existing > 0 && !ctx.policy().selfRegistration) return null;
      const role = existing === 0 ? 'admin' : 'user';
      const { lastId } = ctx.store.run(
        `INSERT INTO users (username, username_norm, email, email_norm, password_hash, role,
           created_at, updated_at, last_login_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [username, normalizeUsername(username), email, normalizeEmail(email), hash, role, now, now, now, now],
      );
      recordAudit(ctx.store, now, { event: 'register', userId: lastId, identifier: username, detail: { role } });
      return findUserById(ctx.store, lastId)!;
    });
  } catch (error) {
    const field = uniqueViolation(error); // lost the race against a simultaneous registration
    if (field) return takenResult(field);
    throw error;
  }
  if (user === null) return registrationClosed();
  await startSession(ctx, windowId, user, false);
  recordAudit(ctx.store, now, { event: 'signin_success', userId: user.id, identifier: username, detail: { via: 'register' } });
  await ctx.store.persist();
  return ok({ user: toPublicUser(user) });
}

export async function login(
  ctx: CoreContext,
  input: z.output<typeof loginPayload>,
  windowId: number,
): Promise<Result<{ user: PublicUser }>> {
  const identifier = input.identifier.normalize('NFKC').trim();
  if (identifier.length === 0 || input.password.length === 0) {
    const fields: Fields = {};
    if (identifier.length === 0) fields.identifier = 'Enter your username or email.';
    if (input.password.length === 0) fields.password = 'Enter your password.';
    return validationFailed(fields);
  }
  const found = findUserByIdentifier(ctx.store, identifier);
  const target: Target = found ? { kind: 'user', user: found } : { kind: 'unknown', key: throttleKey(identifier) };
  const blockedUntil = lockedUntil(ctx, target);
  if (blockedUntil !== null) {
    recordAudit(ctx.store, ctx.now(), { event: 'signin_blocked', userId: found?.id ?? null, identifier });
    await ctx.store.persist();
    return lockedResult(blockedUntil, ctx.now());
  }

  // Exactly one bcrypt comparison at the current cost whether or not the account exists.
  const password = normalizePassword(input.password);
  const fitsBcrypt = utf8ByteLength(password) <= PASSWORD_MAX_BYTES;
  const hash = found && fitsBcrypt ? found.password_hash : await ctx.dummyHash();
  const matches = (await ctx.hasher.compare(password, hash)) && found !== undefined && fitsBcrypt;

  const now = ctx.now();
  // Re-read: a concurrent attempt may have counted, or locked, in the meantime.
  const current = found ? findUserById(ctx.store, found.id) : undefined;
  const fresh: Target = current ? { kind: 'user', user: current } : target;
  const lockedMeanwhile = lockedUntil(ctx, fresh);
  if (lockedMeanwhile !== null) {
    // Guesses sent together must not outrun the lock. Right or wrong, an attempt that finishes
    // after it answers like every later one: answering only the right one differently would
    // give the password away.
    recordAudit(ctx.store, now, { event: 'signin_blocked', userId: found?.id ?? null, identifier });
    await ctx.store.persist();
    return lockedResult(lockedMeanwhile, now);
  }
  if (!matches) {
    const lockedNow = recordFailure(ctx, fresh);
    recordAudit(ctx.store, now, { event: 'signin_failure', userId: found?.id ?? null, identifier });
    if (lockedNow !== null) recordAudit(ctx.store, now, { event: 'lockout', userId: found?.id ?? null, identifier });
    await ctx.store.persist();
    return lockedNow !== null ? lockedResult(lockedNow, now) : fail('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
  }

  const user = found!;
  if (user.active !== 1) {
    recordAudit(ctx.store, now, { event: 'signin_failure', userId: user.id, identifier, detail: { reason: 'disabled' } });
    await ctx.store.persist();
    return fail('ACCOUNT_DISABLED', 'This account has been disabled. Ask an administrator to enable it.');
  }
  if (bcryptCostOf(user.password_hash) !== ctx.bcryptCost) {
    const rehashed = await ctx.hasher.hash(password, ctx.bcryptCost);
    ctx.store.run('UPDATE users SET password_hash = ? WHERE id = ?', [rehashed, user.id]);
  }
  clearFailures(ctx, user.id);
  ctx.store.run('UPDATE users SET last_login_at = ? WHERE id = ?', [now, user.id]);
  const remember = input.remember === true && ctx.policy().rememberAllowed;
  await startSession(ctx, windowId, user, remember);
  // "Remember me" also remembers who: the next sign-in form starts with the username. Signing
  // in without it forgets, so the next person finds no trace of this one.
  await ctx.usernameStore.save(remember ? user.username : null);
  recordAudit(ctx.store, now, { event: 'signin_success', userId: user.id, identifier, detail: { remember } });
  await ctx.store.persist();
  return ok({ user: toPublicUser(findUserById(ctx.store, user.id)!) });
}

export async function logout(ctx: CoreContext, windowId: number): Promise<Result<Record<string, never>>> {
  const userId = await endWindowSlot(ctx, windowId);
  if (userId !== null) {
    recordAudit(ctx.store, ctx.now(), { event: 'signout', userId });
    await ctx.store.persist();
  }
  return ok({});
}

export async function currentSession(
  ctx: CoreContext,
  windowId: number,
): Promise<Result<{ user: PublicUser | null; locked: boolean; idleRemainingMs: number | null }>> {
  const nobody = { user: null, locked: false, idleRemainingMs: null };
  if (!ctx.slots.has(windowId)) {
    const adopted = await adoptRememberedSession(ctx, windowId);
    // An adopted session comes back with its lock (it is kept in the sessions row).
    const locked = ctx.slots.get(windowId)?.locked ?? false;
    return ok(adopted ? { user: toPublicUser(adopted), locked, idleRemainingMs: null } : nobody);
  }
  const auth = await authenticate(ctx, windowId, false);
  if (!auth.ok) return auth.error.code === 'NOT_AUTHENTICATED' ? ok(nobody) : { ok: false, error: auth.error };
  const slot = ctx.slots.get(windowId)!;
  return ok({ user: toPublicUser(auth.auth.user), locked: slot.locked, idleRemainingMs: idleRemaining(ctx, slot) });
}

const CURRENT_PASSWORD_CHECK: Reverification = {
  field: 'currentPassword',
  wrongMessage: 'This is not your current password.',
  failureEvent: 'password_change_failure',
};

export async function changePassword(
  ctx: CoreContext,
  input: z.output<typeof changePasswordPayload>,
  windowId: number,
): Promise<Result<Record<string, never>>> {
  const auth = await authenticate(ctx, windowId, true);
  if (!auth.ok) return { ok: false, error: auth.error };
  const { user, tokenHash } = auth.auth;
  const fields: Fields = {};
  if (input.currentPassword.length === 0) fields.currentPassword = 'Enter your current password.';
  const problem = passwordProblem(ctx, input.newPassword, user.username);
  if (problem) fields.newPassword = problem;
  if (normalizePassword(input.newPassword) !== normalizePassword(input.confirmPassword)) {
    fields.confirmPassword = 'The passwords do not match.';
  }
  if (Object.keys(fields).length > 0) return validationFailed(fields);

  const verified = await reverifyPassword(ctx, user, input.currentPassword, CURRENT_PASSWORD_CHECK);
  if (!verified.ok) return verified;
  const current = normalizePassword(input.currentPassword);
  const next = normalizePassword(input.newPassword);
  if (next === current) {
    return validationFailed({ newPassword: 'Choose a password different from your current one.' });
  }
  const hash = await ctx.hasher.hash(next, ctx.bcryptCost);
  const now = ctx.now();
  ctx.store.run(
    'UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?, must_change_password = 0 WHERE id = ?',
    [hash, now, now, user.id],
  );
  await revokeUserSessions(ctx, user.id, tokenHash);
  recordAudit(ctx.store, now, { event: 'password_change', userId: user.id, actorId: user.id });
  await ctx.store.persist();
  return ok({});
}

export async function updateProfile(
  ctx: CoreContext,
  input: z.output<typeof updateProfilePayload>,
  windowId: number,
): Promise<Result<{ user: PublicUser }>> {
  const auth = await authenticate(ctx, windowId, true);
  if (!auth.ok) return { ok: false, error: auth.error };
  const { user } = auth.auth;
  const username = input.username?.normalize('NFKC');
  const email = input.email?.normalize('NFKC').trim();
  const fields: Fields = {};
  if (username !== undefined) {
    const problem = checkUsername(username);
    if (problem) fields.username = problem;
    else if (usernameTaken(ctx.store, username, user.id)) return takenResult('username');
  }
  if (email !== undefined) {
    const problem = checkEmail(email);
    if (problem) fields.email = problem;
    else if (emailTaken(ctx.store, email, user.id)) return takenResult('email');
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
    const field = uniqueViolation(error);
    if (field) return takenResult(field);
    throw error;
  }
  recordAudit(ctx.store, now, { event: 'profile_change', userId: user.id, actorId: user.id, detail: changes });
  await ctx.store.persist();
  return ok({ user: toPublicUser(findUserById(ctx.store, user.id)!) });
}
