import { useState } from 'react';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { describeError } from '../lib/errors';
import { useSubmit } from '../lib/useSubmit';

/**
 * Issue 14: "Back up now". The page names no path: Gatehouse asks for a folder in the system's
 * own dialog, and the core, which holds the store, writes a consistent copy there.
 */
export function BackUpNow() {
  const { busy, run } = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  const [alert, setAlert] = useState<{ message: string } | null>(null);

  const backUp = () =>
    run(async () => {
      setNotice(null);
      setAlert(null);
      const result = await api.backUpNow({});
      if (!result.ok) setAlert({ message: describeError(result.error) });
      else setNotice(result.data.file ? `Backup written to ${result.data.file}.` : 'No backup was made: no folder was chosen.');
    });

  return (
    <section className="settings-group backup" aria-labelledby="backup-heading">
      <h2 id="backup-heading" className="settings-group__legend">
        Backup
      </h2>
      <p className="muted">
        A complete copy of every account, session and setting and the audit log, written to a folder you choose. With
        encryption at rest on, the backup is encrypted too, and restoring it asks for the recovery key that was current when it
        was made. Restore one with the app stopped: <code>npm run gatehouse -- restore FILE --data-dir DIR</code>.
      </p>
      <Notice tone="success">{notice}</Notice>
      <Alert error={alert} />
      <div className="actions">
        <Button variant="secondary" busy={busy} busyLabel="Backing up…" onClick={backUp}>
          Back up now
        </Button>
      </div>
    </section>
  );
}
