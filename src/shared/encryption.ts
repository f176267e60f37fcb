/**
 * Encryption at rest as the administrator sees it (Settings, CLI): plain data shared by the
 * core and the renderer. Issue 12, step 3.
 */

/** What protects the data key: the OS keyring (safeStorage), a passphrase typed at every start,
 *  or the test key file (tests and the browser harness only). */
export type EncryptionProtection = 'os-keyring' | 'passphrase' | 'test-file';

export interface EncryptionStatus {
  on: boolean;
  protection: EncryptionProtection | null;
  /** The data key's public id (also in every encrypted file's header) and when it was made. */
  keyId: string | null;
  keyCreatedAt: string | null;
  /** Why the OS keyring cannot protect a key here (e.g. Linux without a keyring); null when it can. */
  keyringUnavailable: string | null;
  /** Whether this program can ask for a passphrase at every start (the CLI on stdin, the app on its unlock screen). */
  passphraseAtStart: boolean;
  /** Shown in Settings whenever encryption is off. */
  warning: string | null;
}

export const ENCRYPTION_OFF_WARNING =
  'Encryption at rest is off: anyone who can copy the data folder can read usernames, emails, the audit log and every other stored secret. Turn it on, or rely on full-disk encryption.';

export const ENCRYPTION_MODES = ['os-keyring', 'passphrase'] as const;

/** A passphrase's least length in characters (`passphraseLength`), checked by the core and by Settings. */
export const MIN_PASSPHRASE_LENGTH = 12;

/** A passphrase's length as the minimum counts it: characters (code points) after NFKC. */
export function passphraseLength(passphrase: string): number {
  return [...passphrase.normalize('NFKC')].length;
}
/**
 * Its greatest length as typed (UTF-16 units, as the contract counts): the unlock screen's
 * payload takes no more, so a longer one (set from the CLI) could never be typed there.
 */
export const MAX_PASSPHRASE_LENGTH = 1_000;
export type EncryptionMode = (typeof ENCRYPTION_MODES)[number];

/** One administrator action (Settings channels, CLI). */
export type EncryptionAction = { action: 'enable'; mode: EncryptionMode; passphrase?: string } | { action: 'disable' } | { action: 'rotate' };

export interface EncryptionChange {
  status: EncryptionStatus;
  /** Shown once (enable, rotate); never stored anywhere. */
  recoveryKey?: string;
}

/**
 * Before the store opens (store:unlock-state, store:unlock): `asking` while the unlock screen
 * must ask for the passphrase (passphrase mode) or the recovery key (the OS keyring cannot
 * unwrap the key: another machine, a reset keyring); `open` once the accounts can be used.
 */
export type StoreUnlockState =
  | { state: 'open' }
  | {
      state: 'asking';
      kind: 'passphrase' | 'recovery';
      /** Why the last answer did not open the store; null before the first. */
      wrongAnswer: string | null;
    };
