import { useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';

interface ModalDialogProps {
  /** "alertdialog" for a warning that needs an answer now (the idle countdown). */
  role?: 'dialog' | 'alertdialog';
  labelledBy: string;
  describedBy?: string;
  /** Where focus goes when the dialog opens. */
  initialFocus: RefObject<HTMLElement | null>;
  /**
   * Escape (or the browser closing the dialog). Without it the dialog stays open: the idle
   * warning must be answered with its button, not dismissed.
   */
  onCancel?: () => void;
  className?: string;
  children: ReactNode;
}

/**
 * A native <dialog> opened with showModal() for as long as it is rendered: the browser makes the
 * rest of the page inert, traps Tab inside and draws the backdrop. Focus goes back where it was
 * when the dialog goes away. (Where showModal() is missing, as in jsdom, it opens non-modally.)
 */
export function ModalDialog({ role = 'dialog', labelledBy, describedBy, initialFocus, onCancel, className, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCancelRef = useRef(onCancel);

  useLayoutEffect(() => {
    onCancelRef.current = onCancel;
  });

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const show = () => {
      if (dialog.open) return;
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      initialFocus.current?.focus();
    };
    // Chromium skips the cancel event (and just closes) on a second Escape with no click between;
    // a dialog that must stay open opens again, and one that may close reports it as a cancel.
    const onClose = () => {
      if (onCancelRef.current) onCancelRef.current();
      else show();
    };
    show();
    dialog.addEventListener('close', onClose);
    return () => {
      dialog.removeEventListener('close', onClose);
      if (dialog.open) {
        if (typeof dialog.close === 'function') dialog.close();
        else dialog.removeAttribute('open');
      }
      if (returnFocusTo?.isConnected) returnFocusTo.focus();
    };
  }, [initialFocus]);

  return (
    <dialog
      ref={ref}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      className={className ? `safety-dialog ${className}` : 'safety-dialog'}
      onCancel={(event) => {
        event.preventDefault();
        onCancelRef.current?.();
      }}
    >
      {children}
    </dialog>
  );
}
