/**
 * Dates as the person reads them: their locale, their time zone. Long forms for sentences (the
 * dashboard, error messages), compact ones for table cells.
 */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
const cellDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const timeWithSeconds = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string): string {
  const date = parse(iso);
  return date ? dateTime.format(date) : iso;
}

export function formatDate(iso: string): string {
  const date = parse(iso);
  return date ? dateOnly.format(date) : iso;
}

export function formatCellDate(iso: string): string {
  const date = parse(iso);
  return date ? cellDate.format(date) : iso;
}

/** Seconds matter in a log, where many events share a minute. */
export function formatCellTime(iso: string, withSeconds = false): string {
  const date = parse(iso);
  if (!date) return '';
  return (withSeconds ? timeWithSeconds : timeOnly).format(date);
}

/**
 * A moment that is usually minutes away (a lockout's end): the time alone today, with the day
 * otherwise. Lockouts last at most a day, so the year would only be noise.
 */
export function formatSoon(iso: string, now = new Date()): string {
  const date = parse(iso);
  if (!date) return iso;
  return date.toDateString() === now.toDateString() ? timeOnly.format(date) : dayAndTime.format(date);
}
