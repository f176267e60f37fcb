import { useId } from 'react';
import { api } from '../api';
import { formatDate } from '../lib/format';
import { useLoaded } from './useLoaded';

/**
 * Issue 14: the accounts the inactive-account rule will disable or delete within 7 days, so an
 * administrator can mark one Keep (or ask its owner to sign in) in time. Shown only while the
 * rule is on. `version` reloads it after an action on the Users screen.
 */
export function InactiveDuePanel({ version }: { version: number }) {
  const headingId = useId();
  const due = useLoaded(`inactive-due-${version}`, () => api.listInactiveDue({}));
  if (!due.data?.enabled) return null;
  const accounts = due.data.accounts;
  return (
    <section className="inactive-due" aria-labelledby={headingId}>
      <h2 id={headingId} className="inactive-due__title">
        Inactive accounts due within 7 days
      </h2>
      {accounts.length === 0 ? (
        <p className="muted">None: no account will be disabled or deleted for inactivity in the next 7 days.</p>
      ) : (
        <ul className="inactive-due__list">
          {accounts.map((account) => (
            <li key={`${account.userId}-${account.action}`}>
              <strong>{account.username}</strong> will be {account.action === 'disable' ? 'disabled' : 'deleted'} on {formatDate(account.at)}
            </li>
          ))}
        </ul>
      )}
      <p className="muted inactive-due__hint">Mark an account Keep (Actions menu) to exempt it; a sign-in also resets its clock.</p>
    </section>
  );
}
