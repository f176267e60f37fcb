/** What every use case needs, wired once by openGatehouse. Plain data, no class. */
import type { EncryptionRuntime } from './encryption/encryption';
import type { Store } from './store/database';
import type { Hasher, PolicySettings, RememberStore, UsernameStore } from './types';

/** Why the core ended a window's session, kept until heard (session-end-notice.ts). */
export interface EndedNotice {
  message: string;
  /** The clock has pushed it as `ended` already. */
  pushed: boolean;
}

/** A window's hold on a session. Only the token's hash is kept, as in the store. */
export interface WindowSlot {
  tokenHash: string;
  remember: boolean;
  /** Last call from this window that counts as activity (idle timeout). */
  lastActivityAt: number;
  /** Locked behind a password prompt: only unlock and sign-out get through. */
  locked: boolean;
  /** The session's hard end (its row's expires_at), kept here so the clock need not read the row. */
  expiresAt: number;
}

/** A sign-in whose password was right, waiting for its second step (issue 13). */
export interface PendingSignIn {
  userId: number;
  /** Remember me as asked at the password step (policy is checked again at the end). */
  remember: boolean;
  /** What was typed, for the audit. */
  identifier: string;
  startedAt: number;
}

/** A secret shown by "Set up", waiting for the code that proves the phone has it (issue 13). */
export interface PendingSetup {
  userId: number;
  secret: string;
  startedAt: number;
}

/** Two-step verification's state in memory: nothing here outlives the process, on purpose. */
export interface TwoStepMemory {
  /** Codes are accepted this many 30-second steps either side of now. */
  windowSteps: number;
  /** By window: a half-done sign-in belongs to the window that typed the password. */
  pendingSignIns: Map<number, PendingSignIn>;
  /** By session token hash: a setup belongs to the session that started it. */
  pendingSetups: Map<string, PendingSetup>;
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
  /**
   * Why the core ended a window's session on its own (the clock, the OS lock policy), kept until
   * the window signs in again or asks who is signed in: a page that reloads before it showed the
   * pushed `ended` still hears why (session-end-notice.ts).
   */
  endedNotices: Map<number, EndedNotice>;
  /** A hash of a random secret at the current cost: unknown users are compared against it. */
  dummyHash: () => Promise<string>;
  isCommonPassword: (normalizedPassword: string) => boolean;
  warn: (message: string) => void;
  twoStep: TwoStepMemory;
  /** Issue 14: the shell's folder dialog for "Back up now" (null: cancelled). */
  chooseBackupFolder: () => Promise<string | null>;
  /** Encryption at rest: the unlocked data key(s) and keys.json, in memory (issue 12). */
  encryption: EncryptionRuntime;
  /**
   * Issue 14: how many times the OS has locked or slept (system-lock.ts), so a sign-in that
   * spans one is given what the policy gives a session that was running then.
   */
  systemLocks: number;
}
