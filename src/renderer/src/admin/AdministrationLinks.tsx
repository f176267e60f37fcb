import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ChevronRightIcon, ListIcon, SlidersIcon, UsersIcon } from '../components/Icons';
import './admin.css';

const LINKS: { to: string; label: string; description: string; icon: ReactNode }[] = [
  { to: '/admin/users', label: 'Users', description: 'Create, disable, unlock and reset accounts.', icon: <UsersIcon /> },
  { to: '/admin/audit', label: 'Audit log', description: 'Sign-ins, failures and every admin action.', icon: <ListIcon /> },
  { to: '/admin/settings', label: 'Settings', description: 'Passwords, lockout, sessions and sign-up.', icon: <SlidersIcon /> },
];

/** The dashboard's door to administration, shown to administrators only. */
export function AdministrationLinks() {
  const headingId = useId();
  return (
    <section className="admin-links" aria-labelledby={headingId}>
      <h2 className="admin-links__title" id={headingId}>
        Administration
      </h2>
      <ul className="admin-links__list">
        {LINKS.map((link, index) => (
          <li key={link.to}>
            {/* The name is the label alone ("Users"); the sentence under it is its description. */}
            <Link className="admin-links__link" to={link.to} aria-describedby={`${headingId}-${index}`}>
              <span className="admin-links__icon">{link.icon}</span>
              <span className="admin-links__text">
                <span className="admin-links__label">{link.label}</span>
                <span className="admin-links__description" id={`${headingId}-${index}`} aria-hidden="true">
                  {link.description}
                </span>
              </span>
              <ChevronRightIcon className="admin-links__chevron" />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
