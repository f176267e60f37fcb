/**
 * The core's public shapes. `src/main/core` is plain TypeScript: no electron import, so the
 * whole product can be tested (and served to a browser harness) without an Electron binary.
 */
import type { AdminUserView } from '../../shared/admin';
import type { SessionState } from '../../shared/contract';
import type { PolicySettings } from '../../shared/policy-settings';
import type { UsernameToReview } from './usernames';
import type { Result } from '../../shared/result';
import type { StoreRecovery } from './store/database';
import type { ConnectionTest, DirectoryStatus } from '../../shared/directory';
import type { DirectoryConfig } from './directory/config';

export type { ConnectionTest, DirectoryConfig, DirectoryStatus };

import type { EncryptionOptions } from './encryption/encryption';
import type { EncryptionAction, EncryptionChange, EncryptionStatus } from '../../shared/encryption';

export type { PolicySettings, StoreRecovery };

/**
 * Where the shell keeps the remembered session token between launches (electron-store plus
 * safeStorage in the app; memory or a file in tests and the harness).
 */
export interface RememberStore {
  load(): string | null | Promise<string | null>;
  save(token: string | null): void | Promise<void>;
}

/**
 * Where the shell keeps the username a person asked to be remembered on this machine
 * (electron-store in the app). Not secret: the sign-in screen shows it to whoever sits down.
 */
export interface UsernameStore {
  load(): string | null | Promise<string | null>;
  save(username: string | null): void | Promise<void>;
}

/** bcrypt behind an interface so tests can count the work it does. */
export interface Hasher {
  hash(password: string, cost: number): Promise<string>;
  compare(password: string, hash: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface GatehouseOptions {
  /** Defaults to GATEHOUSE_DATA_DIR; one of the two is required. */
  dataDir?: string;
  /** Milliseconds since the epoch; tests inject their own. */
  clock?: () => number;
  /** Defaults to GATEHOUSE_BCRYPT_COST, then 12. Below 12 prints a warning; never below 4. */
  bcryptCost?: number;
  /** Kiosk defaults (registration closed, 2-minute idle timeout) under the stored policy. */
  kiosk?: boolean;
  /** Overrides applied on top of the stored policy. */
  policy?: Partial<PolicySettings>;
  rememberStore?: RememberStore;
  /** Defaults to memory: the username is forgotten when the process ends. */
  usernameStore?: UsernameStore;
  hasher?: Hasher;
  /** Where warnings go (default: console.warn). */
  warn?: (message: string) => void;
  /**
   * Two-step codes are accepted this many 30-second steps either side of the core's clock
   * (default 1, config.ts). Not a policy setting: the UI never widens it.
   */
  totpWindowSteps?: number;
  /** Path of sql.js's sql-wasm.wasm when it is not resolvable from node_modules (packaged app). */
  sqlWasmPath?: string;
  /** Encryption at rest (issue 12): the key-storage port and who can be asked for a secret. */
  encryption?: EncryptionOptions;
  /**
   * Issue 14: where "Back up now" writes. The shell asks the administrator with its own folder
   * dialog; the harness answers a folder fixed at its start. Never a path from the renderer.
   * Without it, "Back up now" answers that backups are made with the CLI here.
   */
  chooseBackupFolder?: () => Promise<string | null>;
}

/** Issue 14: what `gatehouse import` reads (account-import.ts). */
export interface ImportRequest {
  /** The file's bytes (checked to be UTF-8 here), or its text already decoded. */
  text: string | Uint8Array;
  format: 'csv' | 'json';
  /** Where temporary passwords for rows with an empty hash go; required when there are any. */
  temporaryPasswordsPath?: string;
}

export interface ImportSummary {
  imported: number;
  withTemporaryPassword: number;
}

/** Issue 14: what `gatehouse export` writes (account-export.ts). */
export interface ExportRequest {
  format: 'csv' | 'json';
  withHashes: boolean;
}

/**
 * Direct account and policy management for the provisioning CLI. No session is involved; every
 * rule the app applies (username, email, password policy, setting bounds) still is.
 */
export interface Provisioning {
  createUser(input: { username: string; email: string; password: string; admin: boolean }): Promise<Result<{ user: AdminUserView }>>;
  listUsers(): AdminUserView[];
  setPolicy(changes: Partial<PolicySettings>): Promise<Result<{ policy: PolicySettings }>>;
  policy(): PolicySettings;
  /** Recovery for a locked-out administrator (CLI `unlock`, `reset-password`), app stopped. */
  unlockUser(identifier: string): Promise<Result<{ user: AdminUserView }>>;
  resetPassword(identifier: string): Promise<Result<{ user: AdminUserView; temporaryPassword: string }>>;
  /** An administrator lost their phone (CLI `reset-2fa`): two-step is off and must be set up again (issue 13). */
  resetTwoStep(identifier: string): Promise<Result<{ user: AdminUserView }>>;
  /** Accounts whose names today's look-alike rules would refuse (kept, for an administrator to decide). */
  usernamesToReview(): UsernameToReview[];
  /** Encryption at rest (CLI encryption-status, enable-encryption, disable-encryption, rotate-key). */
  encryptionStatus(): Promise<EncryptionStatus>;
  changeEncryption(change: EncryptionAction): Promise<Result<EncryptionChange>>;
  /** Issue 14: `gatehouse import` — whole or nothing; saved before it answers. */
  importAccounts(request: ImportRequest): Promise<Result<ImportSummary>>;
  /** Issue 14: `gatehouse export` — the text to write; audited and saved. */
  exportAccounts(request: ExportRequest): Promise<string>;
  /** Issue 14: `gatehouse backup --to FILE` — a new file, never an existing one; audited and saved. */
  backupTo(file: string): Promise<string>;
  /** Issue 14: after `gatehouse restore`, the restored store records where it came from. */
  noteRestored(detail: { from: string; keptAsideAt: string | null }): Promise<void>;
  /** Issue 16: the organisation's directory, configured from the CLI only. */
  readonly directory: DirectoryProvisioning;
}

export interface DirectoryProvisioning {
  set(config: DirectoryConfig): Promise<Result<{ status: DirectoryStatus }>>;
  clear(): Promise<Result<{ status: DirectoryStatus }>>;
  status(): DirectoryStatus;
  testConnection(): Promise<ConnectionTest>;
  testUser(username: string, password: string): Promise<{ ok: boolean; message: string }>;
}

export interface GatehouseHandle {
  /** Exactly what the renderer receives over IPC. Never throws. */
  invoke(channel: unknown, payload: unknown, caller: unknown): Promise<Result<unknown>>;
  /** The shell saw system input (powerMonitor): counts as activity for that window's session. */
  noteSystemActivity(windowId: number): void;
  /**
   * The OS locked the screen or went to sleep: lock that window's session behind its password,
   * or end it when the policy `endSessionOnSystemLock` says so (the next tick pushes `ended`).
   */
  lockWindowSession(windowId: number): Promise<void>;
  /**
   * The session clock's one tick (the shell's timer, the harness): each window's session state
   * now. Ends sessions whose time is up, as any call would.
   */
  tick(windowIds: readonly number[]): Promise<Map<number, SessionState>>;
  /** The shell tells the core a window is gone (closed, crashed): its session slot is revoked. */
  endWindowSession(windowId: number, reason: 'window-closed' | 'renderer-crashed'): Promise<void>;
  /** Direct account and policy management for the provisioning CLI (no session involved). */
  readonly provisioning: Provisioning;
  readonly dataDir: string;
  readonly recovery: StoreRecovery | null;
  close(): Promise<void>;
}
