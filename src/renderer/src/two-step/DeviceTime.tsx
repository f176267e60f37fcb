import { useEffect, useState } from 'react';

/**
 * This device's clock, ticking (issue 13). Codes depend on the time: after two refused codes the
 * person (or an administrator) can compare it with a phone or a watch and spot a skewed clock,
 * which is common on offline kiosks.
 */
export function DeviceTime() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const shown = now.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  const offset = -now.getTimezoneOffset();
  const zone = `UTC${offset >= 0 ? '+' : '−'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return (
    <div className="device-time">
      <p className="device-time__label">
        This device’s time is{' '}
        <time className="device-time__value" dateTime={now.toISOString()}>
          {shown} ({zone})
        </time>
      </p>
      <p className="device-time__hint">
        Codes only match when this time and your phone’s are within a minute of each other. If this one is wrong, ask an
        administrator to correct the clock, or use a recovery code.
      </p>
    </div>
  );
}
