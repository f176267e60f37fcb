/**
 * A number per table that moves whenever rows of that table may have changed, so that a reader
 * can keep what it derived from a table (the policy, from `settings`, read a dozen times per
 * registration) until then. SQLite's update hook counts row changes; everything moves together
 * on what the hook does not see: a rollback (changes undone), a statement that is not a plain
 * row change (schema), a row change the hook missed, a database replaced.
 */
import type { Database } from 'sql.js';

export interface TableVersions {
  of(table: string): number;
  /** Counts row changes on `db` from now on. */
  watch(db: Database): void;
  /** Row changes seen so far, to tell whether a statement's changes were all seen. */
  rowChangesSeen(): number;
  everythingMayHaveChanged(): void;
}

export function tableVersions(): TableVersions {
  const byTable = new Map<string, number>();
  let everything = 0;
  let seen = 0;
  return {
    // Both parts only grow, so their sum moves whenever either does.
    of: (table) => everything + (byTable.get(table) ?? 0),
    watch(db) {
      db.updateHook((_operation, _database, table) => {
        seen++;
        byTable.set(table, (byTable.get(table) ?? 0) + 1);
      });
    },
    rowChangesSeen: () => seen,
    everythingMayHaveChanged() {
      everything++;
    },
  };
}
