/**
 * The renderer's whole view of the main process: one typed method per channel. The preload
 * builds it over ipcRenderer.invoke; the browser harness builds it over HTTP. Same factory,
 * so the harness exercises the real bridge code with only the transport swapped.
 */
import {
  CHANNELS,
  CONTRACT,
  sessionStateSchema,
  type Channel,
  type Contract,
  type DataOf,
  type PayloadOf,
  type SessionState,
} from './contract';
import { fail, isResult, type Result } from './result';

export type GatehouseApi = {
  readonly [C in Channel as Contract[C]['method']]: (payload: PayloadOf<C>) => Promise<Result<DataOf<C>>>;
} & {
  /**
   * The one push: this window's session state, each time the core's clock sees it change.
   * Returns a function that stops listening.
   */
  readonly onSessionState: (listener: (state: SessionState) => void) => () => void;
};

export type Transport = (channel: Channel, payload: unknown) => Promise<unknown>;

/** Delivers every raw session-state message until the returned function is called. */
export type SessionStateSource = (deliver: (raw: unknown) => void) => () => void;

export function createGatehouseApi(transport: Transport, sessionStates: SessionStateSource = () => () => {}): GatehouseApi {
  const api: Record<string, (payload: unknown) => Promise<Result<unknown>>> = {};
  for (const channel of CHANNELS) {
    api[CONTRACT[channel].method] = async (payload: unknown) => {
      try {
        const answer = await transport(channel, payload);
        return isResult(answer)
          ? answer
          : fail('INTERNAL', 'Gatehouse received an unexpected answer. Please try again.');
      } catch {
        return fail('INTERNAL', 'Gatehouse could not reach its background process. Please try again.');
      }
    };
  }
  const onSessionState = (listener: (state: SessionState) => void) =>
    sessionStates((raw) => {
      // Checked like any payload: only a well-formed state reaches the page's listener.
      const parsed = sessionStateSchema.safeParse(raw);
      if (parsed.success) listener(parsed.data);
    });
  return Object.freeze({ ...api, onSessionState }) as unknown as GatehouseApi;
}
