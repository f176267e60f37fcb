import { act, cleanup, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Dialog } from './Dialog';

afterEach(cleanup);

/** What the browser does on Escape: a cancelable cancel event, then close unless it was prevented. */
function pressEscape(dialog: HTMLDialogElement) {
  act(() => {
    const cancel = new Event('cancel', { cancelable: true });
    dialog.dispatchEvent(cancel);
    if (!cancel.defaultPrevented) dialog.close();
  });
}

function Opener({ busy = false, cancellable = true }: { busy?: boolean; cancellable?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog title="Delete bob?" description="It cannot be undone." busy={busy} onCancel={cancellable ? () => setOpen(false) : undefined}>
          <button type="button" data-autofocus="">
            Keep
          </button>
        </Dialog>
      )}
    </>
  );
}

function openDialog() {
  const opener = screen.getByRole('button', { name: 'Open' });
  opener.focus();
  act(() => opener.click());
  return { opener, dialog: screen.getByRole('dialog', { name: 'Delete bob?' }) as HTMLDialogElement };
}

describe('Dialog', () => {
  it('opens modal, labelled and described, with focus on the marked element; Escape closes it and focus goes back', () => {
    render(<Opener />);
    const { opener, dialog } = openDialog();
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent).toBe('It cannot be undone.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep' }));

    pressEscape(dialog);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('stays open on Escape while busy', () => {
    render(<Opener busy />);
    const { dialog } = openDialog();
    pressEscape(dialog);
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(dialog.open).toBe(true);
  });

  it('without onCancel, opens again when the browser closes it on its own (Chromium’s second Escape)', () => {
    render(<Opener cancellable={false} />);
    const { dialog } = openDialog();
    pressEscape(dialog);
    act(() => dialog.close());
    expect(dialog.open).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep' }));
  });
});
