/**
 * The Two-step verification screen's use cases (issue 13): status, Set up, Turn on, Turn off,
 * New recovery codes, and an administrator's reset of another person's (Users screen, CLI).
 * Each is audited; the router saves.
 */
import type { AdminUserView } from '../../shared/admin';
import { fail, ok, type Result } from '../../shared/result';
import { toAdminView } from './admin-users';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import type { Handler } from './handler';
import { validationFailed } from './new-user';
import { reverifyPassword, type Reverification } from './reverify';
import { matchingStep, newTotpSecret, totpUri } from './totp';
import {
  WRONG_CODE,
  checkSecondFactor,
  enableTwoStep,
  enabledTwoStep,
  policyFor,
  removeTwoStep,
  replaceRecoveryCodes,
  twoStepPublicUser,
  unusedRecoveryCodes,
  isFactor,
  oneFactor,
} from './two-step';
import { findUserById, findUserByIdentifier, type UserRow } from './users';
import { selfRefusal } from './admin-user-actions';

/** Long enough to find the phone and scan; a setup left open longer starts again. */
export const SETUP_TTL_MS = 10 * 60_000;

export const twoStepStatus: Handler<'two-step:status'> = async (ctx, _input, { user }) => {
  const enabled = enabledTwoStep(ctx, user.id) !== undefined;
  return ok({ enabled, recoveryCodesLeft: enabled ? unusedRecoveryCodes(ctx, user.id) : 0, policy: policyFor(ctx, user) });
};

export const beginTwoStepSetup: Handler<'two-step:begin-setup'> = async (ctx, _input, { user, tokenHash }) => {
  if (enabledTwoStep(ctx, user.id)) return fail('CONFLICT', 'Two-step verification is already on.');
  if (policyFor(ctx, user) === 'off') return fail('FORBIDDEN', 'Two-step verification is not offered on this device.');
  const secret = newTotpSecret();
  // One setup per session: a second "Set up" replaces the first, whose secret then never works.
  ctx.twoStep.pendingSetups.set(tokenHash, { userId: user.id, secret, startedAt: ctx.now() });
  return ok({ uri: totpUri(secret, user.username), secret });
};

export const confirmTwoStepSetup: Handler<'two-step:confirm-setup'> = async (ctx, input, { user, tokenHash }) => {
  const pending = ctx.twoStep.pendingSetups.get(tokenHash);
  if (!pending || pending.userId !== user.id || ctx.now() - pending.startedAt >= SETUP_TTL_MS) {
    ctx.twoStep.pendingSetups.delete(tokenHash);
    return fail('NOT_FOUND', 'The setup timed out. Choose Set up to start again.');
  }
  if (enabledTwoStep(ctx, user.id)) return fail('CONFLICT', 'Two-step verification is already on.');
  if (input.code.trim() === '') return validationFailed({ code: 'Enter the 6-digit code from your app.' });
  const step = matchingStep(pending.secret, input.code, ctx.now(), ctx.twoStep.windowSteps);
  if (step === null) {
    // Nothing changes: the person is signed in and is only checking that their phone has the secret.
    recordAudit(ctx.store, ctx.now(), { event: 'two_step_failure', userId: user.id, detail: { for: 'setup' } });
    return validationFailed({ code: WRONG_CODE });
  }
  ctx.twoStep.pendingSetups.delete(tokenHash);
  // The confirming code's step counts as used: it cannot then sign anyone in.
  const recoveryCodes = enableTwoStep(ctx, user.id, pending.secret, step);
  recordAudit(ctx.store, ctx.now(), { event: 'two_step_enabled', userId: user.id, actorId: user.id });
  return ok({ recoveryCodes, user: twoStepPublicUser(ctx, findUserById(ctx.store, user.id)!) });
};

const TURN_OFF_PASSWORD_CHECK: Reverification = {
  field: 'password',
  wrongMessage: 'This is not your password.',
  failureEvent: 'two_step_failure',
};

