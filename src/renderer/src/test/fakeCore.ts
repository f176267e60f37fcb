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
}

export const POLICY: AppInfo['policy'] = {
  minPasswordLength: 8,
  selfRegistration: true,
  rememberAllowed: true,
  idleTimeoutMs: 15 * 60_000,
  kioskMode: false,
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

  handlers.set('app:info', () => ok({ policy: { ...POLICY, ...options.policy } }));
  handlers.set('auth:session', () => ok({ user: options.signedIn ?? null }));
  handlers.set('auth:logout', () => ok({}));

  const transport = async (channel: Channel, payload: unknown) => {
    calls.push({ channel, payload });
    const parsed = CONTRACT[channel].payload.safeParse(payload);
    if (!parsed.success) {
      invalidPayloads.push(`${channel}: ${parsed.error.message}`);
      return fail('VALIDATION_FAILED', 'The renderer sent a payload the contract refuses.');
    }
    const handler = handlers.get(channel);
    if (!handler) return fail('INTERNAL', `The test did not expect a call to ${channel}.`);
    return handler(payload as never);
  };

  return {
    api: createGatehouseApi(transport),
    calls,
    invalidPayloads,
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
    handle: (channel, handler) => handlers.set(channel, handler),
  };
}
