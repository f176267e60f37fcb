/**
 * The OS keyring as the store's key-storage port (encryption at rest, issue 12): Electron
 * `safeStorage` wraps the store's data key, so the app starts unattended with no secret typed.
 *
 * Which API: the ASYNC one, `isAsyncEncryptionAvailable` / `encryptStringAsync` /
 * `decryptStringAsync`. Electron 45 marks the synchronous `isEncryptionAvailable`,
 * `encryptString` and `decryptString` deprecated ("Use safeStorage.encryptStringAsync
 * instead"), so the async API is the one that stays. Its strings are the data key in base64:
 * safeStorage only takes strings.
 *
 * Linux without a keyring: safeStorage falls back to `basic_text`, a fixed key built into
 * Chromium, i.e. no protection; `keyStoreInUse` (key-store.ts) refuses it and `unknown`, so
 * the port reports itself unavailable and the administrator chooses passphrase mode or off.
 */
import type { KeyStoragePort } from './core';
import { keyStoreInUse } from './key-store';
import type { SafeStorageLike } from './machine-settings';

export function safeStorageKeyStorage(safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeyStoragePort {
  const unavailableReason = async (): Promise<string | null> => {
    if (await keyStoreInUse({ safeStorage, platform })) return null;
    if (platform === 'linux') {
      return `This machine has no OS keyring for Gatehouse (Electron safeStorage backend "${safeStorage.getSelectedStorageBackend()}"; basic_text is a fixed key that protects nothing).`;
    }
    return 'The OS key store (Keychain or DPAPI) is not available to Gatehouse right now.';
  };
  return {
    kind: 'os-keyring',
    unavailableReason,
    async wrap(dataKey) {
      const why = await unavailableReason();
      if (why) throw new Error(why);
      return (await safeStorage.encryptStringAsync(Buffer.from(dataKey).toString('base64'))).toString('base64');
    },
    async unwrap(wrapped) {
      const why = await unavailableReason();
      if (why) throw new Error(why);
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(wrapped, 'base64'));
      const key = Buffer.from(result, 'base64');
      if (key.length !== 32) throw new Error('The OS keyring returned something that is not the store key.');
      return key;
    },
  };
}
