/**
 * The renderer's only door to the core. Every screen calls through `api`, never through
 * `window.gatehouse` directly, so that a session that ended behind our back (SESSION_EXPIRED from
 * any channel) always clears the session state; the route guard then shows the sign-in screen
 * with the reason.
 */
import type { GatehouseApi } from '../../shared/api';
import { fail, type Result } from '../../shared/result';
import { useSession } from './session/store';

type Method = keyof GatehouseApi;
type PayloadOf<M extends Method> = Parameters<GatehouseApi[M]>[0];
type AnswerOf<M extends Method> = Awaited<ReturnType<GatehouseApi[M]>>;

const UNREACHABLE = 'Gatehouse could not reach its background process. Please restart Gatehouse.';

async function call<M extends Method>(method: M, payload: PayloadOf<M>): Promise<AnswerOf<M>> {
  const bridge = window.gatehouse;
  const send = bridge?.[method] as ((payload: PayloadOf<M>) => Promise<AnswerOf<M>>) | undefined;
  let answer: Result<unknown>;
  try {
    answer = send ? await send(payload) : fail('INTERNAL', UNREACHABLE);
  } catch {
    // The real bridge never throws (it turns transport failures into INTERNAL); a broken one might.
    answer = fail('INTERNAL', UNREACHABLE);
  }
  noticeSessionChanges(answer);
  return answer as AnswerOf<M>;
}

function noticeSessionChanges(answer: Result<unknown>): void {
  if (answer.ok) return;
  const session = useSession.getState();
  switch (answer.error.code) {
    case 'SESSION_EXPIRED':
      // The core says why (expired, idle, ended by an administrator); the sign-in screen repeats it.
      session.sessionEnded('expired', answer.error.message);
      break;
    case 'NOT_AUTHENTICATED':
      // Only meaningful if we thought someone was signed in (e.g. an administrator ended it).
      if (session.user) session.sessionEnded('not-authenticated');
      break;
    case 'PASSWORD_CHANGE_REQUIRED':
      session.passwordChangeRequired();
      break;
    default:
      break;
  }
}

/**
 * One wrapper per method of window.gatehouse, made on demand, so every channel of the contract
 * (issue 5's admin and session channels included) goes through call() without a list to keep
 * in step. The GatehouseApi type still makes an unknown method name a compile error.
 */
export const api: GatehouseApi = new Proxy({} as GatehouseApi, {
  get(_target, name) {
    // 'then' stays undefined so the object is never mistaken for a promise.
    if (typeof name !== 'string' || name === 'then') return undefined;
    return (payload: unknown) => call(name as Method, payload as PayloadOf<Method>);
  },
});
