import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ManagedUserView } from '../../../shared/admin';
import type { PublicUser } from '../../../shared/user';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { Screen } from '../components/Screen';
import { describeError } from '../lib/errors';
import { useSession } from '../session/store';
import { ActionsMenu } from './ActionsMenu';
import { Breakable } from './Breakable';
import { PlusIcon } from '../components/Icons';
import { AdminNav, BackToDashboard } from './AdminNav';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { CreateUserDialog } from './CreateUserDialog';
import { CellDateTime } from './CellDateTime';
import { formatCellDate } from '../lib/format';
import { Pager, pageCount } from './Pager';
import { pageFrom, withPage, withParam } from './searchParams';
import { StatusBadges } from './StatusBadges';
import { InactiveDuePanel } from './InactiveDuePanel';
import { TemporaryPasswordDialog } from './TemporaryPasswordDialog';
import { useDebouncedCallback } from './useDebouncedCallback';
import { useLoaded } from './useLoaded';
import { userActions, type ActionOutcome, type UserAction } from './userActions';
import './admin.css';

export const USERS_PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 300;
const ROLE_NAMES: Record<PublicUser['role'], string> = { admin: 'Administrator', user: 'User' };

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'confirm'; user: ManagedUserView; action: UserAction }
  | { kind: 'temporary-password'; username: string; password: string; reason: 'created' | 'reset' };

export function UsersScreen() {
  const me = useSession((s) => s.user);
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const page = pageFrom(params);
  const [searchText, setSearchText] = useState(query);
  const [version, setVersion] = useState(0);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const tableRegionRef = useRef<HTMLDivElement>(null);
  const captionId = useId();

  const search = useDebouncedCallback((text: string) => {
    setParams((current) => withParam(withPage(current, 1), 'q', text.trim()), { replace: true });
  }, SEARCH_DELAY_MS);
  const goToPage = (p: number) => setParams((current) => withPage(current, p));

  const listing = useLoaded(JSON.stringify([query, page, version]), () =>
    api.listUsers({ ...(query ? { query } : {}), page, pageSize: USERS_PAGE_SIZE }),
  );
  const loadAlert = useMemo(() => (listing.error ? { message: describeError(listing.error) } : null), [listing.error]);
  const users = listing.data?.users ?? [];
  const total = listing.data?.total ?? 0;

  // A page emptied by a delete (or a stale link) moves back to the last page that has users.
  const lastPage = pageCount(total, USERS_PAGE_SIZE);
  const pageTooFar = listing.data !== null && !listing.loading && page > lastPage;
  useEffect(() => {
    if (pageTooFar) setParams((current) => withPage(current, lastPage), { replace: true });
  }, [pageTooFar, lastPage, setParams]);

  // After a delete the row and its Actions button are gone: the table is the next place for focus.
  // This runs after the dialog's own clean-up, which returns focus to the (doomed) button.
  const focusTableAfterClose = useRef(false);
  useEffect(() => {
    if (dialog === null && focusTableAfterClose.current) {
      focusTableAfterClose.current = false;
      tableRegionRef.current?.focus();
    }
  }, [dialog]);

  const reload = () => setVersion((v) => v + 1);
  // A fresh dialog clears the last announcement, so the same words said again are announced again.
  const openDialog = (next: OpenDialog) => {
    setAnnouncement('');
    setDialog(next);
  };

  const finishAction = (user: ManagedUserView, action: UserAction, outcome: ActionOutcome) => {
    setAnnouncement(outcome.message);
    setDialog(
      outcome.temporaryPassword
        ? { kind: 'temporary-password', username: user.username, password: outcome.temporaryPassword, reason: 'reset' }
        : null,
    );
    reload();
    if (action.id === 'delete') focusTableAfterClose.current = true;
  };

  const caption = query
    ? `Users matching “${query}”: ${total}`
    : `All users: ${total}`;

  return (
    <Screen nav={<AdminNav />} title="Users" intro="Everyone who has an account on this device." width="wide" footer={<BackToDashboard />}>
      <InactiveDuePanel version={version} />
      <div className="toolbar">
        <div className="toolbar__search">
        <Field
          label="Search users"
          hint="By username or email."
          type="search"
          name="q"
          autoComplete="off"
          spellCheck={false}
          value={searchText}
          onChange={(event) => {
            setSearchText(event.target.value);
            search(event.target.value);
          }}
        />
        </div>
        <Button onClick={() => openDialog({ kind: 'create' })}>
          <PlusIcon />
          Create user
        </Button>
      </div>
      <Notice tone="success">{announcement}</Notice>
      <Alert error={loadAlert} />

      <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0} ref={tableRegionRef}>
        <table className="data-table data-table--users" aria-busy={listing.loading || undefined}>
          <caption id={captionId} className="data-table__caption">
            {caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row" className="data-table__name">
                  <Link to={`/admin/users/${user.id}`} className="data-table__link">
                    <Breakable text={user.username} at="name" />
                  </Link>
                  {user.id === me?.id && <span className="data-table__you"> (you)</span>}
                </th>
                <td className="data-table__email" data-label="Email">
                  <Breakable text={user.email} at="email" />
                </td>
                <td data-label="Role">{ROLE_NAMES[user.role]}</td>
                <td data-label="Status">
                  <StatusBadges user={user} />
                </td>
                <td className="data-table__date" data-label="Created">
                  <time dateTime={user.createdAt}>{formatCellDate(user.createdAt)}</time>
                </td>
                <td className="data-table__date" data-label="Last sign-in">
                  {user.lastLoginAt ? <CellDateTime iso={user.lastLoginAt} /> : 'Never'}
                </td>
                <td className="data-table__actions" data-label="Actions">
                  {(() => {
                    const actions = userActions(user);
                    // The own row usually has none: the core allows nobody to act on themselves.
                    if (actions.length === 0) return <span className="muted">None</span>;
                    return (
                      <ActionsMenu
                        subject={user.username}
                        items={actions.map((action) => ({
                          id: action.id,
                          label: action.label,
                          danger: action.id === 'delete',
                          onSelect: () => openDialog({ kind: 'confirm', user, action }),
                        }))}
                      />
                    );
                  })()}
                </td>
              </tr>
            ))}
            {listing.data && users.length === 0 && (
              <tr>
                <td colSpan={7} className="data-table__empty">
                  {query ? `No user matches “${query}”.` : 'There are no users yet.'}
                </td>
              </tr>
            )}
            {!listing.data && !listing.error && (
              <tr>
                <td colSpan={7} className="data-table__empty">
                  Loading users…
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager label="Pages of users" page={page} pageSize={USERS_PAGE_SIZE} total={total} onPage={goToPage} />

      {dialog?.kind === 'create' && (
        <CreateUserDialog
          onCancel={() => setDialog(null)}
          onCreated={(user, password) => {
            setAnnouncement(`${user.username} was created.`);
            setDialog({ kind: 'temporary-password', username: user.username, password, reason: 'created' });
            reload();
          }}
        />
      )}
      {dialog?.kind === 'confirm' && (
        <ConfirmActionDialog
          key={`${dialog.user.id}-${dialog.action.id}`}
          action={dialog.action}
          username={dialog.user.username}
          onCancel={() => setDialog(null)}
          onDone={(outcome) => finishAction(dialog.user, dialog.action, outcome)}
        />
      )}
      {dialog?.kind === 'temporary-password' && (
        <TemporaryPasswordDialog
          username={dialog.username}
          password={dialog.password}
          reason={dialog.reason}
          onClose={() => setDialog(null)}
        />
      )}
    </Screen>
  );
}
