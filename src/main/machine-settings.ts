/**
 * Settings that belong to this machine rather than to the account database: window bounds, the
 * remembered username (only when the person asked for it) and the remember-me token. They live
 * in electron-store (`machine-settings.json` in the data directory). Nothing secret is written
 * in plain text: the token is encrypted with safeStorage, or not written at all.
 */
import Store from 'electron-store';
import type { RememberStore } from './core';
import { keyStoreInUse } from './key-store';

/** The part of electron-store this module uses, so tests can hand in a plain map. */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** safeStorage behind a small interface (see safeStorageCipher). */
export interface TokenCipher {
  isAvailable(): Promise<boolean>;
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<string>;
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface MachineSettings {
  windowBounds(): WindowBounds | null;
  saveWindowBounds(bounds: WindowBounds): void;
  /** The username to prefill on the sign-in screen; null unless the person asked for it. */
  rememberedUsername(): string | null;
  /** Pass null when the person unticks the option or signs in without it. */
  setRememberedUsername(username: string | null): void;
  rememberStore: RememberStore;
}

const KEYS = {
  windowBounds: 'windowBounds',
  rememberedUsername: 'rememberedUsername',
  rememberToken: 'rememberTokenEncrypted',
} as const;

/** The subset of Electron's safeStorage used here (Electron 45 names). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  getSelectedStorageBackend(): string;
}

/**
 * safeStorage as a TokenCipher. On Linux without a keyring, safeStorage "encrypts" with a
 * hard-coded password (the `basic_text` backend): that is plain text with extra steps, so only
 * a real key store counts as available (key-store.ts).
 */
export function safeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): TokenCipher {
  return {
    isAvailable: () => keyStoreInUse({ safeStorage, platform }),
    encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
    decrypt: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
  };
}

/**
 * Keeps the remember-me token encrypted (base64 of safeStorage's bytes) in the settings file.
 * When encryption is unavailable the token is kept in memory only, so remember-me lasts until
 * the app quits, and a warning says why. A stored token that cannot be read right now (no
 * key store at this launch, a locked keyring) is kept, not deleted: "temporarily unavailable".
 */
export function createRememberStore(
  store: SettingsStore,
  cipher: TokenCipher,
  warn: (message: string) => void,
): RememberStore {
  let inMemory: string | null = null;
  let warned = false;

  return {
    async load() {
      const stored = store.get(KEYS.rememberToken);
      if (typeof stored !== 'string' || stored === '' || !(await cipher.isAvailable())) return inMemory;
      try {
        return await cipher.decrypt(Buffer.from(stored, 'base64'));
      } catch {
        // A keyring that is locked right now fails the same way as a token from another
        // machine. Keep it: the next remembered sign-in replaces it, sign-out deletes it.
        warn('The remembered sign-in on this machine cannot be decrypted right now (is the keyring locked?).');
        return null;
      }
    },
    async save(token) {
      inMemory = null;
      if (token === null) {
        store.delete(KEYS.rememberToken);
        return;
      }
      if (await cipher.isAvailable()) {
        store.set(KEYS.rememberToken, (await cipher.encrypt(token)).toString('base64'));
        return;
      }
      store.delete(KEYS.rememberToken);
      inMemory = token;
      if (!warned) {
        warned = true;
        warn(
          'The system keyring is not available, so "Remember me" lasts only until Gatehouse quits ' +
            '(the sign-in token is never written to disk unencrypted).',
        );
      }
    },
  };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The settings file can be edited by hand; anything malformed reads as "not set". */
function readBounds(value: unknown): WindowBounds | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isFiniteNumber(v.width) || !isFiniteNumber(v.height) || v.width <= 0 || v.height <= 0) return null;
  const bounds: WindowBounds = { width: v.width, height: v.height, maximized: v.maximized === true };
  if (isFiniteNumber(v.x) && isFiniteNumber(v.y)) {
    bounds.x = v.x;
    bounds.y = v.y;
  }
  return bounds;
}

export function createMachineSettings(
  store: SettingsStore,
  cipher: TokenCipher,
  warn: (message: string) => void,
): MachineSettings {
  return {
    windowBounds: () => readBounds(store.get(KEYS.windowBounds)),
    saveWindowBounds: (bounds) => store.set(KEYS.windowBounds, bounds),
    rememberedUsername() {
      const value = store.get(KEYS.rememberedUsername);
      return typeof value === 'string' && value !== '' ? value : null;
    },
    setRememberedUsername(username) {
      if (username) store.set(KEYS.rememberedUsername, username);
      else store.delete(KEYS.rememberedUsername);
    },
    rememberStore: createRememberStore(store, cipher, warn),
  };
}

/** The settings file in `dataDir`, so each data directory is one self-contained installation. */
export function openMachineSettings(
  dataDir: string,
  cipher: TokenCipher,
  warn: (message: string) => void,
): MachineSettings {
  const store = new Store<Record<string, unknown>>({
    name: 'machine-settings',
    cwd: dataDir,
    // Only this OS account needs to read it.
    configFileMode: 0o600,
    // Window bounds are not worth refusing to start over: a corrupt file starts empty.
    clearInvalidConfig: true,
    accessPropertiesByDotNotation: false,
  });
  return createMachineSettings(store, cipher, warn);
}
