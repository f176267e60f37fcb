/** What every use case needs, wired once by openGatehouse. Plain data, no class. */
import type { EncryptionRuntime } from './encryption/encryption';
import type { Store } from './store/database';
import type { Hasher, PolicySettings, RememberStore, UsernameStore } from './types';

/** A window's hold on a session. Only the token's hash is kept, as in the store. */
export interface WindowSlot {
  tokenHash: string;
  remember: boolean;
  /** Last call from this window that counts as activity (idle timeout). */
  lastActivityAt: number;
  /** Locked behind a password prompt: only unlock and sign-out get through. */
  locked: boolean;
}

export interface CoreContext {
  store: Store;
  hasher: Hasher;
  now: () => number;
  bcryptCost: number;
  policy: () => PolicySettings;
  rememberStore: RememberStore;
  usernameStore: UsernameStore;
  slots: Map<number, WindowSlot>;
  /** A hash of a random secret at the current cost: unknown users are compared against it. */
  dummyHash: () => Promise<string>;
  isCommonPassword: (normalizedPassword: string) => boolean;
  warn: (message: string) => void;
  /** Encryption at rest: the unlocked data key(s) and keys.json, in memory (issue 12). */
  encryption: EncryptionRuntime;
}
