import { useLocation } from 'react-router';
import { Notice } from '../components/Notice';

/** What the change-password screen hands the dashboard when it has done its job. */
export interface PasswordChangedState {
  passwordChanged: true;
}

export function passwordChangedState(): PasswordChangedState {
  return { passwordChanged: true };
}

function isPasswordChanged(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { passwordChanged?: unknown }).passwordChanged === true;
}

/**
 * After a password change the person lands back on the dashboard with this confirmation (issue
 * 11), rather than on an emptied form. It travels in the history entry the change replaced the
 * form with, so only that arrival says it: the dashboard reached any other way does not.
 */
export function PasswordChangedNotice() {
  const location = useLocation();
  const changed = isPasswordChanged(location.state);
  return (
    <Notice tone="success">
      {changed && 'Your password has been changed. Your other sessions were signed out.'}
    </Notice>
  );
}
