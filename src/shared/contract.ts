/**
 * The IPC contract: every channel the renderer may call, the zod schema of its payload and the
 * type of its result. The preload builds one method per entry, the main process registers one
 * handler per entry, so neither side can forget a channel.
 */
import { z } from 'zod';
import type { PublicUser } from './user';

/** Hard caps so a hostile renderer cannot make the main process chew on megabytes. */
const MAX_TEXT = 1_000;
const MAX_PASSWORD_INPUT = 1_000;

const text = (label: string, max = MAX_TEXT) =>
  z
    .string({ error: `${label} must be text.` })
    .max(max, { error: `${label} is too long.` });

const passwordInput = (label: string) => text(label, MAX_PASSWORD_INPUT);

export const registerPayload = z.strictObject({
  username: text('Username'),
  email: text('Email'),
  password: passwordInput('Password'),
  confirmPassword: passwordInput('Password confirmation'),
});

export const loginPayload = z.strictObject({
  identifier: text('Username or email'),
  password: passwordInput('Password'),
  remember: z.boolean({ error: 'Remember me must be true or false.' }).optional(),
});

export const emptyPayload = z.strictObject({});

export const changePasswordPayload = z.strictObject({
  currentPassword: passwordInput('Current password'),
  newPassword: passwordInput('New password'),
  confirmPassword: passwordInput('Password confirmation'),
});

export const updateProfilePayload = z.strictObject({
  username: text('Username').optional(),
  email: text('Email').optional(),
});

/** What the renderer needs to explain the rules before a person types. */
export interface AppInfo {
  policy: {
    minPasswordLength: number;
    selfRegistration: boolean;
    rememberAllowed: boolean;
    idleTimeoutMs: number;
  };
}

/** A typed marker for a channel's result; the value is never read. */
function returns<T>(): T {
  return undefined as T;
}

export const CONTRACT = {
  'app:info': { method: 'info', payload: emptyPayload, result: returns<AppInfo>() },
  'auth:register': { method: 'register', payload: registerPayload, result: returns<{ user: PublicUser }>() },
  'auth:login': { method: 'login', payload: loginPayload, result: returns<{ user: PublicUser }>() },
  'auth:logout': { method: 'logout', payload: emptyPayload, result: returns<Record<string, never>>() },
  'auth:session': { method: 'session', payload: emptyPayload, result: returns<{ user: PublicUser | null }>() },
  'auth:change-password': {
    method: 'changePassword',
    payload: changePasswordPayload,
    result: returns<Record<string, never>>(),
  },
  'account:update-profile': {
    method: 'updateProfile',
    payload: updateProfilePayload,
    result: returns<{ user: PublicUser }>(),
  },
} as const;

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
export type PayloadOf<C extends Channel> = z.input<Contract[C]['payload']>;
export type ParsedPayloadOf<C extends Channel> = z.output<Contract[C]['payload']>;
export type DataOf<C extends Channel> = Contract[C]['result'];

export const CHANNELS = Object.keys(CONTRACT) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, value);
}

/**
 * Who is calling. The Electron shell fills this in from the IPC event; the renderer never
 * supplies it. `fromAppPage` is the shell's verdict on the sender frame's URL.
 */
export interface Caller {
  windowId: number;
  fromAppPage: boolean;
}
