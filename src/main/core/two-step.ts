/**
 * Two-step verification (issue 13): an account's TOTP record, who must have it, and checking a
 * second factor for an identified person. One place decides a code is right: the sign-in step,
 * turning it off and new recovery codes all come here.
 *
 * - A code is accepted within `ctx.twoStep.windowSteps` steps of the core's clock, and only for
 *   a step later than the last one accepted for the account: a code, or any code of an earlier
 *   step, is never accepted twice.
 * - A wrong code or recovery code counts toward the account's lockout, as a wrong password does
 *   at the lock screen (lockout.ts recordAccountFailure: the account and both its spellings).
 * - The secret is stored as it is in the store (covered by encryption at rest when that is on)
 *   and never leaves the core after setup.
 */
import type { PolicySettings } from '../../shared/policy-settings';
import { fail, ok, type Result } from '../../shared/result';
import type { PublicUser } from '../../shared/user';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { isDirectoryAccount } from './directory/links';
import { countFailedSignIn } from './sign-in-history';
import { accountLockedUntil, lockedAnswer, recordAccountFailure } from './lockout';
import { hashRecoveryCode, newRecoveryCodes, newRecoverySalt } from './recovery-codes';
import { matchingStep } from './totp';
import { validationFailed } from './new-user';
import { findUserById, toPublicUser, type UserRow } from './users';

export interface TwoStepRow {
  user_id: number;
  /** Base32 TOTP secret; null after an administrator's reset. */
  secret: string | null;
  /** When it was turned on; null while off. */
  enabled_at: number | null;
  /** The last time step accepted (replay guard). */
  last_step: number | null;
  recovery_salt: string | null;
  /** 1 after an administrator's reset: the person sets it up again at the next sign-in. */
  setup_required: number;
}

export function twoStepRow(ctx: CoreContext, userId: number): TwoStepRow | undefined {
  return ctx.store.get<TwoStepRow>('SELECT * FROM two_step WHERE user_id = ?', [userId]);
}

/** The record of an account whose two-step verification is on, or undefined. */
export function enabledTwoStep(ctx: CoreContext, userId: number): (TwoStepRow & { secret: string }) | undefined {
  const row = twoStepRow(ctx, userId);
  return row && row.enabled_at !== null && row.secret !== null ? (row as TwoStepRow & { secret: string }) : undefined;
}

/**
 * Two-step verification is for local accounts. Directory accounts follow their organisation's
 * directory (issue 13 "Scope"): when they exist, this is where they are told apart.
 */
export function isLocalAccount(ctx: CoreContext, user: UserRow): boolean {
  return !isDirectoryAccount(ctx.store, user.id);
}

/** Whether the policy alone requires this account to use two-step verification. */
function requiredByPolicy(policy: PolicySettings, user: UserRow): boolean {
  return policy.twoStepPolicy === 'everyone' || (policy.twoStepPolicy === 'admins' && user.role === 'admin');
}

/** How the policy treats this person: it decides what the setup screen offers. */
export function policyFor(ctx: CoreContext, user: UserRow): 'off' | 'optional' | 'required' {
  if (!isLocalAccount(ctx, user)) return 'off';
  const policy = ctx.policy();
  if (requiredByPolicy(policy, user)) return 'required';
  if (policy.twoStepPolicy === 'off') return 'off';
  return twoStepRow(ctx, user.id)?.setup_required === 1 ? 'required' : 'optional';
}

/**
 * Signed in, but must set up two-step verification before anything else: the policy requires
 * it (or an administrator reset it) and it is not on. The router's `twoStepSetupPending`.
 */
export function needsTwoStepSetup(ctx: CoreContext, user: UserRow): boolean {
  return policyFor(ctx, user) === 'required' && enabledTwoStep(ctx, user.id) === undefined;
}

/** The public view with what the renderer needs to send the person to the setup screen. */
export function twoStepPublicUser(ctx: CoreContext, user: UserRow): PublicUser {
  return { ...toPublicUser(user), twoStepSetupRequired: user.must_change_password !== 1 && needsTwoStepSetup(ctx, user) };
}

export function unusedRecoveryCodes(ctx: CoreContext, userId: number): number {
  return Number(ctx.store.get<{ n: number }>('SELECT count(*) AS n FROM two_step_recovery_codes WHERE user_id = ? AND used_at IS NULL', [userId])?.n ?? 0);
}

/** Replaces the account's recovery codes with ten new ones; returns them (the only time they exist in clear). */
export function replaceRecoveryCodes(ctx: CoreContext, userId: number): string[] {
  const salt = newRecoverySalt();
  const codes = newRecoveryCodes();
  ctx.store.run('DELETE FROM two_step_recovery_codes WHERE user_id = ?', [userId]);
  ctx.store.run('UPDATE two_step SET recovery_salt = ? WHERE user_id = ?', [salt, userId]);
  for (const code of codes) {
    ctx.store.run('INSERT INTO two_step_recovery_codes (user_id, code_hash) VALUES (?, ?)', [userId, hashRecoveryCode(salt, code)]);
  }
  return codes;
}

