/** Line icons for the lock and idle screens; decorative, the text beside them carries the meaning. */
import { Icon } from '../components/Icons';

export const LockIcon = ({ className, size }: { className?: string; size?: number }) => (
  <Icon className={className} size={size}>
    <rect x="4.5" y="10.5" width="15" height="10" rx="2.5" />
    <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
    <path d="M12 14.5v2" />
  </Icon>
);

export const ClockIcon = ({ className, size }: { className?: string; size?: number }) => (
  <Icon className={className} size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Icon>
);

export const ExitIcon = ({ className, size }: { className?: string; size?: number }) => (
  <Icon className={className} size={size}>
    <path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4" />
    <path d="M9 8l-4 4 4 4" />
    <path d="M5 12h10" />
  </Icon>
);
