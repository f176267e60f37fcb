/**
 * Database bytes with room to grow after them. sql.js keeps the database file in one array that,
 * past 1 MiB, grows by an eighth at a time by copying all of it: about 20 ms on the main thread
 * at 100,000 accounts, on the first write that needs a new page (so on every open that replays a
 * journal, and now and then afterwards). A snapshot is therefore read, or unsealed, into an array
 * with zeros after it, and handed to sql.js whole (sqlite-file.ts `openDatabaseBytes`): SQLite
 * takes the database's size from the page count in its header, so the zeros are room, not content.
 *
 * Only arrays made here are known to own the bytes after their end (a small Buffer may share its
 * memory with others), so only those are used in place.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const roomy = new WeakSet<ArrayBufferLike>();

/** An eighth of the size (what sql.js would add), at least 256 KiB, in whole 4 KiB pages. */
export function roomFor(size: number): number {
  return Math.max(256 * 1024, Math.ceil(size / 8 / 4096) * 4096);
}

/**
 * `length` bytes to fill, followed in the same memory by zeros: room for a database of
 * `length - extra` bytes to grow (`extra`: what comes before the database, such as a file header).
 */
export function allocateWithRoom(length: number, extra = 0): Uint8Array {
  const memory = Buffer.allocUnsafeSlow(length + roomFor(length - extra));
  memory.fill(0, length);
  roomy.add(memory.buffer);
  return memory.subarray(0, length);
}

/** The room after `bytes` when it was made here, else 0. */
export function roomAfter(bytes: Uint8Array): number {
  return roomy.has(bytes.buffer) ? bytes.buffer.byteLength - bytes.byteOffset - bytes.length : 0;
}

/** A whole file, read into memory with room after it (its content after `header` bytes is a database). */
export function readFileWithRoom(path: string, header: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = allocateWithRoom(size, header);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) return bytes.fill(0, read).subarray(0, read); // shrank while being read: what was there
      read += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}