/** Turns two-step verification on with a confirmed secret; `step` is the confirming code's step. */
export function enableTwoStep(ctx: CoreContext, userId: number, secret: string, step: number): string[] {
  ctx.store.run(
    `INSERT INTO two_step (user_id, secret, enabled_at, last_step, setup_required) VALUES (?, ?, ?, ?, 0)
     ON CONFLICT(user_id) DO UPDATE SET secret = excluded.secret, enabled_at = excluded.enabled_at,
       last_step = excluded.last_step, setup_required = 0`,
    [userId, secret, ctx.now(), step],
  );
  return replaceRecoveryCodes(ctx, userId);
}

/** Off, secret and codes gone. `setUpAgain` (an administrator's reset) asks for a new setup at the next sign-in. */
export function removeTwoStep(ctx: CoreContext, userId: number, setUpAgain: boolean): void {
  ctx.store.run('DELETE FROM two_step_recovery_codes WHERE user_id = ?', [userId]);
  if (setUpAgain) {
    ctx.store.run(
      `INSERT INTO two_step (user_id, secret, enabled_at, last_step, recovery_salt, setup_required) VALUES (?, NULL, NULL, NULL, NULL, 1)
       ON CONFLICT(user_id) DO UPDATE SET secret = NULL, enabled_at = NULL, last_step = NULL, recovery_salt = NULL, setup_required = 1`,
      [userId],
    );
  } else {
    ctx.store.run('DELETE FROM two_step WHERE user_id = ?', [userId]);
  }
}

/** A code from the app, or a recovery code. */
export type SecondFactor = { code: string } | { recoveryCode: string };

/** Exactly one of a code and a recovery code, not blank. */
export function oneFactor(input: { code?: string; recoveryCode?: string }): SecondFactor | Result<never> {
  const code = input.code?.trim() ?? '';
  const recoveryCode = input.recoveryCode?.trim() ?? '';
  if (code !== '' && recoveryCode === '') return { code };
  if (recoveryCode !== '' && code === '') return { recoveryCode };
  if (input.recoveryCode !== undefined && input.code === undefined) return validationFailed({ recoveryCode: 'Enter one of your recovery codes.' });
  return validationFailed({ code: 'Enter the 6-digit code from your app.' });
}

export function isFactor(value: SecondFactor | Result<never>): value is SecondFactor {
  return !('ok' in value);
}

export const WRONG_CODE = 'That code is not right. Enter the code your app shows now.';
export const WRONG_RECOVERY_CODE = 'That recovery code is not right, or it has been used.';

/**
 * Whether the code is right now for this account, recording its step when it is (so it is never
 * accepted again). Synchronous from the read to the write, so two calls with one code cannot
 * both pass.
 */
export function acceptCode(ctx: CoreContext, userId: number, code: string): number | null {
  const record = enabledTwoStep(ctx, userId);
  if (!record) return null;
  const step = matchingStep(record.secret, code, ctx.now(), ctx.twoStep.windowSteps);
  if (step === null || (record.last_step !== null && step <= record.last_step)) return null;
  ctx.store.run('UPDATE two_step SET last_step = ? WHERE user_id = ?', [step, userId]);
  return step;
}

/** Uses up one recovery code; false when it is wrong or already used. */
function useRecoveryCode(ctx: CoreContext, userId: number, typed: string): boolean {
  const record = enabledTwoStep(ctx, userId);
  if (!record?.recovery_salt) return false;
  const used = ctx.store.run('UPDATE two_step_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL', [
    ctx.now(),
    userId,
    hashRecoveryCode(record.recovery_salt, typed),
  ]);
  return used.changes === 1;
}

/**
 * Checks a second factor of an identified, two-step account. A wrong one counts toward the
 * account's lockout and is audited; a locked account answers ACCOUNT_LOCKED, right code or not.
 * `why` goes into the audit detail (sign-in, turn-off, new-codes).
 */
export function checkSecondFactor(ctx: CoreContext, user: UserRow, factor: SecondFactor, why: string): Result<{ via: 'code' | 'recovery-code' }> {
  const now = ctx.now();
  const fresh = findUserById(ctx.store, user.id) ?? user;
  const until = accountLockedUntil(ctx, fresh);
  if (until !== null) return lockedAnswer(until, now);
  const viaCode = 'code' in factor;
  const right = viaCode ? acceptCode(ctx, user.id, factor.code) !== null : useRecoveryCode(ctx, user.id, factor.recoveryCode);
  if (right) {
    if (!viaCode) {
      recordAudit(ctx.store, now, { event: 'two_step_recovery_used', userId: user.id, detail: { for: why, left: unusedRecoveryCodes(ctx, user.id) } });
    }
    return ok({ via: viaCode ? 'code' : 'recovery-code' });
  }
  const lockedNow = recordAccountFailure(ctx, fresh);
  // A wrong code at sign-in means someone had the password: the dashboard tells the owner.
  if (why === 'sign-in') countFailedSignIn(ctx, user.id);
  recordAudit(ctx.store, now, { event: 'two_step_failure', userId: user.id, detail: { for: why, with: viaCode ? 'code' : 'recovery-code' } });
  if (lockedNow !== null) {
    recordAudit(ctx.store, now, { event: 'lockout', userId: user.id, identifier: user.username });
    return lockedAnswer(lockedNow, now);
  }
  const message = viaCode ? WRONG_CODE : WRONG_RECOVERY_CODE;
  return fail('INVALID_CREDENTIALS', message, { fields: { [viaCode ? 'code' : 'recoveryCode']: message } });
}
