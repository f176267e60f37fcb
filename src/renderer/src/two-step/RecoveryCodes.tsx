import { useId, useState } from 'react';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Checkbox';
import { CopyIcon } from '../components/Icons';
import { Notice } from '../components/Notice';
import { useSession } from '../session/store';

const canCopy = () => typeof navigator !== 'undefined' && typeof navigator.clipboard?.writeText === 'function';

interface RecoveryCodesProps {
  codes: string[];
  onDone: () => void;
}

/**
 * The one time recovery codes are shown: they live only in this component's props, and the core
 * keeps only their hashes. "Done" waits for the person to say they saved them.
 */
export function RecoveryCodes({ codes, onDone }: RecoveryCodesProps) {
  const headingId = useId();
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  // A walk-up kiosk's clipboard is the next stranger's: there the codes are written down.
  const kiosk = useSession((s) => s.appInfo?.policy.kioskMode ?? false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <section className="two-step__panel" aria-labelledby={headingId}>
      <h2 className="two-step__heading" id={headingId}>
        Recovery codes
      </h2>
      <p>
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Save them somewhere
        safe now: they will not be shown again.
      </p>
      <ol className="recovery-codes" aria-label="Your recovery codes">
        {codes.map((code) => (
          <li key={code} className="recovery-codes__code">
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <Notice tone={copied === 'failed' ? 'info' : 'success'}>
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copying is not allowed here. Write the codes down.' : ''}
      </Notice>
      {!kiosk && canCopy() && (
        <div className="actions actions--start">
          <Button variant="secondary" onClick={() => void copy()}>
            <CopyIcon />
            Copy
          </Button>
        </div>
      )}
      <Checkbox label="I have saved my recovery codes" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
      <div className="actions">
        <Button disabled={!saved} onClick={onDone}>
          Done
        </Button>
      </div>
    </section>
  );
}
