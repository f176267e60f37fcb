/**
 * Shared tools for the reliability suite: a seeded random source (so a failing run can be
 * replayed), a Hasher that counts the work it is asked to do, and ways to look at a store's file
 * from the outside with sql.js, independently of the core that wrote it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type { Database } from 'sql.js';
import { loadSqlJs, snapshotDatabaseBytes, storeOnDisk } from './core';

/** Small, fast, good enough for picking test moments; not for secrets. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The seed a randomised test uses: fixed by default so CI is repeatable, overridable with
 * GATEHOUSE_RELIABILITY_SEED to explore, and always printed so any failure can be replayed.
 */
export function reliabilitySeed(testName: string, fallback: number): number {
  const fromEnv = process.env.GATEHOUSE_RELIABILITY_SEED;
  const seed = fromEnv !== undefined && fromEnv.trim() !== '' ? Number(fromEnv) : fallback;
  if (!Number.isSafeInteger(seed)) throw new Error(`GATEHOUSE_RELIABILITY_SEED must be an integer, got ${fromEnv}`);
  console.log(`[reliability] ${testName}: seed ${seed} (replay with GATEHOUSE_RELIABILITY_SEED=${seed})`);
  return seed;
}

/** Runs `fn` on a read-only copy of the database inside one snapshot file (gatehouse.db or its
 *  backup), without the journal (sql.js works on bytes, never the file). */
export async function withDatabaseFile<T>(path: string, fn: (db: Database) => T): Promise<T> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(snapshotDatabaseBytes(path));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Runs `fn` on the store as the next open would see it: the snapshot plus the journal. */
export async function withStoreOnDisk<T>(dir: string, fn: (db: Database) => T): Promise<T> {
  const { db } = await storeOnDisk(dir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function scalarOf(db: Database, sql: string, params: (string | number | null)[] = []): unknown {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    return statement.step() ? statement.get()[0] : undefined;
  } finally {
    statement.free();
  }
}

/** `PRAGMA integrity_check` of a database file: 'ok' when SQLite finds nothing wrong. */
export function integrityOf(path: string): Promise<string> {
  return withDatabaseFile(path, (db) =>
    db
      .exec('PRAGMA integrity_check')[0]!
      .values.map((row) => String(row[0]))
      .join('; '),
  );
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function fileDigest(path: string): string {
  return sha256(readFileSync(path));
}

export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/**
 * What a child's store writes when its checkpoints did not run in the worker (the worker failed,
 * and checkpoints fell back to the main thread) or did not run at all: the crash tests fail on
 * it, since the app's checkpoints run in the worker.
 */
export const CHECKPOINT_TROUBLE = /checkpoint worker failed|checkpoint failed/;
