import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMachineSettings,
  createRememberStore,
  openMachineSettings,
  safeStorageCipher,
  type SafeStorageLike,
  type SettingsStore,
  type TokenCipher,
} from '../../src/main/machine-settings';

// A real settings file on disk, through conf (see conf-store.ts).
vi.mock('electron-store', async () => (await import('./conf-store')).electronStoreModule);

const TOKEN = 'remember-token-5f2c9a71d3e84b06a1c7e2f90b3d4c55';

/** A cipher that really transforms the bytes (and marks them), like safeStorage would. */
function fakeCipher(available: boolean): TokenCipher & { encrypted: number } {
  const cipher = {
    encrypted: 0,
    isAvailable: async () => available,
    async encrypt(plainText: string) {
      cipher.encrypted += 1;
      return Buffer.from(Buffer.from(`v10${[...plainText].reverse().join('')}`, 'latin1').map((b) => b ^ 0x5a));
    },
    async decrypt(encrypted: Buffer) {
      const text = Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString('latin1');
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage');
      return [...text.slice(3)].reverse().join('');
    },
  };
  return cipher;
}

function memoryStore(): SettingsStore & { values: Map<string, unknown>; written: unknown[] } {
  const values = new Map<string, unknown>();
  const written: unknown[] = [];
  return {
    values,
    written,
    get: (key) => values.get(key),
    set: (key, value) => {
      written.push(value);
      values.set(key, value);
    },
    delete: (key) => void values.delete(key),
  };
}

let dataDir = '';
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-settings-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function settingsFileText(): string {
  return readdirSync(dataDir)
    .map((name) => readFileSync(join(dataDir, name), 'utf8'))
    .join('\n');
}

describe('remember-me token with encryption available', () => {
  it('stores only the encrypted token, as base64, and reads it back', async () => {
    const cipher = fakeCipher(true);
    const settings = openMachineSettings(dataDir, cipher, () => {});
    await settings.rememberStore.save(TOKEN);

    const text = settingsFileText();
    expect(text).not.toContain(TOKEN);
    const stored = (JSON.parse(readFileSync(join(dataDir, 'machine-settings.json'), 'utf8')) as Record<string, string>)
      .rememberTokenEncrypted;
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(await cipher.decrypt(Buffer.from(stored ?? '', 'base64'))).toBe(TOKEN);

    // A new process (a new settings object) finds it again.
    const again = openMachineSettings(dataDir, cipher, () => {});
    expect(await again.rememberStore.load()).toBe(TOKEN);
  });

  it('forgets the token on save(null)', async () => {
    const settings = openMachineSettings(dataDir, fakeCipher(true), () => {});
    await settings.rememberStore.save(TOKEN);
    await settings.rememberStore.save(null);
    expect(await openMachineSettings(dataDir, fakeCipher(true), () => {}).rememberStore.load()).toBeNull();
    expect(settingsFileText()).not.toContain('rememberTokenEncrypted');
  });

  it('keeps a token it cannot decrypt right now (a locked keyring), says so, and lets sign-out delete it', async () => {
    const store = memoryStore();
    const unreadable = Buffer.from('garbage').toString('base64');
    store.values.set('rememberTokenEncrypted', unreadable);
    const warnings: string[] = [];
    const remember = createRememberStore(store, fakeCipher(true), (m) => warnings.push(m));
    expect(await remember.load()).toBeNull();
    expect(store.values.get('rememberTokenEncrypted')).toBe(unreadable);
    expect(warnings).toHaveLength(1);
    await remember.save(null);
    expect(store.values.has('rememberTokenEncrypted')).toBe(false);
  });
});

