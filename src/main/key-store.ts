/**
 * Whether safeStorage is backed by a real key store, so a remember-me token may be written to
 * disk. One function, self-contained (no imports, no outer names), because the Electron suite
 * runs this very function inside the app's main process (`electron.evaluate(keyStoreInUse)`)
 * to decide "keyring available" exactly as the app does.
 *
 * - Linux: the async safeStorage can say "available" while it encrypts with a fixed key
 *   (`basic_text`, no unlocked keyring), or before it knows (`unknown`). Only a named key
 *   store counts: GNOME libsecret or a KWallet.
 * - macOS and Windows: the Keychain and DPAPI are always real; safeStorage's answer decides.
 */
export interface KeyStoreProbe {
  /** Defaults to process.platform (the electron module, passed in by the suite, has none). */
  platform?: string;
  safeStorage: {
    isAsyncEncryptionAvailable(): Promise<boolean>;
    getSelectedStorageBackend(): string;
  };
}

export async function keyStoreInUse({ safeStorage, platform = process.platform }: KeyStoreProbe): Promise<boolean> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
  if (platform !== 'linux') return true;
  return ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'].includes(safeStorage.getSelectedStorageBackend());
}