export const disableTwoStep: Handler<'two-step:disable'> = async (ctx, input, { user }) => {
  if (!enabledTwoStep(ctx, user.id)) return fail('CONFLICT', 'Two-step verification is already off.');
  if (policyFor(ctx, user) === 'required') {
    return fail('FORBIDDEN', 'Your administrator requires two-step verification for your account, so it cannot be turned off.');
  }
  const factor = oneFactor(input);
  if (!isFactor(factor)) return factor;
  if (input.password.length === 0) return validationFailed({ password: 'Enter your password.' });
  const verified = await reverifyPassword(ctx, user, input.password, TURN_OFF_PASSWORD_CHECK);
  if (!verified.ok) return verified;
  const checked = checkSecondFactor(ctx, user, factor, 'turn-off');
  if (!checked.ok) return checked;
  removeTwoStep(ctx, user.id, false);
  recordAudit(ctx.store, ctx.now(), { event: 'two_step_disabled', userId: user.id, actorId: user.id, detail: { with: checked.data.via } });
  return ok({});
};

export const newRecoveryCodes: Handler<'two-step:new-recovery-codes'> = async (ctx, input, { user }) => {
  if (!enabledTwoStep(ctx, user.id)) return fail('CONFLICT', 'Two-step verification is off.');
  if (input.code.trim() === '') return validationFailed({ code: 'Enter the 6-digit code from your app.' });
  const checked = checkSecondFactor(ctx, user, { code: input.code }, 'new-recovery-codes');
  if (!checked.ok) return checked;
  const recoveryCodes = replaceRecoveryCodes(ctx, user.id);
  recordAudit(ctx.store, ctx.now(), { event: 'two_step_recovery_renewed', userId: user.id, actorId: user.id });
  return ok({ recoveryCodes });
};

/**
 * An administrator's reset (lost phone): two-step verification is off, secret and recovery codes
 * are gone, and the person sets it up again at their next sign-in (unless policy has it off).
 * Their sessions are left alone: losing a phone is not a sign that someone else is in.
 */
function resetTwoStepOf(ctx: CoreContext, target: UserRow, actorId: number | null, via: 'app' | 'cli'): Result<{ user: AdminUserView }> {
  removeTwoStep(ctx, target.id, true);
  recordAudit(ctx.store, ctx.now(), { event: 'admin_reset_two_step', userId: target.id, actorId, detail: { via } });
  return ok({ user: toAdminView(ctx, findUserById(ctx.store, target.id)!) });
}

export const resetTwoStep: Handler<'admin:reset-two-step'> = async (ctx, input, { user: admin }) => {
  const target = findUserById(ctx.store, input.userId);
  if (!target) return fail('NOT_FOUND', 'That account no longer exists.');
  // Your own goes through Turn off, which asks for a code: a reset would skip that (the words are admin-user-actions.ts's).
  const own = target.id === admin.id ? selfRefusal('reset-two-step') : null;
  if (own) return own;
  if (!enabledTwoStep(ctx, target.id)) return fail('CONFLICT', `${target.username} does not use two-step verification.`);
  return resetTwoStepOf(ctx, target, admin.id, 'app');
};

/** The CLI's `reset-2fa <username>`, for the machine's owner while the app is stopped (no session). */
export async function resetTwoStepFromCli(ctx: CoreContext, identifier: string): Promise<Result<{ user: AdminUserView }>> {
  const target = findUserByIdentifier(ctx.store, identifier.normalize('NFKC').trim());
  if (!target) return fail('NOT_FOUND', `No account is called "${identifier}".`);
  if (!enabledTwoStep(ctx, target.id)) return fail('CONFLICT', `${target.username} does not use two-step verification.`);
  const reset = resetTwoStepOf(ctx, target, null, 'cli');
  await ctx.store.persist();
  return reset;
}
