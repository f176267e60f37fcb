/**
 * The store's prepared-statement cache (issue 12's per-call cost): each text prepared once,
 * rows keyed by the right column names even after the schema changes, a statement that threw
 * still usable, and a bounded number of statements.
 */
import type { Database } from 'sql.js';
import { afterEach, describe, expect, it } from 'vitest';
import { statementCache } from '../../src/main/core/store/statement-cache';
import { loadSqlJs } from '../support/core';

let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function counted() {
  const SQL = await loadSqlJs();
  db = new SQL.Database();
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)');
  const prepares: string[] = [];
  const real = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    prepares.push(sql);
    return real(sql);
  }) as Database['prepare'];
  return { db, prepares };
}

describe('statementCache', () => {
  it('prepares each text once and reads rows as objects', async () => {
    const { db, prepares } = await counted();
    const cache = statementCache(() => db);
    for (let i = 0; i < 5; i++) cache.execute('INSERT INTO t (name) VALUES (?)', [`n${i}`]);
    expect(cache.rows('SELECT id, name FROM t WHERE id <= ? ORDER BY id', [2])).toEqual([
      { id: 1, name: 'n0' },
      { id: 2, name: 'n1' },
    ]);
    expect(cache.rows('SELECT id, name FROM t WHERE id <= ? ORDER BY id', [1])).toEqual([{ id: 1, name: 'n0' }]);
    expect(prepares).toHaveLength(2);
  });

  it('a statement that threw is reset, so its next use works', async () => {
    const { db } = await counted();
    const cache = statementCache(() => db);
    cache.execute('INSERT INTO t (name) VALUES (?)', ['same']);
    expect(() => cache.execute('INSERT INTO t (name) VALUES (?)', ['same'])).toThrow(/UNIQUE/);
    cache.execute('INSERT INTO t (name) VALUES (?)', ['other']);
    expect(cache.rows('SELECT name FROM t ORDER BY id', [])).toEqual([{ name: 'same' }, { name: 'other' }]);
  });

  it('rows after a schema change carry the new column names', async () => {
    const { db } = await counted();
    const cache = statementCache(() => db);
    cache.execute('INSERT INTO t (name) VALUES (?)', ['a']);
    expect(cache.rows('SELECT * FROM t', [])).toEqual([{ id: 1, name: 'a' }]);
    db.exec("ALTER TABLE t ADD COLUMN colour TEXT DEFAULT 'red'");
    expect(cache.rows('SELECT * FROM t', [])).toEqual([{ id: 1, name: 'a', colour: 'red' }]);
  });

  it('keeps at most `limit` statements, freeing the least recently used', async () => {
    const { db, prepares } = await counted();
    const cache = statementCache(() => db, 2);
    const read = (n: number) => cache.rows(`SELECT ${n} AS n`, []);
    read(1);
    read(2);
    read(1); // 1 is now the most recently used
    read(3); // evicts 2
    read(1);
    expect(prepares).toEqual(['SELECT 1 AS n', 'SELECT 2 AS n', 'SELECT 3 AS n']);
    expect(read(2)).toEqual([{ n: 2 }]);
    expect(prepares).toHaveLength(4);
    cache.clear();
    expect(read(3)).toEqual([{ n: 3 }]); // prepared again after clear
    expect(prepares).toHaveLength(5);
  });
});
