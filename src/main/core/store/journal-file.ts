/**
 * The journal file the store appends to: one positioned write and one fdatasync per batch of
 * committed transactions (group commit: every change waiting when the write starts rides in it).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeJournalHeader, type JournalHeader } from './journal-format';

export interface JournalFileHandle {
  readonly path: string;
  readonly baseSeq: number;
  /** The key every record in it is sealed with (null: plain). */
  readonly keyId: string | null;
  /** Bytes up to the end of the last record that reached the disk. */
  readonly length: number;
  /** Writes `bytes` after the last good record and waits for fdatasync. On failure the file is
   *  cut back to where it was, so a half-written batch never sits in front of a later one. */
  append(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory; some file systems refuse a directory fsync.
  } finally {
    await handle?.close();
  }
}

function wrap(handle: FileHandle, path: string, { baseSeq, keyId }: Omit<JournalHeader, 'storeId'>, start: number): JournalFileHandle {
  let length = start;
  return {
    path,
    baseSeq,
    keyId,
    get length() {
      return length;
    },
    async append(bytes) {
      try {
        let written = 0;
        while (written < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, length + written);
          written += bytesWritten;
        }
        await handle.datasync();
        length += bytes.length;
      } catch (error) {
        await handle.truncate(length).catch(() => undefined);
        throw error;
      }
    },
    close: () => handle.close(),
  };
}

/** Starts a journal (replacing a file of that name, which can only hold no whole record). */
export async function createJournal(path: string, header: JournalHeader): Promise<JournalFileHandle> {
  const handle = await open(path, 'w', 0o600);
  const bytes = encodeJournalHeader(header);
  try {
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.sync();
  } catch (error) {
    await handle.close();
    throw error;
  }
  await syncDirectory(dirname(path)); // the new name itself must survive a crash
  return wrap(handle, path, header, bytes.length);
}

/** Continues a journal after its last whole record; a torn tail (never acknowledged) is cut off. */
export async function continueJournal(path: string, header: Omit<JournalHeader, 'storeId'>, goodLength: number): Promise<JournalFileHandle> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    if (size !== goodLength) {
      await handle.truncate(goodLength);
      await handle.sync();
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return wrap(handle, path, header, goodLength);
}