describe('remember-me token without encryption', () => {
  it('never writes the token to disk, keeps it for this process only, and warns once', async () => {
    const cipher = fakeCipher(false);
    const warnings: string[] = [];
    const settings = openMachineSettings(dataDir, cipher, (m) => warnings.push(m));

    await settings.rememberStore.save(TOKEN);
    await settings.rememberStore.save(TOKEN);

    expect(await settings.rememberStore.load()).toBe(TOKEN);
    expect(settingsFileText()).not.toContain(TOKEN);
    expect(cipher.encrypted).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/only until Gatehouse quits/);

    // The next process starts without it.
    expect(await openMachineSettings(dataDir, cipher, () => {}).rememberStore.load()).toBeNull();
  });

  it('writes nothing containing the token to the settings store', async () => {
    const store = memoryStore();
    const remember = createRememberStore(store, fakeCipher(false), () => {});
    await remember.save(TOKEN);
    expect(JSON.stringify(store.written)).not.toContain(TOKEN);
    expect([...store.values.values()]).toEqual([]);
  });

  it('removes an older encrypted token instead of leaving a stale one behind', async () => {
    const store = memoryStore();
    await createRememberStore(store, fakeCipher(true), () => {}).save('older-token');
    expect(store.values.has('rememberTokenEncrypted')).toBe(true);
    await createRememberStore(store, fakeCipher(false), () => {}).save(TOKEN);
    expect(store.values.has('rememberTokenEncrypted')).toBe(false);
  });

  it('forgets the in-memory token on save(null)', async () => {
    const remember = createRememberStore(memoryStore(), fakeCipher(false), () => {});
    await remember.save(TOKEN);
    await remember.save(null);
    expect(await remember.load()).toBeNull();
  });
});

describe('safeStorage adapter', () => {
  function safeStorage(backend: string, available = true): SafeStorageLike {
    return {
      isAsyncEncryptionAvailable: async () => available,
      encryptStringAsync: async (text) => Buffer.from(text),
      decryptStringAsync: async (buffer) => ({ result: buffer.toString() }),
      getSelectedStorageBackend: () => backend,
    };
  }

  it("counts only a real Linux key store: not basic_text (a hard-coded key), not 'unknown'", async () => {
    expect(await safeStorageCipher(safeStorage('basic_text'), 'linux').isAvailable()).toBe(false);
    expect(await safeStorageCipher(safeStorage('unknown'), 'linux').isAvailable()).toBe(false);
    expect(await safeStorageCipher(safeStorage('kwallet6'), 'linux').isAvailable()).toBe(true);
    expect(await safeStorageCipher(safeStorage('gnome_libsecret'), 'linux').isAvailable()).toBe(true);
    expect(await safeStorageCipher(safeStorage('kwallet5', false), 'linux').isAvailable()).toBe(false);
  });

  it('asks only safeStorage on Windows and macOS', async () => {
    expect(await safeStorageCipher(safeStorage('unknown'), 'win32').isAvailable()).toBe(true);
    expect(await safeStorageCipher(safeStorage('unknown', false), 'darwin').isAvailable()).toBe(false);
  });
});

describe('machine settings', () => {
  it('remembers window bounds and ignores a hand-edited, malformed value', () => {
    const settings = openMachineSettings(dataDir, fakeCipher(true), () => {});
    expect(settings.windowBounds()).toBeNull();
    settings.saveWindowBounds({ x: 1, y: 2, width: 900, height: 700, maximized: false });
    expect(openMachineSettings(dataDir, fakeCipher(true), () => {}).windowBounds()).toEqual({
      x: 1,
      y: 2,
      width: 900,
      height: 700,
      maximized: false,
    });

    const store = memoryStore();
    store.values.set('windowBounds', { width: 'wide', height: 700 });
    expect(createMachineSettings(store, fakeCipher(true), () => {}).windowBounds()).toBeNull();
    store.values.set('windowBounds', { width: 800, height: 600, x: 'left' });
    expect(createMachineSettings(store, fakeCipher(true), () => {}).windowBounds()).toEqual({ width: 800, height: 600, maximized: false });
  });

  it('keeps a remembered username only when set, and forgets it on request', () => {
    const settings = openMachineSettings(dataDir, fakeCipher(true), () => {});
    expect(settings.rememberedUsername()).toBeNull();
    settings.setRememberedUsername('ada');
    expect(openMachineSettings(dataDir, fakeCipher(true), () => {}).rememberedUsername()).toBe('ada');
    settings.setRememberedUsername(null);
    expect(openMachineSettings(dataDir, fakeCipher(true), () => {}).rememberedUsername()).toBeNull();
  });

  it.skipIf(process.platform === 'win32')('keeps the settings file readable by this OS account only (POSIX modes; skipped on Windows)', () => {
    openMachineSettings(dataDir, fakeCipher(true), () => {}).setRememberedUsername('ada');
    expect(statSync(join(dataDir, 'machine-settings.json')).mode & 0o077).toBe(0);
  });
});
