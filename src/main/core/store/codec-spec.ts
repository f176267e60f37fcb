/**
 * Codecs and sealings as plain data, so the checkpoint worker can rebuild the very ones the main
 * thread uses: a worker cannot receive functions, only structured-clonable values (the key bytes
 * cross to the worker thread of the same process; they never reach a file or the renderer).
 */
import { createAesGcmCodec } from './aes-gcm-codec';
import { PLAIN_CODEC, type CodecSpec, type PortableCodec, type StoreCodec } from './codec';
import type { Sealing } from './sealed-file';

export function codecFromSpec(spec: CodecSpec): StoreCodec {
  switch (spec.kind) {
    case 'plain':
      return PLAIN_CODEC;
    case 'aes-256-gcm':
      return createAesGcmCodec(spec.key);
  }
}

/** The spec to hand a worker, or null when this codec can only run where it was made. */
export function specOf(codec: StoreCodec): CodecSpec | null {
  if (codec === PLAIN_CODEC) return { kind: 'plain' };
  return 'spec' in codec ? (codec as PortableCodec).spec : null;
}

export interface SealingSpec {
  storeId: string;
  write: string | null;
  keys: { id: string; codec: CodecSpec }[];
}

/** Null when a key's codec cannot cross to a worker (then checkpoints run inline). */
export function specOfSealing(sealing: Sealing | null): SealingSpec | null | 'not-portable' {
  if (!sealing) return null;
  const keys: SealingSpec['keys'] = [];
  for (const key of sealing.keys) {
    const codec = specOf(key.codec);
    if (!codec) return 'not-portable';
    keys.push({ id: key.id, codec });
  }
  return { storeId: sealing.storeId, write: sealing.write?.id ?? null, keys };
}

export function sealingFromSpec(spec: SealingSpec | null): Sealing | null {
  if (!spec) return null;
  const keys = spec.keys.map((key) => ({ id: key.id, codec: codecFromSpec(key.codec) }));
  return { storeId: spec.storeId, write: keys.find((key) => key.id === spec.write) ?? null, keys };
}
