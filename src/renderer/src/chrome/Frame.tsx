import type { ReactNode } from 'react';
import { ExitKiosk } from '../safety/ExitKiosk';
import { LockIcon } from '../components/Icons';
import { useLock } from '../safety/useLock';
import { useSession } from '../session/store';
import { AdminIdentity } from './AdminIdentity';
import { LogoMark } from './LogoMark';
import { SessionTimeLeft } from './SessionTimeLeft';
import '../safety/safety.css';

/**
 * Where accounts live, said truthfully: with an organisation's directory (issue 16), its people's
 * passwords are checked there, not kept here.
 */
export function footerText(directoryConfigured: boolean): string {
  return directoryConfigured
    ? "Accounts made on this device stay on it; directory accounts sign in with your organisation's directory."
    : 'Accounts on this device stay on this device.';
}

/**
 * The page around every screen: the brand on top, the screen in the middle, a quiet footer.
 * While someone is signed in (and not locked out of their own screen) the header carries what
 * must be reachable from anywhere: Lock, and for a kiosk's administrator, Exit kiosk.
 */
/** `routed`: inside the router (the routes' frame), where the admin screens add who is signed in. */
export function Frame({ children, routed = false }: { children: ReactNode; routed?: boolean }) {
  const user = useSession((s) => s.user);
  const locked = useSession((s) => s.locked);
  const kioskMode = useSession((s) => s.appInfo?.policy.kioskMode ?? false);
  const directoryConfigured = useSession((s) => s.appInfo?.directoryConfigured ?? false);
  // Unknown before the core has answered (starting, or the store still locked): say nothing rather than guess.
  const whereKnown = useSession((s) => s.appInfo !== null);
  const lock = useLock();
  // A temporary password must be replaced before anything else, locking included (the core agrees).
  const showActions = user !== null && !locked && !user.mustChangePassword;

  return (
    <div className="frame">
      <header className={showActions ? 'frame__header app-header app-header--actions' : 'frame__header app-header'}>
        <span className="brand">
          <LogoMark size={36} />
          <span className="brand__name">Gatehouse</span>
        </span>
        {showActions && (
          <div className="app-header__actions">
            <SessionTimeLeft />
            {kioskMode && user.role === 'admin' && <ExitKiosk />}
            {routed && user.role === 'admin' && <AdminIdentity user={user} />}
            <button
              type="button"
              className="button button--secondary app-header__button"
              aria-keyshortcuts="Control+L Meta+L"
              title="Lock (Ctrl+L)"
              onClick={lock}
            >
              <LockIcon />
              <span>Lock</span>
            </button>
          </div>
        )}
      </header>
      <main className="frame__main">{children}</main>
      <footer className="frame__footer">{whereKnown ? footerText(directoryConfigured) : null}</footer>
    </div>
  );
}
