/**
 * A fake core for renderer tests: the real bridge factory (createGatehouseApi) over an in-test
 * transport. Every payload is checked against the real contract schema, so a screen that sends
 * a wrong shape fails here as it would in the app. Channels a test does not answer fail loudly.
 */
import { createGatehouseApi, type GatehouseApi } from '../../../shared/api';
import { CONTRACT, type AppInfo, type Channel } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/result';
import type { PublicUser } from '../../../shared/user';

export type Handler = (payload: never) => Result<unknown> | Promise<Result<unknown>>;

export interface FakeCore {
  api: GatehouseApi;
  /** Every call in order, with its payload. */
  calls: { channel: Channel; payload: unknown }[];
  /** Payloads the real contract schema refused; a test should end with none. */
  invalidPayloads: string[];
  callsTo: (channel: Channel) => unknown[];
  handle: (channel: Channel, handler: Handler) => void;
  /** Pushes a session state as the shell's clock would (raw: the bridge validates it). */
  pushSessionState: (state: unknown) => void;
  /** The idle time the fake core has left, as auth:session reports it. */
  idleRemainingMs: () => number;
  /** Changes the fake core's policy, as an administrator would. */
  setPolicy: (changes: Partial<AppInfo['policy']>) => void;
}

export const POLICY: AppInfo['policy'] = {
  minPasswordLength: 8,
  selfRegistration: true,
  rememberAllowed: true,
  idleTimeoutMs: 15 * 60_000,
  kioskMode: false,
  onScreenKeyboard: false,
};

export function makeUser(overrides: Partial<PublicUser> = {}): PublicUser {
  return {
    id: 1,
    username: 'ada',
    email: 'ada@example.com',
    role: 'user',
    createdAt: '2025-03-14T09:26:53.000Z',
    lastLoginAt: '2025-06-01T12:00:00.000Z',
    mustChangePassword: false,
    ...overrides,
  };
}

export function createFakeCore(
  options: { signedIn?: PublicUser | null; policy?: Partial<AppInfo['policy']> } = {},
): FakeCore {
  const calls: FakeCore['calls'] = [];
  const invalidPayloads: string[] = [];
  const handlers = new Map<Channel, Handler>();
  const listeners = new Set<(raw: unknown) => void>();

  const policy = { ...POLICY, ...options.policy };
  const idleRemainingMs = () => Math.max(0, lastActivityAt + policy.idleTimeoutMs - Date.now());
  // Like the core's idle clock: activity is the last call that counts as activity (a sign-in or
  // an activity report); auth:session answers the time left and is not activity itself.
  let lastActivityAt = Date.now();
  // An open store unless a test says otherwise (the unlock screen's tests).
  handlers.set('store:unlock-state', () => ok({ state: 'open' }));
  handlers.set('app:info', () => ok({ policy, rememberedUsername: null, setUp: true, directoryConfigured: false }));
  handlers.set('account:sign-in-history', () => ok({ previousSignInAt: '2025-05-30T08:00:00.000Z', failedAttemptsSince: 0 }));
  handlers.set('auth:session', () => {
    const user = options.signedIn ?? null;
    return ok({ user, locked: false, idleRemainingMs: user ? idleRemainingMs() : null });
  });
  handlers.set('auth:logout', () => ok({}));
  handlers.set('session:activity', () => ok({ idleTimeoutMs: policy.idleTimeoutMs }));
  // The Settings screen always shows the directory's status (issue 16): none, unless a test says otherwise.
  handlers.set('admin:directory-status', () =>
    ok({
      status: {
        configured: false, url: null, baseDn: null, userFilter: null, transport: null, serviceAccount: null,
        caFile: null, adminGroup: null, offlineDays: 0, accounts: 0, cachedCredentials: 0,
      },
    }),
  );
  const COUNTS_AS_ACTIVITY = new Set<Channel>(['session:activity', 'auth:login', 'auth:register', 'session:unlock']);

  const transport = async (channel: Channel, payload: unknown) => {
    calls.push({ channel, payload });
    const parsed = CONTRACT[channel].payload.safeParse(payload);
    if (!parsed.success) {
      invalidPayloads.push(`${channel}: ${parsed.error.message}`);
      return fail('VALIDATION_FAILED', 'The renderer sent a payload the contract refuses.');
    }
    const handler = handlers.get(channel);
    if (!handler) return fail('INTERNAL', `The test did not expect a call to ${channel}.`);
    const result = await handler(payload as never);
    if (result.ok && COUNTS_AS_ACTIVITY.has(channel)) lastActivityAt = Date.now();
    return result;
  };

  return {
    api: createGatehouseApi(transport, (deliver) => {
      listeners.add(deliver);
      return () => listeners.delete(deliver);
    }),
    pushSessionState: (state) => {
      for (const deliver of listeners) deliver(state);
    },
    calls,
    invalidPayloads,
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
    handle: (channel, handler) => handlers.set(channel, handler),
    idleRemainingMs,
    setPolicy: (changes) => Object.assign(policy, changes),
  };
}
