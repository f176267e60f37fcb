import type { ReactNode } from 'react';
import { CheckIcon, InfoIcon } from './Icons';

interface NoticeProps {
  tone: 'info' | 'success';
  children?: ReactNode;
}

/**
 * A polite announcement (role="status"). The region is always rendered, even when empty, because
 * screen readers only announce changes inside a live region that already existed.
 */
export function Notice({ tone, children }: NoticeProps) {
  const hasContent = children !== undefined && children !== null && children !== false && children !== '';
  return (
    <div role="status" className={hasContent ? `notice notice--${tone}` : 'notice notice--empty'}>
      {hasContent && (
        <>
          {tone === 'success' ? <CheckIcon className="notice__icon" /> : <InfoIcon className="notice__icon" />}
          <p className="notice__text">{children}</p>
        </>
      )}
    </div>
  );
}
