/**
 * The renderer's whole view of the main process: one typed method per channel. The preload
 * builds it over ipcRenderer.invoke; the browser harness builds it over HTTP. Same factory,
 * so the harness exercises the real bridge code with only the transport swapped.
 */
import { CHANNELS, CONTRACT, type Channel, type Contract, type DataOf, type PayloadOf } from './contract';
import { fail, isResult, type Result } from './result';

export type GatehouseApi = {
  readonly [C in Channel as Contract[C]['method']]: (payload: PayloadOf<C>) => Promise<Result<DataOf<C>>>;
};

export type Transport = (channel: Channel, payload: unknown) => Promise<unknown>;

export function createGatehouseApi(transport: Transport): GatehouseApi {
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
  return Object.freeze(api) as unknown as GatehouseApi;
}
