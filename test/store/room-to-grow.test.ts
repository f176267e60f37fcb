/**
 * Opening a snapshot without copying it twice (issue 12's open time): files are read with room
 * after them, sql.js takes that memory as it is, room included, and a sealed snapshot is
 * unsealed in place. If a later sql.js stops taking the memory (it would copy: slower, not
 * wrong), the first test here fails so that someone notices.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAesGcmCodec } from '../../src/main/core/store/aes-gcm-codec';
import { allocateWithRoom, readFileWithRoom, roomAfter, roomFor } from '../../src/main/core/store/room-to-grow';
import { openDatabaseBytes } from '../../src/main/core/store/sqlite-file';
import { loadSqlJs, tempDir } from '../support/core';
import type { Database } from 'sql.js';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function databaseBytes(rows: number): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  for (let i = 0; i < rows; i++) db.run('INSERT INTO t (v) VALUES (?)', [`row ${i} `.padEnd(200, '.')]);
  const bytes = db.export();
  db.close();
  return bytes;
}

async function openBytes(bytes: Uint8Array) {
  const db = openDatabaseBytes(await loadSqlJs(), bytes);
  open.push(db);
  return db;
}

const count = (db: Database) => db.exec('SELECT count(*) FROM t')[0]!.values[0]![0];

describe('a snapshot read with room', () => {
  it('is opened by sql.js in that memory, grows into the room, and exports only its pages', async () => {
    const original = await databaseBytes(2_000);
    const file = join(tempDir(), 'db');
    writeFileSync(file, Buffer.concat([Buffer.alloc(60, 7), original])); // a header, then the database
    const payload = readFileWithRoom(file, 60).subarray(60);
    expect(Buffer.from(payload).equals(Buffer.from(original))).toBe(true);
    expect(roomAfter(payload)).toBeGreaterThanOrEqual(roomFor(original.length));

    const db = await openBytes(payload);
    db.run("UPDATE t SET v = 'changed' WHERE id = 1");
    expect(Buffer.from(payload).equals(Buffer.from(original))).toBe(false); // sql.js writes into our memory: no copy was made
    for (let i = 0; i < 500; i++) db.run('INSERT INTO t (v) VALUES (?)', ['more'.padEnd(200, '.')]);
    expect(count(db)).toBe(2_500);
    expect(db.exec('PRAGMA integrity_check')[0]!.values).toEqual([['ok']]);
    const exported = db.export();
    const pages = db.exec('PRAGMA page_count')[0]!.values[0]![0] as number;
    expect(exported.length).toBe(pages * 4096); // the zeros of the room are not content
  });

  it('bytes made elsewhere are copied, as sql.js always did: the caller’s memory is left alone', async () => {
    const original = await databaseBytes(100);
    const mine = new Uint8Array(original.length + 1024 * 1024);
    mine.set(original);
    const view = mine.subarray(0, original.length); // memory after it that is not known to be free
    const db = await openBytes(view);
    db.run("UPDATE t SET v = 'changed' WHERE id = 1");
    expect(Buffer.from(view).equals(Buffer.from(original))).toBe(true);
    expect(roomAfter(view)).toBe(0);
  });

  it('no room when the header’s page count is not valid: SQLite would take the zeros for pages', async () => {
    const original = await databaseBytes(100);
    const roomy = allocateWithRoom(original.length);
    roomy.set(original);
    new DataView(roomy.buffer, roomy.byteOffset).setUint32(92, 12345); // version-valid-for no longer matches the change counter
    const db = await openBytes(roomy);
    expect(db.exec('PRAGMA integrity_check')[0]!.values).toEqual([['ok']]);
    expect(count(db)).toBe(100);
  });
});

describe('a sealed snapshot read with room', () => {
  it('is unsealed in place, with the room after its plaintext', async () => {
    const codec = createAesGcmCodec(randomBytes(32));
    const original = await databaseBytes(500);
    const sealed = codec.sealSnapshot('store', 7, original);
    const file = join(tempDir(), 'sealed');
    writeFileSync(file, Buffer.concat([Buffer.alloc(60), sealed]));
    const read = readFileWithRoom(file, 60).subarray(60);
    const plain = codec.openSnapshot('store', 7, read);
    expect(plain.buffer === read.buffer).toBe(true); // (not toBe on the buffers: a failure would print megabytes)
    expect(Buffer.from(plain).equals(Buffer.from(original))).toBe(true);
    expect(roomAfter(plain)).toBeGreaterThanOrEqual(roomFor(plain.length));
    const room = new Uint8Array(plain.buffer, plain.byteOffset + plain.length, roomAfter(plain));
    expect(room.every((byte) => byte === 0)).toBe(true); // the tag that sat there included
    const db = await openBytes(plain);
    for (let i = 0; i < 200; i++) db.run('INSERT INTO t (v) VALUES (?)', ['grown'.padEnd(200, '.')]);
    expect(count(db)).toBe(700);
    expect(db.exec('PRAGMA integrity_check')[0]!.values).toEqual([['ok']]);
  });

  it('bytes made elsewhere are unsealed into new memory with room, and still refuse a wrong tag', async () => {
    const codec = createAesGcmCodec(randomBytes(32));
    const original = await databaseBytes(50);
    const sealed = codec.sealSnapshot('store', 7, original);
    const plain = codec.openSnapshot('store', 7, sealed);
    expect(plain.buffer === sealed.buffer).toBe(false);
    expect(roomAfter(plain)).toBeGreaterThanOrEqual(roomFor(plain.length));
    const altered = Uint8Array.from(sealed);
    altered[100]! ^= 1;
    expect(() => codec.openSnapshot('store', 7, altered)).toThrow(/could not be opened/);
  });
});
