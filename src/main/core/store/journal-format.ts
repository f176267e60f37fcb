/**
 * The journal's bytes: an append-only file of committed transactions, so a change costs a write
 * in proportion to the change, not to the database (issue 12).
 *
 * File = header, then records.
 * - Header (44 bytes): magic "GHJRNL01", the store id (16 bytes), the base sequence (the last
 *   sequence number of the snapshot this journal follows, u64), the id of the data key that seals
 *   every record in it (8 bytes; zero when plain), CRC-32 of the 40 bytes before it. One journal,
 *   one key: turning encryption on or off, or rotating the key, starts a new journal.
 * - Record (20-byte frame + payload): magic "GHRJ", payload length (u32), sequence number (u64),
 *   CRC-32 over length, sequence and payload, then the payload as sealed by the store's codec.
 *
 * The framing stays outside the sealed payload, so a torn or damaged record is found without a
 * key; the codec (plain or AES-GCM) authenticates the payload and binds it to store and sequence.
 */
import { crc32 } from 'node:zlib';

const FILE_MAGIC = 'GHJRNL01';
const RECORD_MAGIC = 0x4748_524a; // "GHRJ"
export const JOURNAL_HEADER_BYTES = 44;
export const RECORD_FRAME_BYTES = 20;
/** A payload larger than this is not one of ours: it would be a transaction of thousands of rows. */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

const ascii = (text: string) => new TextEncoder().encode(text);

export function storeIdBytes(storeId: string): Uint8Array {
  if (!/^[0-9a-f]{32}$/.test(storeId)) throw new Error(`not a store id: ${storeId}`);
  return Buffer.from(storeId, 'hex');
}

const NO_KEY = new Uint8Array(8);

/** A data key id (16 hex characters) as its 8 bytes; zeros for "plain". */
export function keyIdBytes(keyId: string | null): Uint8Array {
  if (keyId === null) return NO_KEY;
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw new Error(`not a key id: ${keyId}`);
  return Buffer.from(keyId, 'hex');
}

export function keyIdOf(bytes: Uint8Array): string | null {
  return bytes.every((byte) => byte === 0) ? null : Buffer.from(bytes).toString('hex');
}

export function writeSeq(view: DataView, offset: number, seq: number): void {
  view.setUint32(offset, Math.floor(seq / 2 ** 32));
  view.setUint32(offset + 4, seq >>> 0);
}

export function readSeq(view: DataView, offset: number): number {
  return view.getUint32(offset) * 2 ** 32 + view.getUint32(offset + 4);
}

export interface JournalHeader {
  storeId: string;
  baseSeq: number;
  /** The data key every record is sealed with; null when plain. */
  keyId: string | null;
}

export function encodeJournalHeader({ storeId, baseSeq, keyId }: JournalHeader): Uint8Array {
  const bytes = new Uint8Array(JOURNAL_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(ascii(FILE_MAGIC), 0);
  bytes.set(storeIdBytes(storeId), 8);
  writeSeq(view, 24, baseSeq);
  bytes.set(keyIdBytes(keyId), 32);
  view.setUint32(40, crc32(bytes.subarray(0, 40)));
  return bytes;
}

/** The header alone (the first JOURNAL_HEADER_BYTES bytes are enough), or null when it is not a valid one. */
export function decodeJournalHeader(bytes: Uint8Array): JournalHeader | null {
  if (bytes.length < JOURNAL_HEADER_BYTES) return null;
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== FILE_MAGIC) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, JOURNAL_HEADER_BYTES);
  if (view.getUint32(40) !== crc32(bytes.subarray(0, 40))) return null;
  return { storeId: Buffer.from(bytes.subarray(8, 24)).toString('hex'), baseSeq: readSeq(view, 24), keyId: keyIdOf(bytes.subarray(32, 40)) };
}

/** One record's frame and payload, ready to append. */
export function encodeRecord(seq: number, sealed: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(RECORD_FRAME_BYTES + sealed.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, RECORD_MAGIC);
  view.setUint32(4, sealed.length);
  writeSeq(view, 8, seq);
  bytes.set(sealed, RECORD_FRAME_BYTES);
  view.setUint32(16, crc32(bytes.subarray(RECORD_FRAME_BYTES), crc32(bytes.subarray(4, 16))));
  return bytes;
}

export interface JournalRecord {
  seq: number;
  /** Sealed by the codec; opened by the replay. */
  sealed: Uint8Array;
  /** Where the record's frame starts in the file. */
  offset: number;
}

export interface JournalScan extends JournalHeader {
  /** The records that read back whole, in order, sequence numbers without a gap. */
  records: JournalRecord[];
  /** Bytes up to the end of the last whole record: where the next append goes. */
  goodLength: number;
  /**
   * Why reading stopped early, or null when the file ended cleanly.
   * - torn: nothing valid follows the failing record, so it is the tail of an append that never
   *   reported success (a crash mid-write). Dropped.
   * - corrupt: a valid record follows a failing one, so bytes that were once acknowledged were
   *   damaged. Replay stops there and the rest is set aside.
   */
  damage: { kind: 'torn' | 'corrupt'; offset: number; seq: number } | null;
}

/** The record at `offset` if it is whole and carries `seq` (or any seq when `seq` is null). */
function recordAt(bytes: Uint8Array, offset: number, seq: number | null): JournalRecord | null {
  if (offset + RECORD_FRAME_BYTES > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, RECORD_FRAME_BYTES);
  if (view.getUint32(0) !== RECORD_MAGIC) return null;
  const length = view.getUint32(4);
  if (length > MAX_PAYLOAD_BYTES || offset + RECORD_FRAME_BYTES + length > bytes.length) return null;
  const found = readSeq(view, 8);
  if (seq !== null && found !== seq) return null;
  const payload = bytes.subarray(offset + RECORD_FRAME_BYTES, offset + RECORD_FRAME_BYTES + length);
  const expected = crc32(payload, crc32(bytes.subarray(offset + 4, offset + 16)));
  if (view.getUint32(16) !== expected) return null;
  return { seq: found, sealed: payload, offset };
}

/** Whether any whole record starts after `from`: the difference between torn and corrupt. */
function validRecordAfter(bytes: Uint8Array, from: number): boolean {
  const magic = [0x47, 0x48, 0x52, 0x4a];
  for (let at = bytes.indexOf(magic[0]!, from); at >= 0 && at + RECORD_FRAME_BYTES <= bytes.length; at = bytes.indexOf(magic[0]!, at + 1)) {
    if (bytes[at + 1] === magic[1] && bytes[at + 2] === magic[2] && bytes[at + 3] === magic[3] && recordAt(bytes, at, null)) return true;
  }
  return false;
}

/** Reads a journal file's bytes. Null when its header is not a journal header (not ours, or damaged). */
export function scanJournal(bytes: Uint8Array): JournalScan | null {
  const header = decodeJournalHeader(bytes);
  if (!header) return null;
  const { baseSeq } = header;
  const records: JournalRecord[] = [];
  let offset = JOURNAL_HEADER_BYTES;
  let seq = baseSeq + 1;
  while (offset < bytes.length) {
    const record = recordAt(bytes, offset, seq);
    if (!record) {
      const kind = validRecordAfter(bytes, offset + 1) ? 'corrupt' : 'torn';
      return { ...header, records, goodLength: offset, damage: { kind, offset, seq } };
    }
    records.push(record);
    offset += RECORD_FRAME_BYTES + record.sealed.length;
    seq++;
  }
  return { ...header, records, goodLength: offset, damage: null };
}
