/** The soak's encryption (`--encrypted`): one random key for the run, passed to each child as JSON in its environment. */
import { createAesGcmCodec } from '../src/main/core/store/aes-gcm-codec';
import type { Sealing } from '../src/main/core/store/sealed-file';

export function soakSealing(spec: string): Sealing | null {
  if (!spec) return null;
  const { storeId, keyId, key } = JSON.parse(spec) as { storeId: string; keyId: string; key: string };
  const sealingKey = { id: keyId, codec: createAesGcmCodec(Buffer.from(key, 'hex')) };
  return { storeId, write: sealingKey, keys: [sealingKey] };
}
