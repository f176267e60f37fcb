import { useState } from 'react';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { CopyIcon } from '../components/Icons';
import { useSession } from '../session/store';

interface TemporaryPasswordDialogProps {
  username: string;
  password: string;
  /** Created: first sign-in. Reset: next sign-in. */
  reason: 'created' | 'reset';
  onClose: () => void;
}

const COPY_RESULT = {
  yes: 'Copied to the clipboard.',
  failed: 'Copying is not allowed here. Select the password and copy it by hand.',
} as const;

const canCopy = () => typeof navigator !== 'undefined' && typeof navigator.clipboard?.writeText === 'function';

/**
 * The one time a temporary password is shown. It lives only in the props of this dialog: the
 * Users screen drops it when the dialog closes, and no store ever holds it.
 */
export function TemporaryPasswordDialog({ username, password, reason, onClose }: TemporaryPasswordDialogProps) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const when = reason === 'created' ? 'at their first sign-in' : 'when they next sign in';
  // A walk-up kiosk's clipboard is the next stranger's: there the password is read off the screen.
  const kiosk = useSession((s) => s.appInfo?.policy.kioskMode ?? false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <Dialog
      title="Temporary password"
      description={`Give this password to ${username}. It will not be shown again, and ${username} must change it ${when}.`}
      onCancel={onClose}
    >
      <p className="secret">
        <span className="visually-hidden">Temporary password for {username}: </span>
        <code className="secret__value">{password}</code>
      </p>
      <Notice tone={copied === 'failed' ? 'info' : 'success'}>{copied ? COPY_RESULT[copied] : ''}</Notice>
      <div className="dialog__actions">
        {!kiosk && canCopy() && (
          <Button variant="secondary" onClick={() => void copy()}>
            <CopyIcon />
            Copy
          </Button>
        )}
        <Button onClick={onClose} data-autofocus="">
          Done
        </Button>
      </div>
    </Dialog>
  );
}
