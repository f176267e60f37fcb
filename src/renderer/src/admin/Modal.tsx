import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  /** The heading; the dialog is labelled by it. */
  title: string;
  /** The sentence saying what will happen; the dialog is described by it. */
  description?: ReactNode;
  /** Called when the person cancels (Escape, a Cancel button) or the browser closes the dialog. */
  onClose: () => void;
  /** While true (a call is in flight) Escape does not close the dialog. */
  busy?: boolean;
  tone?: 'default' | 'danger';
  children?: ReactNode;
}

/**
 * A modal dialog on the native <dialog> element: showModal() makes the rest of the page inert,
 * so the browser traps focus and Escape cancels, with no focus-trap code of our own to get wrong.
 * Mount it to open it and unmount it to close it. Focus starts on the element marked
 * data-autofocus (React does not render the autofocus attribute the browser would look for)
 * and returns to whatever had focus before, usually the button that opened it.
 */
export function Modal({ title, description, onClose, busy = false, tone = 'default', children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const descriptionId = useId();
  // The native listeners live for the dialog's whole life; they read the latest props from here.
  const latest = useRef({ busy, onClose });
  useLayoutEffect(() => {
    latest.current = { busy, onClose };
  });

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const onCancel = (event: Event) => {
      if (latest.current.busy) event.preventDefault();
    };
    const onNativeClose = () => latest.current.onClose();
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onNativeClose);
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      // Removed first: closing because React unmounted us is not a second cancel.
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal modal--${tone}`}
      aria-labelledby={headingId}
      aria-describedby={description ? descriptionId : undefined}
    >
      <div className="modal__body">
        <h2 className="modal__title" id={headingId}>
          {title}
        </h2>
        {description && (
          <p className="modal__description" id={descriptionId}>
            {description}
          </p>
        )}
        {children}
      </div>
    </dialog>
  );
}

