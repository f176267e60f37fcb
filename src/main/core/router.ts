/**
 * The one door into the core: checks who is calling, that the channel exists and that the
 * payload has exactly the expected shape, then dispatches. Whatever happens, the answer is a
 * typed Result; exceptions and stack traces stay in the main process's log.
 */
import { z } from 'zod';
import { CONTRACT, isChannel, type Channel } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import * as accounts from './accounts';
import * as admin from './admin';
import type { CoreContext } from './context';
import * as screenLock from './screen-lock';
import { findUserById } from './users';

const callerSchema = z.strictObject({
  windowId: z.number().int().safe(),
  fromAppPage: z.boolean(),
});

type Handler = (ctx: CoreContext, payload: never, windowId: number) => Promise<Result<unknown>>;

const HANDLERS: { [C in Channel]: Handler } = {
  'app:info': async (ctx) => {
    const policy = ctx.policy();
    return {
      ok: true,
      data: {
        policy: {
          minPasswordLength: policy.minPasswordLength,
          selfRegistration: policy.selfRegistration,
          rememberAllowed: policy.rememberAllowed,
          idleTimeoutMs: policy.idleTimeoutMs,
          kioskMode: policy.kioskMode,
        },
        rememberedUsername: policy.rememberAllowed ? await ctx.usernameStore.load() : null,
      },
    };
  },
  'auth:register': accounts.register as Handler,
  'auth:login': accounts.login as Handler,
  'auth:logout': (ctx, _payload, windowId) => accounts.logout(ctx, windowId),
  'auth:session': (ctx, _payload, windowId) => accounts.currentSession(ctx, windowId),
  'auth:change-password': accounts.changePassword as Handler,
  'account:update-profile': accounts.updateProfile as Handler,
  'session:activity': screenLock.reportActivity as Handler,
  'session:lock': screenLock.lockScreen as Handler,
  'session:unlock': screenLock.unlockScreen as Handler,
  'kiosk:exit': screenLock.exitKiosk as Handler,
  'admin:list-users': admin.listUsers as Handler,
  'admin:create-user': admin.createUser as Handler,
  'admin:set-active': admin.setUserActive as Handler,
  'admin:unlock-user': admin.unlockUser as Handler,
  'admin:reset-password': admin.resetPassword as Handler,
  'admin:end-sessions': admin.endUserSessions as Handler,
  'admin:set-role': admin.setUserRole as Handler,
  'admin:delete-user': admin.deleteUser as Handler,
  'admin:audit': admin.listAudit as Handler,
  'admin:audit-csv': admin.exportAuditCsv as Handler,
  'admin:get-policy': admin.getPolicy as Handler,
  'admin:set-policy': admin.setPolicy as Handler,
};

/** Channels a person with a temporary password may still use: everything else waits for the change. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<Channel>([
  'app:info',
  'auth:register',
  'auth:login',
  'auth:logout',
  'auth:session',
  'auth:change-password',
  // Someone choosing a new password is still at the machine, and may step away from it.
  'session:activity',
  'session:lock',
  'session:unlock',
]);

/** Turns zod's issues into per-field messages without echoing attacker-chosen keys as keys. */
export function describeInvalidPayload(error: z.ZodError): Result<never> {
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

/** Channels that still answer while the window is locked: unlocking and leaving. */
const ALLOWED_WHILE_LOCKED = new Set<Channel>(['app:info', 'auth:session', 'auth:logout', 'session:unlock']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function needsPasswordChange(ctx: CoreContext, windowId: number): boolean {
  const slot = ctx.slots.get(windowId);
  if (!slot) return false;
  const row = ctx.store.get<{ user_id: number }>('SELECT user_id FROM sessions WHERE token_hash = ?', [slot.tokenHash]);
  return row !== undefined && findUserById(ctx.store, row.user_id)?.must_change_password === 1;
}

export function createRouter(ctx: CoreContext) {
  return async function invoke(channel: unknown, payload: unknown, caller: unknown): Promise<Result<unknown>> {
    try {
      const who = callerSchema.safeParse(caller);
      if (!who.success || !who.data.fromAppPage) {
        return fail('FORBIDDEN', 'This request did not come from the Gatehouse window and was refused.');
      }
      if (!isChannel(channel)) return fail('UNKNOWN_CHANNEL', 'Gatehouse does not know that request.');
      // zod takes any object for a strict object; a Date or Map is still the wrong shape.
      if (!isPlainObject(payload)) return fail('VALIDATION_FAILED', 'The request was not in the expected form.');
      const parsed = CONTRACT[channel].payload.safeParse(payload);
      if (!parsed.success) return describeInvalidPayload(parsed.error);
      const windowId = who.data.windowId;
      if (ctx.slots.get(windowId)?.locked && !ALLOWED_WHILE_LOCKED.has(channel)) {
        return fail('SESSION_LOCKED', 'Gatehouse is locked. Enter your password to continue.');
      }
      if (!ALLOWED_BEFORE_PASSWORD_CHANGE.has(channel) && needsPasswordChange(ctx, windowId)) {
        return fail('PASSWORD_CHANGE_REQUIRED', 'Please choose a new password before continuing.');
      }
      return await HANDLERS[channel](ctx, parsed.data as never, windowId);
    } catch (error) {
      ctx.warn(`Gatehouse: ${String(channel).slice(0, 60)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fail('INTERNAL', 'Something went wrong inside Gatehouse. Your last action may not have been saved; please try again.');
    }
  };
}
