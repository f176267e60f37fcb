import type { AdminUserView } from '../../../shared/admin';
import { formatSoon } from '../lib/format';

interface Badge {
  tone: 'ok' | 'off' | 'warning' | 'info' | 'directory';
  text: string;
}

/** An account's state in words; the colour only repeats what the text says. */
export function statusBadges(user: AdminUserView): Badge[] {
  const badges: Badge[] = [];
  if (!user.active) badges.push({ tone: 'off', text: 'Disabled' });
  else if (user.lockedUntil) badges.push({ tone: 'warning', text: `Locked until ${formatSoon(user.lockedUntil)}` });
  else badges.push({ tone: 'ok', text: 'Active' });
  // Issue 16: its password and role are the directory's, which is why some actions are not offered.
  if (user.fromDirectory) badges.push({ tone: 'directory', text: 'Directory account' });
  if (user.mustChangePassword) badges.push({ tone: 'info', text: 'Must change password' });
  if (user.keep) badges.push({ tone: 'info', text: 'Kept' });
  return badges;
}

export function StatusBadges({ user }: { user: AdminUserView }) {
  return (
    <ul className="badges">
      {statusBadges(user).map((badge) => (
        <li key={badge.text} className={`badge badge--${badge.tone}`}>
          {badge.text}
        </li>
      ))}
    </ul>
  );
}
