/**
 * The one way a person writes a duration for Gatehouse: a whole number with a unit suffix,
 * `90s`, `15m`, `12h`, `30d`. Used by the provisioning CLI (`set-policy idleTimeoutMs 15m`) and
 * the browser harness's `--policy` JSON, and by every reply that shows a duration back.
 * A bare number is refused: "15" meant minutes in one place and milliseconds in another.
 * Pure: no Node, no DOM.
 */

export const DURATION_UNITS = {
  s: { ms: 1_000, name: 'second' },
  m: { ms: 60_000, name: 'minute' },
  h: { ms: 3_600_000, name: 'hour' },
  d: { ms: 86_400_000, name: 'day' },
} as const;

export type DurationUnit = keyof typeof DURATION_UNITS;

export type DurationParse = { ok: true; ms: number } | { ok: false; message: string };

export const DURATION_HINT = 'a whole number with a unit: s, m, h or d (e.g. 90s, 15m, 12h, 30d)';

// At most 9 digits: far past any policy bound, and never near an unsafe integer once multiplied.
const DURATION = /^(\d{1,9})([smhd])$/;

/** Reads `15m` and friends into milliseconds; says why anything else is not a duration. */
export function parseDuration(text: unknown): DurationParse {
  if (typeof text === 'number') {
    return { ok: false, message: `${String(text)} has no unit; write ${DURATION_HINT}.` };
  }
  if (typeof text !== 'string') return { ok: false, message: `Not a duration; write ${DURATION_HINT}.` };
  const trimmed = text.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(trimmed)) {
    return { ok: false, message: `"${trimmed}" has no unit; write ${DURATION_HINT}.` };
  }
  const match = DURATION.exec(trimmed);
  if (!match) return { ok: false, message: `"${trimmed.slice(0, 40)}" is not a duration; write ${DURATION_HINT}.` };
  const unit = match[2] as DurationUnit;
  return { ok: true, ms: Number(match[1]) * DURATION_UNITS[unit].ms };
}

/** The shortest exact form: 900000 → `15m`, 90000 → `90s`; below whole seconds, `250ms`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit].ms;
    if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return ms === 0 ? '0s' : `${ms}ms`;
}

/** For people: 900000 → `15 minutes`, 90000 → `90 seconds`. */
export function describeDuration(ms: number): string {
  const short = formatDuration(ms);
  const match = /^(\d+)([smhd])$/.exec(short);
  if (!match) return short;
  const count = Number(match[1]);
  const name = DURATION_UNITS[match[2] as DurationUnit].name;
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}
