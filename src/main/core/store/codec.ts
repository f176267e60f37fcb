/**
 * How the store's bytes are sealed on disk. The journal seals every record and the checkpoint
 * writer every snapshot through one codec, so encryption at rest (issue 12, step 3) is a codec
 * and "encryption off" is the plain one; neither the journal nor the checkpoint knows which.
 *
 * A codec is plain data plus pure functions of its key, so a checkpoint worker can rebuild the
 * same codec from the key bytes it is handed (see `describe`).
 */
export interface StoreCodec {
  readonly kind: 'plain' | 'aes-256-gcm';
  /** Seals one journal record. `storeId` and `seq` are bound in: a record cannot move between
   *  stores or positions, nor be replayed. */
  sealRecord(storeId: string, seq: number, plain: Uint8Array): Uint8Array;
  /** Throws CodecError when the record was altered, moved, replayed or sealed with another key. */
  openRecord(storeId: string, seq: number, sealed: Uint8Array): Uint8Array;
  /** Seals one snapshot (the full database), bound to its store and the journal sequence it
   *  covers up to. */
  sealSnapshot(storeId: string, seq: number, plain: Uint8Array): Uint8Array;
  /** May decrypt in place when `sealed` was read with room to grow (room-to-grow.ts): the caller
   *  must not use `sealed` again, whether it opened or threw. */
  openSnapshot(storeId: string, seq: number, sealed: Uint8Array): Uint8Array;
}

/** A codec as plain data (its key bytes), so a checkpoint worker can rebuild it (codec-spec.ts). */
export type CodecSpec = { kind: 'plain' } | { kind: 'aes-256-gcm'; key: Uint8Array };

/** A StoreCodec that can be rebuilt elsewhere from its spec. */
export type PortableCodec = StoreCodec & { readonly spec: CodecSpec };

export class CodecError extends Error {
  override readonly name = 'CodecError';
}

/** Encryption off: bytes are stored as they are. Integrity still comes from the journal's own
 *  checksums and SQLite's format checks. */
export const PLAIN_CODEC: StoreCodec = {
  kind: 'plain',
  sealRecord: (_storeId, _seq, plain) => plain,
  openRecord: (_storeId, _seq, sealed) => sealed,
  sealSnapshot: (_storeId, _seq, plain) => plain,
  openSnapshot: (_storeId, _seq, sealed) => sealed,
};
