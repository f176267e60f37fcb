import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  /** The heading; the dialog is labelled by it. */
  title: string;
  /** The sentence saying what will happen; the dialog is described by it. */
  description?: ReactNode;
  /**
   * An icon in a round badge above the title, for the dialogs that interrupt a session (idle
   * warning, Exit kiosk). Such a dialog is drawn larger and blurs the page behind it.
   */
  icon?: ReactNode;
  /** Shown in the badge when there is one, otherwise as a rule along the top (danger only). */
  tone?: 'default' | 'warning' | 'danger';
  /** "alertdialog" for a warning that needs an answer now (the idle countdown). */
  role?: 'dialog' | 'alertdialog';
  /**
   * Escape, or the browser closing the dialog. Without it the dialog stays open: the idle
   * warning must be answered with its button, not dismissed.
   */
  onCancel?: () => void;
  /** While true (a call is in flight) Escape does not cancel. */
  busy?: boolean;
  className?: string;
  children?: ReactNode;
}

/**
 * The app's one modal dialog, on the native <dialog> element: showModal() makes the rest of the
 * page inert, so the browser traps focus and draws the backdrop, with no focus-trap code of our
 * own to get wrong. Mount it to open it and unmount it to close it. Focus starts on the element
 * marked data-autofocus (React does not render the autofocus attribute the browser would look
 * for) and returns to whatever had focus before, usually the button that opened it.
 */
export function Dialog({ title, description, icon, tone = 'default', role = 'dialog', onCancel, busy = false, className, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const descriptionId = useId();
  // The native listeners live for the dialog's whole life; they read the latest props from here.
  const latest = useRef({ busy, onCancel });
  useLayoutEffect(() => {
    latest.current = { busy, onCancel };
  });

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const cancel = (): boolean => {
      const { busy: inFlight, onCancel: cancelled } = latest.current;
      if (!cancelled || inFlight) return false;
      cancelled();
      return true;
    };
    const show = () => {
      if (!dialog.open) dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    };
    // The parent closes the dialog by unmounting it, never the browser on its own.
    const onNativeCancel = (event: Event) => {
      event.preventDefault();
      cancel();
    };
    // Chromium skips the cancel event (and just closes) on a second Escape with no click between;
    // that counts as a cancel, and a dialog that may not be cancelled now opens again.
    const onNativeClose = () => {
      if (!cancel()) show();
    };
    dialog.addEventListener('cancel', onNativeCancel);
    dialog.addEventListener('close', onNativeClose);
    show();
    return () => {
      // Removed first: closing because React unmounted us is not a cancel.
      dialog.removeEventListener('cancel', onNativeCancel);
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const classes = ['dialog', `dialog--${tone}`, icon ? 'dialog--badged' : null, className].filter(Boolean).join(' ');
  return (
    <dialog
      ref={ref}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={headingId}
      aria-describedby={description ? descriptionId : undefined}
      className={classes}
    >
      <div className="dialog__body">
        {icon && <span className={`dialog__badge dialog__badge--${tone}`}>{icon}</span>}
        <h2 className="dialog__title" id={headingId}>
          {title}
        </h2>
        {description && (
          <p className="dialog__description" id={descriptionId}>
            {description}
          </p>
        )}
        {children}
      </div>
    </dialog>
  );
}
