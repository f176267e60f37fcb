/**
 * An audit entry's detail JSON as label/value pairs a person can read. Settings changes are shown
 * in the units of the Settings screen ("Lockout duration: 15 → 30 minutes"), using the same
 * definitions. The result is plain text for React to render; nothing is ever parsed as HTML.
 */
import type { AuditEventName } from '../../../shared/admin';
import { BOOLEAN_SETTINGS, CHOICE_SETTINGS, NUMBER_SETTINGS, UNIT_MS } from '../../../shared/policy-settings';

export interface DetailPair {
  label: string;
  value: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "rememberAllowed" → "Remember allowed", "reason" → "Reason". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z\d])([A-Z])/gu, '$1 $2')
    .replace(/[_-]+/gu, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function plainValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

const ROLE_NAMES: Record<string, string> = { admin: 'Administrator', user: 'User' };
const roleName = (value: unknown) => (typeof value === 'string' && ROLE_NAMES[value]) || plainValue(value);

function settingValue(key: string, value: unknown): string | null {
  const number = NUMBER_SETTINGS.find((s) => s.key === key);
  if (number && typeof value === 'number') return `${value / UNIT_MS[number.unit]}`;
  if (BOOLEAN_SETTINGS.some((s) => s.key === key) && typeof value === 'boolean') return value ? 'on' : 'off';
  const choice = CHOICE_SETTINGS.find((s) => s.key === key)?.options.find((option) => option.value === value);
  if (choice) return choice.label;
  return null;
}

function describePair(key: string, value: unknown): DetailPair {
  if (key === 'role') return { label: 'Role', value: roleName(value) };
  const setting = [...NUMBER_SETTINGS, ...BOOLEAN_SETTINGS, ...CHOICE_SETTINGS].find((s) => s.key === key);
  const label = setting?.label ?? humanizeKey(key);
  const unit = NUMBER_SETTINGS.find((s) => s.key === key)?.unit;
  const show = (v: unknown) => settingValue(key, v) ?? plainValue(v);
  if (isRecord(value) && 'from' in value && 'to' in value) {
    return { label, value: `${show(value.from)} → ${show(value.to)}${unit ? ` ${unit}` : ''}` };
  }
  return { label, value: `${show(value)}${unit && typeof value === 'number' ? ` ${unit}` : ''}` };
}

export function describeDetail(event: AuditEventName, detail: string | null): DetailPair[] {
  if (detail === null || detail.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return [{ label: 'Detail', value: detail }];
  }
  if (!isRecord(parsed)) return [{ label: 'Detail', value: plainValue(parsed) }];
  // A role change's own "from"/"to" read best as one pair.
  if (event === 'admin_set_role' && 'from' in parsed && 'to' in parsed) {
    return [{ label: 'Role', value: `${roleName(parsed.from)} → ${roleName(parsed.to)}` }];
  }
  return Object.entries(parsed).map(([key, value]) => describePair(key, value));
}
