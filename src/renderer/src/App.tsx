import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { api } from './api';
import { Alert } from './components/Alert';
import { Button } from './components/Button';
import { Frame } from './components/Frame';
import { Screen } from './components/Screen';
import { Spinner } from './components/Spinner';
import { describeError } from './lib/errors';
import { createAppRouter } from './routes';
import { useSession } from './session/store';

/**
 * Asks the core who is signed in (remember-me) and what its policy is before any route renders,
 * so the guards never decide on a half-known session.
 */
async function start(): Promise<string | null> {
  const [info, session] = await Promise.all([api.info({}), api.session({})]);
  if (!info.ok) return describeError(info.error);
  // A failed session question (e.g. an expired remembered session) means nobody is signed in;
  // api.ts has already recorded why, and the sign-in screen will say so.
  useSession.getState().started(info.data, session.ok ? session.data.user : null);
  return null;
}

export function App() {
  const ready = useSession((s) => s.ready);
  const [router] = useState(createAppRouter);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<{ message: string } | null>(null);

  useEffect(() => {
    let current = true;
    void start().then((problem) => {
      if (current && problem) setFailure({ message: problem });
    });
    return () => {
      current = false;
    };
  }, [attempt]);

  if (ready) return <RouterProvider router={router} />;

  return (
    <Frame>
      {failure ? (
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
