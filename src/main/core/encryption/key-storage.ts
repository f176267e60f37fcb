/**
 * The key-storage port: something outside the data folder that can wrap and unwrap the data key
 * without anyone typing a secret. The Electron shell implements it with the OS keyring through
 * `safeStorage` (src/main/store-key-storage.ts); tests and the browser harness use
 * `fileKeyStorage` below. The core never imports Electron.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

export interface KeyStoragePort {
  /** Named in Settings, the CLI and the audit log. */
  readonly kind: 'os-keyring' | 'test-file';
  /**
   * Null when the port can protect a key right now; otherwise why not, in a sentence (e.g. Linux
   * with no keyring, where safeStorage's `basic_text` backend uses a fixed, public key).
   */
  unavailableReason(): Promise<string | null>;
  /** The data key wrapped, as text for keys.json. */
  wrap(dataKey: Uint8Array): Promise<string>;
  /** Throws when the keyring cannot unwrap it (reset, reinstalled, another machine or user). */
  unwrap(wrapped: string): Promise<Uint8Array>;
}

/**
 * TESTS AND THE BROWSER HARNESS ONLY. A key-encryption key kept in a file of its own (created
 * 0600, outside the data folder by the caller's choice): it stands in for the OS keyring so the
 * keyring path is exercised for real. It protects nothing against someone who can read that
 * file, which is why the app never uses it and Settings names it "test key file".
 */
export function fileKeyStorage(path: string): KeyStoragePort {
  const kek = (): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const fresh = randomBytes(32);
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, fresh);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return fresh;
    }
  };
  return {
    kind: 'test-file',
    unavailableReason: () => Promise.resolve(null),
    wrap(dataKey) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek(), nonce);
      const sealed = Buffer.concat([nonce, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
      return Promise.resolve(sealed.toString('base64'));
    },
    unwrap(wrapped) {
      const bytes = Buffer.from(wrapped, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', kek(), bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Promise.resolve(Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]));
    },
  };
}
