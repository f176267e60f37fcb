/**
 * The unlock gate (issue 12): opens the store behind the same seam the open core serves, so a
 * store that needs a person before it can open is unlocked on the app's own screen. That is a
 * store in passphrase mode, or one whose key the OS keyring can no longer unwrap (another
 * machine, a reinstalled OS, a reset keyring), which opens with its recovery key.
 *
 * Until the store is open the gate answers `store:unlock-state` and `store:unlock`, and refuses
 * every other channel with STORE_UNAVAILABLE: there are no accounts to ask about yet. Whoever
 * is at the machine may type the secret: before the store opens nobody is signed in, and the
 * secret itself is the proof. A wrong answer asks again (`askUntilRight`); each try costs one
 * scrypt (key-wrap.ts), so guessing here is no faster than guessing against a copy of the files.
 * Tries are taken one at a time, in the order they arrive.
 */
import { fail, ok, type Result } from '../../shared/result';
import type { StoreUnlockState } from '../../shared/encryption';
import type { SecretQuestion } from './encryption/encryption';
import { checkRequest } from './router';
import { StoreError } from './store/errors';
import type { GatehouseHandle, GatehouseOptions } from './types';

export interface StartingGatehouse {
  /** The seam from the first moment: the gate's answers until the store is open, then the core's own. */
  invoke: GatehouseHandle['invoke'];
  /** The open core. Rejects when the store cannot open; the error's message says why. */
  readonly opened: Promise<GatehouseHandle>;
  /**
   * 'open' once the store is open, or 'asking' at the first question for a person (the shell
   * then shows a window for the unlock screen). Rejects as `opened` does when it fails first.
   */
  readonly settled: Promise<'open' | 'asking'>;
  /** Nobody will answer (the unlock window was closed): the open fails and `opened` rejects. */
  giveUp(): void;
}

const MAX_TRIES_IN_FLIGHT = 2;
const GAVE_UP_MESSAGE = 'The unlock screen was closed before the store opened; nothing was changed.';
const LOCKED_MESSAGE = 'Gatehouse’s accounts are encrypted and locked. Type the passphrase (or the recovery key) to open them.';

/** `open` opens the core: openGatehouse, passed in by index.ts (startGatehouse) so the two do not import each other. */
export function gateOpening(
  options: GatehouseOptions,
  open: (options: GatehouseOptions) => Promise<GatehouseHandle>,
): StartingGatehouse {
  let handle: GatehouseHandle | null = null;
  let failure: string | null = null;
  let question: { asked: SecretQuestion; answer: (secret: string | null) => void } | null = null;
  let gaveUp = false;
  const currentQuestion = () => question;
  /** Waiters for the next change of the three above. */
  let changed: Array<() => void> = [];
  const change = () => {
    const waiting = changed;
    changed = [];
    for (const wake of waiting) wake();
  };
  const nextChange = () => new Promise<void>((resolve) => changed.push(resolve));
  const settledNow = () => handle !== null || failure !== null || question !== null;
  const untilSettled = async () => {
    while (!settledNow()) await nextChange();
  };

  const askSecret = (asked: SecretQuestion) =>
    new Promise<string | null>((answer) => {
      if (gaveUp) return answer(null);
      question = { asked, answer };
      change();
    });

  const opened = open({ ...options, encryption: { ...options.encryption, askSecret, askUntilRight: true } })
    .then(async (core) => {
      // Given up while a right answer was being checked: nobody is there any more, so the open
      // does not carry on behind their back. Closed again, untouched.
      if (gaveUp) {
        await core.close();
        throw new StoreError('STORE_ENCRYPTED', GAVE_UP_MESSAGE);
      }
      handle = core;
      change();
      return core;
    })
    .catch((error: unknown) => {
      // Only the store's own refusals are worded for a person; anything else stays in the log.
      failure = error instanceof StoreError ? error.message : 'Gatehouse could not open its accounts. The reason is in its log.';
      (options.warn ?? console.warn)(`Gatehouse: the store did not open: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      change();
      throw error;
    });
  const settled = untilSettled().then(() => {
    if (handle) return 'open' as const;
    if (question) return 'asking' as const;
    return opened.then(() => 'open' as const);
  });
  // Both are awaited by the shell; a rejection nobody has awaited yet must not crash the process.
  opened.catch(() => undefined);
  settled.catch(() => undefined);

  const unavailable = () => fail('STORE_UNAVAILABLE', failure ?? LOCKED_MESSAGE);
  const stateNow = (): Result<StoreUnlockState> => {
    if (question) return ok({ state: 'asking', kind: question.asked.kind, wrongAnswer: question.asked.wrongAnswer });
    return unavailable();
  };

  /** One try at a time: a second waits for the first's verdict, then answers the next question. */
  let tries: Promise<unknown> = Promise.resolve();
  let triesInFlight = 0;
  const tryToUnlock = (secret: string): Promise<Result<StoreUnlockState>> => {
    // An empty answer would mean "nobody answers" to unlockEncryption, and end the open.
    if (secret.length === 0) {
      return Promise.resolve(fail('VALIDATION_FAILED', 'Type the passphrase or the recovery key.', { fields: { secret: 'Type the passphrase or the recovery key.' } }));
    }
    // One being checked and one waiting at most: a page that queued thousands would keep a
    // person's own try waiting behind their scrypts.
    if (triesInFlight >= MAX_TRIES_IN_FLIGHT) {
      return Promise.resolve(fail('RATE_LIMITED', 'Gatehouse is still checking the last try. Wait for its answer, then try again.'));
    }
    triesInFlight++;
    const attempt = tries.then(async (): Promise<Result<StoreUnlockState>> => {
      await untilSettled();
      if (handle) return ok({ state: 'open' });
      const pending = question;
      if (!pending) return unavailable();
      question = null;
      pending.answer(secret);
      await untilSettled();
      if (handle) return ok({ state: 'open' });
      // Asked again: the answer was wrong (the question says why).
      const again = currentQuestion();
      if (again) return fail('INVALID_CREDENTIALS', again.asked.wrongAnswer ?? 'That did not open the store.');
      return unavailable();
    });
    tries = attempt.catch(() => undefined);
    void tries.then(() => triesInFlight--);
    return attempt;
  };

  const invoke: GatehouseHandle['invoke'] = async (channel, payload, caller) => {
    if (handle) return handle.invoke(channel, payload, caller);
    const request = checkRequest(channel, payload, caller);
    if (!request.ok) return request;
    if (request.channel === 'store:unlock') return tryToUnlock((request.payload as { secret: string }).secret);
    await untilSettled();
    if (handle) return (handle as GatehouseHandle).invoke(channel, payload, caller);
    if (request.channel === 'store:unlock-state') return stateNow();
    return unavailable();
  };

  return {
    invoke,
    opened,
    settled,
    giveUp() {
      gaveUp = true;
      const pending = question;
      question = null;
      pending?.answer(null);
    },
  };
}
