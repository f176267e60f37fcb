/**
 * The app's one icon set: small line icons, always decorative (the text next to them carries the
 * meaning). Form and status icons, the admin screens' and the session (lock, idle, kiosk) ones.
 */
import type { ReactNode } from 'react';

export interface IconProps {
  className?: string;
  size?: number;
}

/** The one line-icon frame every icon draws into. */
export function Icon({ children, className, size = 20 }: IconProps & { children: ReactNode }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const EyeIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
    <circle cx="12" cy="12" r="3" />
  </Icon>
);

export const EyeOffIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M10.6 5.1A10.6 10.6 0 0 1 12 5c6.4 0 10 7 10 7a17.6 17.6 0 0 1-3.2 4.2" />
    <path d="M6.6 6.6C3.8 8.4 2 12 2 12s3.6 7 10 7a10 10 0 0 0 5.4-1.6" />
    <path d="M9.9 9.9a3 3 0 0 0 4.2 4.2" />
    <path d="m3 3 18 18" />
  </Icon>
);

export const CheckIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Icon>
);

export const CrossIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M7 7l10 10M17 7 7 17" />
  </Icon>
);

export const DotIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <circle cx="12" cy="12" r="2.5" fill="currentColor" stroke="none" />
  </Icon>
);

export const WarningIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M10.3 3.9 2.4 17.6A2 2 0 0 0 4.1 20.6h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" />
    <path d="M12 9v4M12 17h.01" />
  </Icon>
);

export const InfoIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5M12 8h.01" />
  </Icon>
);

export const ShieldIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M12 3 5 6v5.5c0 4.3 3 8 7 9.5 4-1.5 7-5.2 7-9.5V6Z" />
    <path d="m9 12 2 2 4-4" />
  </Icon>
);

/* ---------- Administration ---------- */

export const ChevronDownIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="m6 9 6 6 6-6" />
  </Icon>
);

export const ChevronLeftIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="m15 6-6 6 6 6" />
  </Icon>
);

export const ChevronRightIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="m9 6 6 6-6 6" />
  </Icon>
);

export const UsersIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c.6-3.6 3.2-5.5 6.5-5.5s5.9 1.9 6.5 5.5" />
    <path d="M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.8c1.9.7 3.1 2.4 3.5 5.2" />
  </Icon>
);

export const ListIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M9 6h11M9 12h11M9 18h11" />
    <path d="M4.5 6h.01M4.5 12h.01M4.5 18h.01" />
  </Icon>
);

export const SlidersIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1" />
    <circle cx="15" cy="6" r="2" />
    <circle cx="9" cy="12" r="2" />
    <circle cx="17" cy="18" r="2" />
  </Icon>
);

export const PlusIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M12 5v14M5 12h14" />
  </Icon>
);

export const DownloadIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M12 4v11M7 10.5l5 5 5-5" />
    <path d="M5 20h14" />
  </Icon>
);

export const SearchIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m16 16 4 4" />
  </Icon>
);

export const CopyIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <rect x="8.5" y="8.5" width="11" height="11" rx="2" />
    <path d="M15.5 8.5V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v7.5a2 2 0 0 0 2 2h2.5" />
  </Icon>
);

/* ---------- Session: lock, idle warning, kiosk ---------- */

export const LockIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <rect x="4.5" y="10.5" width="15" height="10" rx="2.5" />
    <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
    <path d="M12 14.5v2" />
  </Icon>
);

export const ClockIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Icon>
);

export const ExitIcon = ({ className, size }: IconProps) => (
  <Icon className={className} size={size}>
    <path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4" />
    <path d="M9 8l-4 4 4 4" />
    <path d="M5 12h10" />
  </Icon>
);
