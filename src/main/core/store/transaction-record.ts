/**
 * What one journal record holds: the statements of one committed transaction with their
 * parameters, replayed in order on open. Replay must reach the very same database, so a
 * journalled statement may not ask SQLite for a value of its own (the clock, randomness): the
 * core passes such values in as parameters, and `assertDeterministic` refuses the rest.
 */
import type { SqlValue } from 'sql.js';

/** Params null: run with exec semantics (every statement in the text, e.g. a migration); an array:
 *  one prepared statement, as Store.run does. */
export type Statement = readonly [sql: string, params: SqlValue[] | null];

/** SQL functions whose result differs between the first run and the replay. */
const NONDETERMINISTIC = /\b(random|randomblob|datetime|date|time|julianday|strftime|unixepoch|changes|total_changes|last_insert_rowid|sqlite_version)\s*\(|\bcurrent_(timestamp|date|time)\b/i;

const approved = new Set<string>();

/** Throws when `sql` could replay differently. Checked once per distinct statement text. */
export function assertDeterministic(sql: string): void {
  if (approved.has(sql)) return;
  const found = NONDETERMINISTIC.exec(sql);
  if (found) {
    throw new Error(`A journalled statement must not call ${found[0].trim()}: pass the value in as a parameter so replay is deterministic.`);
  }
  if (approved.size >= 10_000) approved.clear(); // statement texts are few; never let the memo grow unbounded
  approved.add(sql);
}

/** Blobs as {"b": base64}; everything else is a JSON scalar already. */
function encodeValue(value: SqlValue): unknown {
  return value instanceof Uint8Array ? { b: Buffer.from(value).toString('base64') } : value;
}

function decodeValue(value: unknown): SqlValue {
  if (value !== null && typeof value === 'object') return new Uint8Array(Buffer.from((value as { b: string }).b, 'base64'));
  return value as SqlValue;
}

export function encodeTransaction(statements: readonly Statement[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(statements.map(([sql, params]) => [sql, params === null ? null : params.map(encodeValue)])));
}

export function decodeTransaction(bytes: Uint8Array): Statement[] {
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as [string, unknown[] | null][];
  if (!Array.isArray(parsed)) throw new Error('a journal record is not a list of statements');
  return parsed.map(([sql, params]) => [String(sql), params === null ? null : params.map(decodeValue)] as const);
}
