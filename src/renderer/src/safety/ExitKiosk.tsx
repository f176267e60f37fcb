import { useState } from 'react';
import { api } from '../api';
import { Dialog } from '../components/Dialog';
import { ExitIcon } from '../components/Icons';
import { Spinner } from '../components/Spinner';
import { PasswordPrompt, usePasswordPrompt } from './PasswordPrompt';
import './safety.css';

/**
 * The header's "Exit kiosk" for administrators of a kiosk. The core checks the role and the
 * password again; on success the Electron shell quits, so the dialog only has to say so.
 */
export function ExitKiosk() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--secondary app-header__button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <ExitIcon />
        <span>Exit kiosk</span>
      </button>
      {open && <ExitKioskDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function ExitKioskDialog({ onClose }: { onClose: () => void }) {
  const [leaving, setLeaving] = useState(false);
  const prompt = usePasswordPrompt(async (password) => {
    const result = await api.exitKiosk({ password });
    if (!result.ok) return result.error;
    setLeaving(true);
    return null;
  });

  return (
    <Dialog
      title="Exit kiosk mode"
      description="Confirm with your password. Gatehouse will then close."
      icon={<ExitIcon size={24} />}
      tone="danger"
      onCancel={leaving ? undefined : onClose}
    >
      <div role="status" className={leaving ? 'safety-leaving' : 'safety-leaving safety-leaving--empty'}>
        {leaving && (
          <>
            <Spinner />
            <span>Leaving kiosk mode…</span>
          </>
        )}
      </div>
      {!leaving && <PasswordPrompt prompt={prompt} submitLabel="Exit kiosk" busyLabel="Checking…" variant="danger" onCancel={onClose} />}
    </Dialog>
  );
}
