import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { api } from './api';
import { Alert } from './components/Alert';
import { Button } from './components/Button';
import { Frame } from './chrome/Frame';
import { Screen } from './components/Screen';
import { Spinner } from './components/Spinner';
import { OnScreenKeyboard } from './keyboard/OnScreenKeyboard';
import { describeError } from './lib/errors';
import { createAppRouter } from './routes';
import { LockScreen } from './safety/LockScreen';
import { SessionSafety } from './safety/SessionSafety';
import { useSession } from './session/store';
import { useSessionStatePush } from './session/useSessionStatePush';
import { UnlockStoreScreen } from './unlock/UnlockStoreScreen';
import type { StoreUnlockState } from '../../shared/encryption';

type Asking = Extract<StoreUnlockState, { state: 'asking' }>;
/** Why the app is not running yet: a problem to show, or an encrypted store to unlock first. */
type NotStarted = { problem: string } | { asking: Asking };

/**
 * Asks the core whether its store is open (an encrypted store may first need its passphrase or
 * recovery key), then who is signed in (remember-me), whether that session is locked, and what
 * its policy is before any route renders, so the guards never decide on a half-known session
 * and a reload never shows what a lock hides.
 */
async function start(): Promise<NotStarted | null> {
  const store = await api.storeUnlockState({});
  if (!store.ok) return { problem: describeError(store.error) };
  if (store.data.state === 'asking') return { asking: store.data };
  const [info, session] = await Promise.all([api.info({}), api.session({})]);
  if (!info.ok) return { problem: describeError(info.error) };
  // A failed session question (e.g. an expired remembered session) means nobody is signed in;
  // api.ts has already recorded why, and the sign-in screen will say so.
  const user = session.ok ? session.data.user : null;
  const locked = session.ok && session.data.locked === true;
  useSession.getState().started(info.data, user, locked);
  // Opening the app is the person's doing, and the core's idle clock is unknown to us until it
  // confirms some activity: report it, so both clocks start from the same moment.
  if (user && !locked) void api.reportActivity({});
  return null;
}

export function App() {
  const ready = useSession((s) => s.ready);
  const signedIn = useSession((s) => s.user !== null);
  const locked = useSession((s) => s.locked);
  const onScreenKeyboard = useSession((s) => s.appInfo?.policy.onScreenKeyboard === true);
  const [router] = useState(createAppRouter);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<{ message: string } | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  useSessionStatePush();

  useEffect(() => {
    let current = true;
    void start().then((notStarted) => {
      if (!current || !notStarted) return;
      if ('asking' in notStarted) setAsking(notStarted.asking);
      else setFailure({ message: notStarted.problem });
    });
    return () => {
      current = false;
    };
  }, [attempt]);

  if (ready) {
    return (
      <>
        {/* Locked: the routed screen is unmounted, not hidden, so none of its data stays in the page. */}
        {signedIn && locked ? (
          <Frame>
            <LockScreen />
          </Frame>
        ) : (
          <RouterProvider router={router} />
        )}
        {signedIn && <SessionSafety />}
        {onScreenKeyboard && <OnScreenKeyboard />}
      </>
    );
  }

  return (
    <Frame>
      {asking ? (
        <UnlockStoreScreen
          asking={asking}
          onOpen={() => {
            setAsking(null);
            setAttempt((n) => n + 1);
          }}
        />
      ) : failure ? (
        <Screen title="Gatehouse could not start">
          <Alert error={failure} />
          <Button
            className="button--block"
            onClick={() => {
              setFailure(null);
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </Button>
        </Screen>
      ) : (
        <>
          <h1 className="visually-hidden">Gatehouse</h1>
          <p className="boot" role="status">
            <Spinner />
            <span>Starting Gatehouse…</span>
          </p>
        </>
      )}
    </Frame>
  );
}
