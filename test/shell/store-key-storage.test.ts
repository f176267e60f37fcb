/** The OS keyring port over safeStorage's async API: basic_text (a fixed key) never wraps a store key. */
import { describe, expect, it } from 'vitest';
import type { SafeStorageLike } from '../../src/main/machine-settings';
import { secretsIn } from '../../src/main/secret-clipboard';
import { safeStorageKeyStorage } from '../../src/main/store-key-storage';

function safeStorage(backend: string, available = true): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (text) => (calls.push('encrypt'), Buffer.from(Buffer.from(`v11${text}`).map((b) => b ^ 0x5a))),
    decryptStringAsync: async (buffer) => (calls.push('decrypt'), { result: Buffer.from(buffer.map((b) => b ^ 0x5a)).toString().slice(3), shouldReEncrypt: false }),
    getSelectedStorageBackend: () => backend,
  };
}

describe('safeStorage key storage', () => {
  it('wraps and unwraps the data key through the async API with a real keyring', async () => {
    const port = safeStorageKeyStorage(safeStorage('gnome_libsecret'), 'linux');
    expect(await port.unavailableReason()).toBeNull();
    const key = Buffer.alloc(32, 7);
    const wrapped = await port.wrap(key);
    expect(wrapped).not.toContain(key.toString('base64'));
    expect(Buffer.from(await port.unwrap(wrapped))).toEqual(key);
  });

  it('refuses basic_text and unknown on Linux, without calling encrypt', async () => {
    for (const backend of ['basic_text', 'unknown']) {
      const storage = safeStorage(backend);
      const port = safeStorageKeyStorage(storage, 'linux');
      expect(await port.unavailableReason()).toContain(backend);
      await expect(port.wrap(Buffer.alloc(32))).rejects.toThrow(/no OS keyring/);
      expect(storage.calls).toEqual([]);
    }
  });

  it('the recovery key in an answer is a secret the clipboard guard clears', () => {
    expect(secretsIn({ status: {}, recoveryKey: 'ABCD-EFGH' })).toEqual(['ABCD-EFGH']);
  });
});
