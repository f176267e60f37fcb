import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ScreenProps {
  title: string;
  intro?: ReactNode;
  /** Sign-in forms are narrow; account pages a little wider; admin tables (issue 5) use "wide". */
  width?: 'narrow' | 'medium' | 'wide';
  children: ReactNode;
  footer?: ReactNode;
  /** Shown above the heading, in the same place on every screen that has it (the admin tabs). */
  nav?: ReactNode;
  /** Focus the heading when the screen appears (the default); a sign-in form focuses its first field instead. */
  focusHeading?: boolean;
}

/**
 * One screen: a card with its heading. Focus moves to the heading when the screen appears, so a
 * route change is announced and the next Tab starts at the top of the new content.
 */
export function Screen({ title, intro, width = 'narrow', children, footer, nav, focusHeading = true }: ScreenProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (focusHeading) headingRef.current?.focus();
    // Only when the screen appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    document.title = `${title} · Gatehouse`;
  }, [title]);

  return (
    <section className={`card card--${width}`} aria-labelledby={headingId}>
      {nav && <div className="card__nav">{nav}</div>}
      <header className="card__header">
        <h1 className="card__title" id={headingId} ref={headingRef} tabIndex={-1}>
          {title}
        </h1>
        {intro && <p className="card__intro">{intro}</p>}
      </header>
      <div className="card__body">{children}</div>
      {footer && <footer className="card__footer">{footer}</footer>}
    </section>
  );
}
