import { Link, NavLink } from 'react-router';

const SECTIONS = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/audit', label: 'Audit log' },
  { to: '/admin/settings', label: 'Settings' },
] as const;

/** Tabs between the three admin screens; the current one carries aria-current="page". */
export function AdminNav() {
  return (
    <nav className="admin-nav" aria-label="Administration">
      <ul className="admin-nav__list">
        {SECTIONS.map((section) => (
          <li key={section.to}>
            <NavLink to={section.to} className="admin-nav__link">
              {section.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function BackToDashboard() {
  return (
    <p>
      <Link to="/dashboard">Back to dashboard</Link>
    </p>
  );
}
