/**
 * The policy in force: defaults, then what an administrator stored in the settings table, then
 * the options the core was opened with. Read on every use, so a change applies without restart.
 */
import { CHOICE_SETTINGS, checkChoice } from '../../shared/policy-settings';
import { DEFAULT_POLICY, KIOSK_DEFAULTS } from './config';
import type { Store } from './store/database';
import type { PolicySettings } from './types';

type Key = keyof PolicySettings;

function isValidValue(key: Key, value: unknown): boolean {
  const choice = CHOICE_SETTINGS.find((setting) => setting.key === key);
  if (choice) return checkChoice(choice, value) === null;
  return typeof value === typeof DEFAULT_POLICY[key];
}

export function readStoredPolicy(store: Store): Partial<PolicySettings> {
  const stored: Partial<Record<Key, unknown>> = {};
  for (const row of store.all<{ key: string; value: string }>('SELECT key, value FROM settings')) {
    if (!(row.key in DEFAULT_POLICY)) continue;
    try {
      const value: unknown = JSON.parse(row.value);
      if (isValidValue(row.key as Key, value)) stored[row.key as Key] = value;
    } catch {
      // A damaged value falls back to the default rather than taking the app down.
    }
  }
  return stored as Partial<PolicySettings>;
}

/**
 * `effectivePolicy`, worked out again only when the settings table may have changed (a
 * registration asked for it a dozen times, each a read of the whole table). Frozen: every caller
 * shares it.
 */
export function policyReader(store: Store, overrides: Partial<PolicySettings>, kiosk: boolean): () => Readonly<PolicySettings> {
  let cached: { version: number; policy: Readonly<PolicySettings> } | null = null;
  return () => {
    const version = store.version('settings');
    if (cached?.version !== version) cached = { version, policy: Object.freeze(effectivePolicy(store, overrides, kiosk)) };
    return cached.policy;
  };
}

/**
 * Kiosk defaults sit under what an administrator stored: a kiosk starts closed to sign-ups with
 * a short idle timeout, and an administrator can still choose otherwise.
 */
export function effectivePolicy(store: Store, overrides: Partial<PolicySettings>, kiosk: boolean): PolicySettings {
  const stored = readStoredPolicy(store);
  const isKiosk = kiosk || stored.kioskMode === true || overrides.kioskMode === true;
  return {
    ...DEFAULT_POLICY,
    ...legacyDefaults(store),
    ...(isKiosk ? KIOSK_DEFAULTS : {}),
    ...stored,
    ...overrides,
    ...(isKiosk ? { kioskMode: true } : {}),
  };
}

/**
 * Defaults a store keeps from the version it was set up with. "Remember me" became off by
 * default in issue 11; a store that had accounts then was marked by that migration and keeps
 * its old default (on) until an administrator chooses.
 */
function legacyDefaults(store: Store): Partial<PolicySettings> {
  const marked = store.get('SELECT 1 FROM settings WHERE key = ?', ['rememberDefaultBeforeIssue11']) !== undefined;
  return marked ? { rememberAllowed: true } : {};
}

export function storePolicy(store: Store, changes: Partial<PolicySettings>): void {
  for (const [key, value] of Object.entries(changes)) {
    store.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
      key,
      JSON.stringify(value),
    ]);
  }
}
