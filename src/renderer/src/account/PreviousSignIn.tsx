import { useEffect, useState } from 'react';
import type { SignInHistory } from '../../../shared/contract';
import { api } from '../api';
import { formatDateTime } from '../lib/format';
import './account.css';

/**
 * The dashboard's "Previous sign-in" row, as Linux and Windows show at login: the sign-in before
 * this one (not this one), and the failed attempts on the account since. A count above zero is
 * a warning, because it may be someone else trying the account.
 */
export function PreviousSignIn() {
  const [history, setHistory] = useState<SignInHistory | null>(null);
  useEffect(() => {
    let current = true;
    void api.signInHistory({}).then((result) => {
      if (current && result.ok) setHistory(result.data);
    });
    return () => {
      current = false;
    };
  }, []);

  const failed = history?.failedAttemptsSince ?? 0;
  return (
    <>
      <div className="facts__row">
        <dt>Previous sign-in</dt>
        <dd>
          {history === null ? (
            '…'
          ) : history.previousSignInAt ? (
            <time dateTime={history.previousSignInAt}>{formatDateTime(history.previousSignInAt)}</time>
          ) : (
            'None: this is your first sign-in'
          )}
        </dd>
      </div>
      {history !== null && (
        <div className="facts__row">
          <dt>Failed attempts since</dt>
          <dd className={failed > 0 ? 'facts__warning' : undefined}>
            {failed === 0
              ? 'None'
              : `${failed} failed sign-in ${failed === 1 ? 'attempt' : 'attempts'} on your account. If this was not you, tell an administrator.`}
          </dd>
        </div>
      )}
    </>
  );
}
