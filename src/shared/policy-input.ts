/**
 * Policy values as people type them (the CLI's `set-policy KEY VALUE`, the harness's
 * `--policy` JSON), read into PolicySettings, and shown back with their unit. One reader for
 * both, so a duration is always `15m`, never a bare number in minutes here and milliseconds there.
 * Bounds are not checked here: the core checks them (checkSetting) and says which failed.
 */
import { describeDuration, formatDuration, parseDuration } from './durations';
import { BOOLEAN_SETTINGS, CHOICE_SETTINGS, NUMBER_SETTINGS, type NumberSetting, type PolicySettings } from './policy-settings';

export type PolicyInput = { ok: true; change: Partial<PolicySettings> } | { ok: false; message: string };

/** Settings stored in milliseconds, written with a unit suffix. */
export function isDurationSetting(setting: NumberSetting): boolean {
  return setting.unit === 'minutes' || setting.unit === 'hours' || setting.unit === 'days';
}

export const POLICY_KEYS: readonly string[] = [...BOOLEAN_SETTINGS, ...NUMBER_SETTINGS, ...CHOICE_SETTINGS].map((setting) => setting.key);

/** One KEY and VALUE; VALUE is text (CLI) or a JSON value (harness). */
export function readPolicyValue(key: string, value: unknown): PolicyInput {
  const flag = BOOLEAN_SETTINGS.find((setting) => setting.key === key);
  if (flag) {
    if (value === true || value === 'true') return { ok: true, change: { [flag.key]: true } };
    if (value === false || value === 'false') return { ok: true, change: { [flag.key]: false } };
    return { ok: false, message: `${key} takes true or false.` };
  }
  const choice = CHOICE_SETTINGS.find((setting) => setting.key === key);
  if (choice) {
    const word = typeof value === 'string' ? value.trim() : value;
    const option = choice.options.find((candidate) => candidate.value === word);
    return option
      ? { ok: true, change: { [choice.key]: option.value } }
      : { ok: false, message: `${key} takes one of: ${choice.options.map((candidate) => candidate.value).join(', ')}.` };
  }
  const setting = NUMBER_SETTINGS.find((candidate) => candidate.key === key);
  if (!setting) return { ok: false, message: `Unknown setting "${key}"; one of: ${POLICY_KEYS.join(', ')}.` };
  if (isDurationSetting(setting)) {
    const duration = parseDuration(value);
    return duration.ok ? { ok: true, change: { [setting.key]: duration.ms } } : { ok: false, message: `${key}: ${duration.message}` };
  }
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,9}$/.test(text)) return { ok: false, message: `${key} takes a whole number of ${setting.unit}.` };
  return { ok: true, change: { [setting.key]: Number(text) } };
}

/** A JSON object of KEY: VALUE pairs (the harness's --policy), read as a whole. */
export function readPolicyObject(json: string): PolicyInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, message: 'is not JSON.' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'must be a JSON object.' };
  const change: Partial<PolicySettings> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const read = readPolicyValue(key, value);
    if (!read.ok) return read;
    Object.assign(change, read.change);
  }
  return { ok: true, change };
}

/** The value as a person would write it back, with its unit: `15m (15 minutes)`, `5 attempts`. */
export function describePolicyValue(key: keyof PolicySettings, value: PolicySettings[keyof PolicySettings]): string {
  const setting = NUMBER_SETTINGS.find((candidate) => candidate.key === key);
  if (!setting || typeof value !== 'number') return String(value);
  if (isDurationSetting(setting)) return `${formatDuration(value)} (${describeDuration(value)})`;
  return `${value} ${setting.unit}`;
}

/** The inverse of readPolicyValue, for tools that hold a policy in milliseconds. */
export function writePolicyValue(key: keyof PolicySettings, value: PolicySettings[keyof PolicySettings]): string | number | boolean {
  const setting = NUMBER_SETTINGS.find((candidate) => candidate.key === key);
  return setting && typeof value === 'number' && isDurationSetting(setting) ? formatDuration(value) : value;
}
