import type { ReactNode } from 'react';
import { LogoMark } from './LogoMark';

/** The page around every screen: the brand on top, the screen in the middle, a quiet footer. */
export function Frame({ children }: { children: ReactNode }) {
  return (
    <div className="frame">
      <header className="frame__header">
        <span className="brand">
          <LogoMark size={36} />
          <span className="brand__name">Gatehouse</span>
        </span>
      </header>
      <main className="frame__main">{children}</main>
      <footer className="frame__footer">Accounts on this device stay on this device.</footer>
    </div>
  );
}
