import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { PublicUser } from '../../../shared/user';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { Screen } from '../components/Screen';
import { describeError } from '../lib/errors';
import { formatDate, formatDateTime } from '../lib/format';
import { useForm } from '../lib/useForm';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/store';
import { AdminNav } from './AdminNav';
import { positiveInt } from './searchParams';
import { StatusBadges } from './StatusBadges';
import { useLoaded } from './useLoaded';
import './admin.css';

const ROLE_NAMES: Record<PublicUser['role'], string> = { admin: 'Administrator', user: 'User' };
const FIELDS = ['email'] as const;

function BackToUsers() {
  return (
    <p>
      <Link to="/admin/users">Back to users</Link>
    </p>
  );
}

/**
 * One account as an administrator sees it (issue 11), with its email editable: the core checks
 * it with the registration rules and records who changed it in the audit log.
 */
export function UserDetailsScreen() {
  const userId = positiveInt(useParams().userId ?? null);
  const me = useSession((s) => s.user);
  const [version, setVersion] = useState(0);
  const loaded = useLoaded(JSON.stringify([userId, version]), () =>
    userId === null ? Promise.resolve({ ok: false as const, error: { code: 'NOT_FOUND' as const, message: 'That account no longer exists.' } }) : api.getUser({ userId }),
  );
  const user = loaded.data?.user ?? null;
  const [saved, setSaved] = useState('');
  const { busy, run } = useSubmit();
  const form = useForm(FIELDS, { email: user?.email ?? '' }, (values) => ({
    email: values.email.trim() === '' ? 'Enter an email address.' : null,
  }), () => setSaved(''));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (!form.readyToSend(event) || userId === null) return;
    void run(async () => {
      const result = await api.updateUserEmail({ userId, email: form.values.email });
      if (!result.ok) {
        form.refused(result.error);
        return;
      }
      setSaved(`The email of ${result.data.user.username} is now ${result.data.user.email}.`);
      setVersion((v) => v + 1);
    });
  };

  const title = user ? `${user.username}${user.id === me?.id ? ' (you)' : ''}` : 'User details';
  const canEditEmail = user?.allowedActions.includes('edit-email') ?? false;

  return (
    <Screen nav={<AdminNav />} title={title} intro="An account on this device." width="wide" footer={<BackToUsers />}>
      <Alert error={loaded.error ? { message: describeError(loaded.error) } : null} />
      {user && (
        <div className="details">
          <div className="details__about">
            <dl className="facts details__facts">
              <div className="facts__row">
                <dt>Username</dt>
                <dd>{user.username}</dd>
              </div>
              <div className="facts__row">
                <dt>Email</dt>
                <dd>{user.email}</dd>
              </div>
              <div className="facts__row">
                <dt>Role</dt>
                <dd>{user.fromDirectory ? `${ROLE_NAMES[user.role]}, from the directory's admin group` : ROLE_NAMES[user.role]}</dd>
              </div>
              <div className="facts__row">
                <dt>Signs in with</dt>
                <dd>{user.fromDirectory ? "The organisation's directory" : 'A password kept on this device'}</dd>
              </div>
              <div className="facts__row">
                <dt>Status</dt>
                <dd>
                  <StatusBadges user={user} />
                </dd>
              </div>
              <div className="facts__row">
                <dt>Created</dt>
                <dd>
                  <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>
                </dd>
              </div>
              <div className="facts__row">
                <dt>Last sign-in</dt>
                <dd>{user.lastLoginAt ? <time dateTime={user.lastLoginAt}>{formatDateTime(user.lastLoginAt)}</time> : 'Never'}</dd>
              </div>
            </dl>
            {user.fromDirectory && (
              <p className="muted details__note">
                {user.username}'s password and role belong to the organisation's directory, which Gatehouse asks at each sign-in: change them
                there. Here you can still disable the account, end its sessions or delete it from this device.
              </p>
            )}
          </div>
          {canEditEmail && (
            <form className="form details__form" onSubmit={submit} noValidate aria-label="Change email">
              <h2 className="details__heading">Change email</h2>
              <Notice tone="success">{saved}</Notice>
              <Alert error={form.alert} />
              <Field {...form.bind('email')} label="Email" type="email" autoComplete="off" spellCheck={false} />
              <Button type="submit" busy={busy} busyLabel="Saving…">
                Save email
              </Button>
            </form>
          )}
        </div>
      )}
    </Screen>
  );
}
