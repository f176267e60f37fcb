/**
 * The one door into the core: checks who is calling, that the channel exists and that the
 * payload has exactly the expected shape, then dispatches. Whatever happens, the answer is a
 * typed Result; exceptions and stack traces stay in the main process's log.
 */
import { z } from 'zod';
import { CONTRACT, countsAsActivity, isChannel, type Channel, type ParsedPayloadOf, type AccessState } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import * as accounts from './accounts';
import * as adminPolicy from './admin-policy';
import * as adminLifecycle from './admin-lifecycle';
import * as backup from './backup';
import * as adminEncryption from './admin-encryption';
import * as adminAudit from './admin-audit';
import * as adminUsers from './admin-users';
import * as adminUserDetails from './admin-user-details';
import { appInfo } from './app-info';
import type { CoreContext } from './context';
import * as directoryAdmin from './directory/admin';
import type { CallerOf, Handlers } from './handler';
import * as screenLock from './screen-lock';
import { signInHistory } from './sign-in-history';
import { authenticate, peekSessionUser } from './sessions';
import { needsTwoStepSetup } from './two-step';
import { verifySecondStep } from './two-step-sign-in';
import * as twoStepSettings from './two-step-settings';
import type { UserRow } from './users';

const callerSchema = z.strictObject({
  windowId: z.number().int().safe(),
  fromAppPage: z.boolean(),
});

async function storeIsOpen(): Promise<Result<{ state: 'open' }>> {
  return ok({ state: 'open' });
}

const HANDLERS: Handlers = {
  'app:info': appInfo,
  'auth:register': accounts.register,
  'auth:login': accounts.login,
  'auth:logout': accounts.logout,
  'auth:session': accounts.currentSession,
  'auth:change-password': accounts.changePassword,
  'account:update-profile': accounts.updateProfile,
  'session:activity': screenLock.reportActivity,
  'session:lock': screenLock.lockScreen,
  'session:unlock': screenLock.unlockScreen,
  'kiosk:exit': screenLock.exitKiosk,
  'admin:list-users': adminUsers.listUsers,
  'admin:create-user': adminUsers.createUser,
  'admin:set-active': adminUsers.setUserActive,
  'admin:unlock-user': adminUsers.unlockUser,
  'admin:reset-password': adminUsers.resetPassword,
  'admin:end-sessions': adminUsers.endUserSessions,
  'admin:set-role': adminUsers.setUserRole,
  'admin:delete-user': adminUsers.deleteUser,
  'admin:audit': adminAudit.listAudit,
  'admin:audit-csv': adminAudit.exportAuditCsv,
  'admin:get-policy': adminPolicy.getPolicy,
  'admin:set-policy': adminPolicy.setPolicy,
  'admin:get-user': adminUserDetails.getUser,
  'admin:update-email': adminUserDetails.updateUserEmail,
  'auth:verify-second-step': verifySecondStep,
  'two-step:status': twoStepSettings.twoStepStatus,
  'two-step:begin-setup': twoStepSettings.beginTwoStepSetup,
  'two-step:confirm-setup': twoStepSettings.confirmTwoStepSetup,
  'two-step:disable': twoStepSettings.disableTwoStep,
  'two-step:new-recovery-codes': twoStepSettings.newRecoveryCodes,
  'admin:reset-two-step': twoStepSettings.resetTwoStep,
  'admin:inactive-due': adminLifecycle.listInactiveDue,
  'admin:set-keep': adminLifecycle.setKeep,
  'admin:directory-status': directoryAdmin.getDirectoryStatus,
  'admin:directory-test': directoryAdmin.testDirectoryConnection,
  'admin:backup': backup.backUpNow,
  'admin:encryption-status': adminEncryption.getEncryptionStatus,
  'admin:encryption-enable': adminEncryption.enableStoreEncryption,
  'admin:encryption-disable': adminEncryption.disableStoreEncryption,
  'admin:encryption-rotate': adminEncryption.rotateStoreKey,
  'account:sign-in-history': signInHistory,
  // Before the store opens the unlock gate (store-gate.ts) answers these; once it is open, this.
  'store:unlock-state': storeIsOpen,
  'store:unlock': storeIsOpen,
};

/** The answer to a caller in a state the channel does not accept. One line per state. */
const REFUSALS: { [S in AccessState]: () => Result<never> } = {
  anonymous: () => fail('NOT_AUTHENTICATED', 'Please sign in first.'),
  signedIn: () => fail('FORBIDDEN', 'Only an administrator can do that.'),
  admin: () => fail('FORBIDDEN', 'An administrator cannot do that.'),
  locked: () => fail('SESSION_LOCKED', 'Gatehouse is locked. Enter your password to continue.'),
  passwordChangePending: () => fail('PASSWORD_CHANGE_REQUIRED', 'Please choose a new password before continuing.'),
  twoStepSetupPending: () => fail('TWO_STEP_SETUP_REQUIRED', 'Please set up two-step verification before continuing.'),
};

/** What the window's slot alone says (checked before authenticating, so a locked session is not touched). */
function windowStates(ctx: CoreContext, windowId: number): AccessState[] {
  return ctx.slots.get(windowId)?.locked ? ['locked'] : [];
}

/**
 * What the signed-in user's row (and the policy) says; conditions before the role, so they are
 * named first. The password change comes first, then two-step setup (issue 13).
 */
