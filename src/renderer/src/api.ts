/**
 * The renderer's only door to the core. Every screen calls through `api`, never through
 * `window.gatehouse` directly, so that what a call reveals about the session is noticed in one
 * place whoever made it:
 * - SESSION_EXPIRED from any channel clears the session; the route guard then shows the sign-in
 *   screen with the reason;
 * - SESSION_LOCKED from any channel shows the lock screen.
 * The idle clock is the core's alone: its warning and its endings arrive by the pushed state.
 */
import type { GatehouseApi } from '../../shared/api';
import { fail, type Result } from '../../shared/result';
import { useSession } from './session/store';

/** The request methods; onSessionState is the one push, passed straight through. */
type Method = Exclude<keyof GatehouseApi, 'onSessionState'>;
type PayloadOf<M extends Method> = Parameters<GatehouseApi[M]>[0];
type AnswerOf<M extends Method> = Awaited<ReturnType<GatehouseApi[M]>>;

const UNREACHABLE = 'Gatehouse could not reach its background process. Please restart Gatehouse.';

async function call<M extends Method>(method: M, payload: PayloadOf<M>): Promise<AnswerOf<M>> {
  const bridge = window.gatehouse;
  const send = bridge?.[method] as ((payload: PayloadOf<M>) => Promise<AnswerOf<M>>) | undefined;
  const unlocksBefore = useSession.getState().unlockCount;
  let answer: Result<unknown>;
  try {
    answer = send ? await send(payload) : fail('INTERNAL', UNREACHABLE);
  } catch {
    // The real bridge never throws (it turns transport failures into INTERNAL); a broken one might.
    answer = fail('INTERNAL', UNREACHABLE);
  }
  noticeSessionChanges(answer, unlocksBefore);
  return answer as AnswerOf<M>;
}

function noticeSessionChanges(answer: Result<unknown>, unlocksBefore: number): void {
  const session = useSession.getState();
  if (answer.ok) return;
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
    case 'TWO_STEP_SETUP_REQUIRED':
      session.twoStepSetupRequired();
      break;
    case 'SESSION_LOCKED':
      // Locked by another path (the shell on an OS screen lock, a Ctrl+L a moment ago). An answer
      // to a call sent before the latest unlock describes a lock that is already over.
      if (session.unlockCount === unlocksBefore) session.screenLocked();
      break;
    default:
      break;
  }
}

/** Without a bridge (a broken preload) there is nothing to hear: the subscription is a no-op. */
function subscribeToSessionState(listener: Parameters<GatehouseApi['onSessionState']>[0]): () => void {
  return window.gatehouse?.onSessionState?.(listener) ?? (() => {});
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
    if (name === 'onSessionState') return subscribeToSessionState;
    return (payload: unknown) => call(name as Method, payload as PayloadOf<Method>);
  },
});
