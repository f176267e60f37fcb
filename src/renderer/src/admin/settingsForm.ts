/**
 * The Settings form's data, built from shared/settings (one definition for the core's checks
 * and this form). Numbers are edited in the unit shown and stored in ms or plain counts.
 */
import {
  BOOLEAN_SETTINGS,
  CHOICE_SETTINGS,
  NUMBER_SETTINGS,
  UNIT_MS,
  checkSetting,
  type NumberSetting,
  type PolicySettings,
} from '../../../shared/policy-settings';

export type NumberKey = NumberSetting['key'];
export type BooleanKey = (typeof BOOLEAN_SETTINGS)[number]['key'];
export type ChoiceKey = (typeof CHOICE_SETTINGS)[number]['key'];

export interface SettingsFormValues {
  /** What the person typed, in the unit shown. */
  numbers: Record<NumberKey, string>;
  booleans: Record<BooleanKey, boolean>;
  choices: Record<ChoiceKey, string>;
}

export function toFormValues(policy: PolicySettings): SettingsFormValues {
  const numbers = {} as Record<NumberKey, string>;
  for (const setting of NUMBER_SETTINGS) numbers[setting.key] = String(policy[setting.key] / UNIT_MS[setting.unit]);
  const booleans = {} as Record<BooleanKey, boolean>;
  for (const setting of BOOLEAN_SETTINGS) booleans[setting.key] = policy[setting.key];
  const choices = {} as Record<ChoiceKey, string>;
  for (const setting of CHOICE_SETTINGS) choices[setting.key] = policy[setting.key];
  return { numbers, booleans, choices };
}

/** The stored value for what was typed; NaN when it is not a number at all. */
export function storedValue(setting: NumberSetting, typed: string): number {
  const trimmed = typed.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed) * UNIT_MS[setting.unit];
}

function isChanged(setting: NumberSetting, typed: string, saved: PolicySettings): boolean {
  return storedValue(setting, typed) !== saved[setting.key];
}

/**
 * Why each changed number cannot be saved. An untouched value is never blamed: a policy set
 * outside this form (the CLI) must not block saving the rest.
 */
export function settingProblems(saved: PolicySettings, values: SettingsFormValues): Partial<Record<NumberKey, string>> {
  const problems: Partial<Record<NumberKey, string>> = {};
  for (const setting of NUMBER_SETTINGS) {
    const typed = values.numbers[setting.key];
    if (!isChanged(setting, typed, saved)) continue;
    const problem = checkSetting(setting, storedValue(setting, typed));
    if (problem) problems[setting.key] = problem;
  }
  return problems;
}

/** Only what differs from the saved policy, in stored units: the payload of admin:set-policy. */
export function changedSettings(saved: PolicySettings, values: SettingsFormValues): Partial<PolicySettings> {
  const changes: Partial<PolicySettings> = {};
  for (const setting of NUMBER_SETTINGS) {
    const typed = values.numbers[setting.key];
    if (isChanged(setting, typed, saved)) changes[setting.key] = storedValue(setting, typed);
  }
  for (const setting of BOOLEAN_SETTINGS) {
    if (values.booleans[setting.key] !== saved[setting.key]) changes[setting.key] = values.booleans[setting.key];
  }
  for (const setting of CHOICE_SETTINGS) {
    const chosen = setting.options.find((option) => option.value === values.choices[setting.key]);
    if (chosen && chosen.value !== saved[setting.key]) changes[setting.key] = chosen.value;
  }
  return changes;
}
