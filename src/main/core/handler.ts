/**
 * What a channel's handler is: a function of the parsed payload and the caller the router has
 * already authorised against the contract entry. Handlers neither check who is calling nor save:
 * the router does both, once, for every channel.
 */
import type { AccessOf, Channel, DataOf, ParsedPayloadOf } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { CoreContext } from './context';
import type { UserRow } from './users';

/** A caller on a channel open to people who are not signed in: only the window is known. */
export interface WindowCaller {
  windowId: number;
}

/** A caller the router has authenticated: the user as read for this call, and their session. */
export interface SignedInCaller {
  windowId: number;
  user: UserRow;
  tokenHash: string;
}

/** Channels that accept `anonymous` get a window; every other channel gets a signed-in caller. */
export type CallerOf<C extends Channel> = 'anonymous' extends AccessOf<C> ? WindowCaller : SignedInCaller;

export type Handler<C extends Channel> = (ctx: CoreContext, input: ParsedPayloadOf<C>, caller: CallerOf<C>) => Promise<Result<DataOf<C>>>;

export type Handlers = { [C in Channel]: Handler<C> };
