import { formatCellDate, formatCellTime } from '../lib/format';

/** A date over its time, so the column stays narrow. */
export function CellDateTime({ iso, withSeconds = false }: { iso: string; withSeconds?: boolean }) {
  return (
    <time dateTime={iso} className="cell-time">
      <span>{formatCellDate(iso)}</span>{' '}
      <span className="cell-time__time">{formatCellTime(iso, withSeconds)}</span>
    </time>
  );
}
