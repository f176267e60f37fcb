import { useState } from 'react';
import type { ConnectionTest, DirectoryStatus } from '../../../shared/directory';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { describeError } from '../lib/errors';
import { useSubmit } from '../lib/useSubmit';
import { useLoaded } from './useLoaded';

const TRANSPORTS: Record<NonNullable<DirectoryStatus['transport']>, string> = {
  ldaps: 'TLS (ldaps)',
  starttls: 'TLS (StartTLS)',
  'plain-loopback': 'Not encrypted (this computer only, for tests)',
};

/**
 * The organisation's directory (issue 16), read-only: it is configured with the command line
 * (`npm run gatehouse -- set-directory …`), never here, so a page cannot point the app at
 * another server. The test takes no parameters for the same reason.
 */
export function DirectoryPanel() {
  const loaded = useLoaded('directory', () => api.directoryStatus({}));
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const { busy, run } = useSubmit();
  const status = loaded.data?.status;

  const runTest = () =>
    void run(async () => {
      setAlert(null);
      setTest(null);
      const result = await api.testDirectory({});
      if (result.ok) setTest(result.data.test);
      else setAlert({ message: describeError(result.error) });
    });

  return (
    <section className="settings-group" aria-labelledby="directory-heading">
      <h2 id="directory-heading" className="settings-group__legend">
        Organisation directory
      </h2>
      <Alert error={loaded.error ? { message: describeError(loaded.error) } : alert} />
      {!status ? (
        !loaded.error && <p className="muted">Loading the directory settings…</p>
      ) : !status.configured ? (
        <p className="muted">
          Not set up: only accounts on this computer can sign in. An administrator sets it up with{' '}
          <code>npm run gatehouse -- set-directory</code>.
        </p>
      ) : (
        <>
          <dl className="facts">
            <Fact term="Server" value={status.url ?? ''} />
            <Fact term="Connection" value={TRANSPORTS[status.transport ?? 'starttls']} />
            <Fact term="People under" value={status.baseDn ?? ''} />
            <Fact term="Searches as" value={status.serviceAccount ?? 'Anonymous'} />
            <Fact term="Administrators" value={status.adminGroup ? `Members of ${status.adminGroup}` : 'None from the directory'} />
            <Fact
              term="Offline sign-in"
              value={status.offlineDays === 0 ? 'Off' : `Within ${status.offlineDays} day${status.offlineDays === 1 ? '' : 's'} of the last online sign-in`}
            />
            <Fact term="Directory accounts here" value={`${status.accounts} (${status.cachedCredentials} can sign in offline)`} />
          </dl>
          <Notice tone={test?.reachable ? 'success' : 'info'}>{test?.message}</Notice>
          <div className="actions">
            <Button variant="secondary" busy={busy} busyLabel="Testing…" onClick={runTest}>
              Test the connection
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div className="facts__row">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
