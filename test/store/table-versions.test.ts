/**
 * Store.version(table): what lets the core keep the policy it read from `settings` until that
 * table may have changed. A version that failed to move would serve a stale policy, so each way
 * a table can change is tried, including the ones SQLite's update hook does not report.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/main/core/store/database';
import { policyReader } from '../../src/main/core/policy-store';
import { tempDir } from '../support/core';

let store: Store | undefined;
let dir: string | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = dir = undefined;
});

async function fresh(): Promise<Store> {
  dir = tempDir();
  store = await openStore({ dir, now: Date.now() });
  return store;
}

describe('a table’s version', () => {
  it('moves with every insert, update and delete of its rows, not with other tables', async () => {
    const s = await fresh();
    const moves = (change: () => void, table = 'settings') => {
      const before = s.version(table);
      change();
      return s.version(table) !== before;
    };
    expect(moves(() => s.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['a', '1']))).toBe(true);
    expect(moves(() => s.run('UPDATE settings SET value = ? WHERE key = ?', ['2', 'a']))).toBe(true);
    expect(moves(() => s.run("INSERT INTO settings (key, value) VALUES ('a', '3') ON CONFLICT(key) DO UPDATE SET value = excluded.value"))).toBe(true);
    expect(moves(() => s.run('DELETE FROM settings WHERE key = ?', ['a']))).toBe(true);
    expect(moves(() => s.run('INSERT INTO audit_log (at, event) VALUES (?, ?)', [1, 'e']))).toBe(false);
    expect(moves(() => s.run('INSERT INTO audit_log (at, event) VALUES (?, ?)', [1, 'e']), 'audit_log_size')).toBe(true); // a trigger's change
    expect(moves(() => s.run('UPDATE settings SET value = ? WHERE key = ?', ['x', 'missing']))).toBe(false);
  });

  it('moves for every table when a transaction rolls back, the schema changes, or a table is emptied at once', async () => {
    const s = await fresh();
    s.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['a', '1']);
    let before = s.version('settings');
    expect(() => s.transaction(() => {
      s.run('INSERT INTO audit_log (at, event) VALUES (?, ?)', [1, 'e']);
      throw new Error('undone');
    })).toThrow('undone');
    expect(s.version('settings')).not.toBe(before);
    before = s.version('settings');
    s.run('CREATE TABLE extra (x)');
    expect(s.version('settings')).not.toBe(before);
    before = s.version('settings');
    s.run('DELETE FROM settings'); // SQLite may empty a table without reporting each row
    expect(s.version('settings')).not.toBe(before);
  });
});

describe('the policy kept between changes', () => {
  it('is read again after a change to the settings, and not after a rolled-back one', async () => {
    const s = await fresh();
    const policy = policyReader(s, {}, false);
    const first = policy();
    expect(policy()).toBe(first); // kept: nothing changed
    s.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['selfRegistration', 'false']);
    expect(policy().selfRegistration).toBe(false);
    expect(() => s.transaction(() => {
      s.run('UPDATE settings SET value = ? WHERE key = ?', ['true', 'selfRegistration']);
      expect(policy().selfRegistration).toBe(true); // seen inside the transaction
      throw new Error('undone');
    })).toThrow('undone');
    expect(policy().selfRegistration).toBe(false);
    expect(Object.isFrozen(policy())).toBe(true);
  });
});