function userStates(ctx: CoreContext, user: UserRow): AccessState[] {
  const states: AccessState[] = [];
  if (user.must_change_password === 1) states.push('passwordChangePending');
  else if (needsTwoStepSetup(ctx, user)) states.push('twoStepSetupPending');
  states.push(user.role === 'admin' ? 'admin' : 'signedIn');
  return states;
}

function firstRefused(states: AccessState[], accepts: (state: AccessState) => boolean): Result<never> | null {
  const refused = states.find((state) => !accepts(state));
  return refused ? REFUSALS[refused]() : null;
}

/**
 * Authorises the caller for `channel` from its contract entry, then runs its handler. Channels
 * open to `anonymous` callers are not authenticated here (signing in, reading the rules and
 * leaving must work whatever state an old session is in); the rest get the authenticated user.
 */
async function authoriseAndRun<C extends Channel>(ctx: CoreContext, channel: C, input: unknown, windowId: number): Promise<Result<unknown>> {
  const access: readonly AccessState[] = CONTRACT[channel].access;
  const accepts = (state: AccessState) => access.includes(state);
  const handler = HANDLERS[channel];
  const early = firstRefused(windowStates(ctx, windowId), accepts);
  if (early) return early;
  if (accepts('anonymous')) {
    // Read the user only when their state could matter; a peek, so an old session is left as is.
    const userLevel: AccessState[] = ['signedIn', 'admin', 'passwordChangePending', 'twoStepSetupPending'];
    const user = userLevel.every(accepts) ? undefined : peekSessionUser(ctx, windowId);
    const refused = user ? firstRefused(userStates(ctx, user), accepts) : null;
    if (refused) return refused;
    return handler(ctx, input as ParsedPayloadOf<C>, { windowId } as CallerOf<C>);
  }
  const auth = await authenticate(ctx, windowId, countsAsActivity(channel));
  if (!auth.ok) return { ok: false, error: auth.error };
  // Authenticating can lock a remembered session that sat idle past the timeout.
  const lockedNow = firstRefused(windowStates(ctx, windowId), accepts);
  if (lockedNow) return lockedNow;
  const refused = firstRefused(userStates(ctx, auth.auth.user), accepts);
  if (refused) return refused;
  return handler(ctx, input as ParsedPayloadOf<C>, { windowId, ...auth.auth } as CallerOf<C>);
}

/** Turns zod's issues into per-field messages without echoing attacker-chosen keys as keys. */
export function describeInvalidPayload(error: z.ZodError): ReturnType<typeof fail> {
  const fields: Record<string, string> = {};
  const unexpected: string[] = [];
  let unexpectedCount = 0;
  let shapeWrong = false;
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One at a time: spreading 200,000 keys into push() overflows the call stack.
      for (const key of issue.keys) if (unexpected.length < 5) unexpected.push(key);
      unexpectedCount += issue.keys.length;
      continue;
    }
    const key = issue.path[0];
    if (typeof key === 'string' && key.length > 0 && !(key in fields)) fields[key] = issue.message;
    else if (issue.path.length === 0) shapeWrong = true;
  }
  if (shapeWrong) return fail('VALIDATION_FAILED', 'The request was not in the expected form.');
  const printable = unexpected.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 40)));
  const message =
    unexpectedCount > 0 ? `The request had fields Gatehouse does not accept: ${printable.join(', ')}.` : 'Some fields need attention.';
  return Object.keys(fields).length > 0
    ? fail('VALIDATION_FAILED', message, { fields })
    : fail('VALIDATION_FAILED', message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A request that passed the door's checks: from the app's page, a known channel, a payload of its shape. */
export interface CheckedRequest {
  ok: true;
  channel: Channel;
  payload: unknown;
  windowId: number;
}

/** The door's checks, shared with the unlock gate (store-gate.ts) that answers before the store opens. */
export function checkRequest(channel: unknown, payload: unknown, caller: unknown): CheckedRequest | ReturnType<typeof fail> {
  const who = callerSchema.safeParse(caller);
  if (!who.success || !who.data.fromAppPage) {
    return fail('FORBIDDEN', 'This request did not come from the Gatehouse window and was refused.');
  }
  if (!isChannel(channel)) return fail('UNKNOWN_CHANNEL', 'Gatehouse does not know that request.');
  // zod takes any object for a strict object; a Date or Map is still the wrong shape.
  if (!isPlainObject(payload)) return fail('VALIDATION_FAILED', 'The request was not in the expected form.');
  const parsed = CONTRACT[channel].payload.safeParse(payload);
  if (!parsed.success) return describeInvalidPayload(parsed.error);
  return { ok: true, channel, payload: parsed.data, windowId: who.data.windowId };
}

export function createRouter(ctx: CoreContext) {
  return async function invoke(channel: unknown, payload: unknown, caller: unknown): Promise<Result<unknown>> {
    try {
      const request = checkRequest(channel, payload, caller);
      if (!request.ok) return request;
      const answer = await authoriseAndRun(ctx, request.channel, request.payload, request.windowId);
      // The one save: whatever the handler (or a refusal, e.g. an expired session) changed is on
      // disk before the caller hears about it, success or not.
      try {
        await ctx.store.persist();
      } catch (error) {
        ctx.warn(`Gatehouse: saving after ${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
        return fail('STORE_UNAVAILABLE', 'Gatehouse could not save to disk. Your last change may not have been kept; check, then try again.');
      }
      return answer;
    } catch (error) {
      ctx.warn(`Gatehouse: ${String(channel).slice(0, 60)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fail('INTERNAL', 'Something went wrong inside Gatehouse. Your last action may not have been saved; please try again.');
    }
  };
}
