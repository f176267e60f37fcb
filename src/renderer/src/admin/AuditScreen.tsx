import { useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { AUDIT_EVENT_LABELS, AUDIT_EVENTS, type AuditEntryView, type AuditEventName } from '../../../shared/admin';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { Screen } from '../components/Screen';
import { describeError } from '../lib/errors';
import { useSubmit } from '../lib/useSubmit';
import { DownloadIcon } from '../components/Icons';
import { AdminNav, BackToDashboard } from './AdminNav';
import { Breakable } from './Breakable';
import { CellDateTime } from './CellDateTime';
import { describeDetail } from './auditDetail';
import { downloadText } from './downloadFile';
import { Pager, pageCount } from './Pager';
import { pageFrom, positiveInt, withPage, withParam } from './searchParams';
import { SelectField } from '../components/SelectField';
import { useLoaded } from './useLoaded';
import './admin.css';

export const AUDIT_PAGE_SIZE = 25;
/** The user filter lists this many accounts; the contract's page size allows no more in one call. */
const USER_CHOICES = 100;

/** Events a person should notice when scanning the log. */
const WARNING_EVENTS: ReadonlySet<AuditEventName> = new Set(['signin_failure', 'signin_blocked', 'lockout', 'unlock_failure']);

function eventFrom(params: URLSearchParams): AuditEventName | undefined {
  const value = params.get('event');
  return (AUDIT_EVENTS as readonly string[]).includes(value ?? '') ? (value as AuditEventName) : undefined;
}

/** Who an entry is about; an account deleted since keeps the name it had (the core remembers it). */
function accountName(name: string | null, id: number | null, deleted: boolean): string {
  if (id === null) return '—';
  if (!name) return `Account ${id}`;
  return deleted ? `${name} (deleted)` : name;
}

function Details({ entry }: { entry: AuditEntryView }) {
  const pairs = describeDetail(entry.event, entry.detail);
  if (pairs.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="detail-list">
      {pairs.map((pair) => (
        <div key={pair.label} className="detail-list__pair">
          {/* The space keeps "Label: value" one phrase when the text is read or copied. */}
          <dt>{pair.label}:</dt> <dd>{pair.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditScreen() {
  const [params, setParams] = useSearchParams();
  const userId = positiveInt(params.get('user')) ?? undefined;
  const event = eventFrom(params);
  const page = pageFrom(params);
  const filter = { ...(userId ? { userId } : {}), ...(event ? { event } : {}) };
  const captionId = useId();
  const [exported, setExported] = useState('');
  const [exportAlert, setExportAlert] = useState<{ message: string } | null>(null);
  const exporting = useSubmit();

  const users = useLoaded('users', () => api.listUsers({ pageSize: USER_CHOICES }));
  const log = useLoaded(JSON.stringify([userId, event, page]), () => api.listAudit({ ...filter, page, pageSize: AUDIT_PAGE_SIZE }));
  const loadAlert = useMemo(() => {
    const error = log.error ?? users.error;
    return error ? { message: describeError(error) } : null;
  }, [log.error, users.error]);
  const entries = log.data?.entries ?? [];
  const total = log.data?.total ?? 0;

  const choose = (name: 'user' | 'event', value: string) => {
    setExported('');
    setParams((current) => withParam(withPage(current, 1), name, value), { replace: true });
  };

  const exportCsv = () =>
    exporting.run(async () => {
      setExported('');
      setExportAlert(null);
      const result = await api.exportAuditCsv(filter);
      if (!result.ok) {
        setExportAlert({ message: describeError(result.error) });
        return;
      }
      downloadText(result.data.filename, result.data.csv, 'text/csv;charset=utf-8');
      setExported(`Exported the log to ${result.data.filename}.`);
    });

  const userOptions = users.data?.users ?? [];
  const deletedOptions = log.data?.deletedAccounts ?? [];
  const selectedMissing =
    userId !== undefined && users.data !== null && log.data !== null && ![...userOptions, ...deletedOptions].some((u) => u.id === userId);

  return (
    <Screen nav={<AdminNav />}
      title="Audit log"
      intro="What happened on this device, newest first."
      width="wide"
      footer={<BackToDashboard />}
    >
      <div className="toolbar">
        <SelectField label="User" value={userId ?? ''} onChange={(e) => choose('user', e.target.value)} className="toolbar__filter">
          <option value="">All users</option>
          {userOptions.map((user) => (
            <option key={user.id} value={user.id}>
              {user.username}
            </option>
          ))}
          {deletedOptions.map((user) => (
            <option key={user.id} value={user.id}>
              {`${user.username} (deleted)`}
            </option>
          ))}
          {selectedMissing && <option value={userId}>{`Account ${userId}`}</option>}
        </SelectField>
        <SelectField label="Event" value={event ?? ''} onChange={(e) => choose('event', e.target.value)} className="toolbar__filter">
          <option value="">All events</option>
          {AUDIT_EVENTS.map((name) => (
            <option key={name} value={name}>
              {AUDIT_EVENT_LABELS[name]}
            </option>
          ))}
        </SelectField>
        <Button variant="secondary" onClick={() => void exportCsv()} busy={exporting.busy} busyLabel="Exporting…" className="toolbar__end">
          <DownloadIcon />
          Export CSV
        </Button>
      </div>
      <Notice tone="success">{exported}</Notice>
      <Alert error={exportAlert ?? loadAlert} />

      <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="data-table data-table--audit" aria-busy={log.loading || undefined}>
          <caption id={captionId} className="data-table__caption">
            {userId || event ? 'Matching entries' : 'All entries'}, newest first: {total}
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">User</th>
              <th scope="col">By</th>
              <th scope="col">Identifier</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="data-table__date">
                  <CellDateTime iso={entry.at} withSeconds />
                </td>
                <td>
                  <span className={WARNING_EVENTS.has(entry.event) ? 'event event--warning' : 'event'}>
                    {AUDIT_EVENT_LABELS[entry.event] ?? entry.event}
                  </span>
                </td>
                <td>{accountName(entry.username, entry.userId, entry.userDeleted)}</td>
                <td>{accountName(entry.actorName, entry.actorId, entry.actorDeleted)}</td>
                <td>{entry.identifier ? <span className="data-table__identifier">
                      <Breakable text={entry.identifier} at="email" />
                    </span> : '—'}</td>
                <td>
                  <Details entry={entry} />
                </td>
              </tr>
            ))}
            {log.data && entries.length === 0 && (
              <tr>
                <td colSpan={6} className="data-table__empty">
                  No entries match these filters.
                </td>
              </tr>
            )}
            {!log.data && !log.error && (
              <tr>
                <td colSpan={6} className="data-table__empty">
                  Loading the log…
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager
        label="Pages of the audit log"
        page={Math.min(page, pageCount(total, AUDIT_PAGE_SIZE))}
        pageSize={AUDIT_PAGE_SIZE}
        total={total}
        onPage={(p) => setParams((current) => withPage(current, p))}
      />
    </Screen>
  );
}
