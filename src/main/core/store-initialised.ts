/**
 * Whether this store has ever had an account. Only a store that never had one makes its first
 * registrant an administrator: an emptied users table (every account deleted, or rows removed
 * behind the app's back) must not hand the machine to the next stranger. Recovery from there
 * goes through the CLI (`create-user --admin`). Kept as a row in the settings table.
 */
import type { Store } from './store/database';

const KEY = 'storeInitialisedAt';

export function isStoreInitialised(store: Store): boolean {
  return store.get('SELECT 1 FROM settings WHERE key = ?', [KEY]) !== undefined;
}

/** Marks the store initialised; call inside the transaction that inserts an account. */
export function markStoreInitialised(store: Store, at: number): void {
  store.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING', [KEY, JSON.stringify(at)]);
}

/** Stores from before the marker existed: any account at all means initialised. */
export function markInitialisedIfAccounts(store: Store, at: number): void {
  if (store.get('SELECT 1 FROM users LIMIT 1') !== undefined) markStoreInitialised(store, at);
}
