/**
 * A codec as plain data, so the checkpoint worker can rebuild the very codec the main thread
 * uses: a worker cannot receive functions, only structured-clonable values. Encryption (issue 12,
 * step 3) adds its variant here, e.g. `{ kind: 'aes-256-gcm'; key: Uint8Array }`, and its case in
 * `codecFromSpec`; a codec object that carries a `spec` is checkpointed in the worker.
 */
import { PLAIN_CODEC, type StoreCodec } from './codec';

export type CodecSpec = { kind: 'plain' };

/** A StoreCodec that can be rebuilt elsewhere from its spec. */
export type PortableCodec = StoreCodec & { readonly spec: CodecSpec };

export function codecFromSpec(spec: CodecSpec): StoreCodec {
  switch (spec.kind) {
    case 'plain':
      return PLAIN_CODEC;
  }
}

/** The spec to hand a worker, or null when this codec can only run where it was made. */
export function specOf(codec: StoreCodec): CodecSpec | null {
  if (codec === PLAIN_CODEC) return { kind: 'plain' };
  return 'spec' in codec ? (codec as PortableCodec).spec : null;
}
