/** Why a store could not be opened. The message names the file and says what to do. */
export type StoreErrorCode =
  | 'STORE_LOCKED'
  | 'STORE_CORRUPT'
  | 'STORE_FOREIGN'
  | 'STORE_NEWER_VERSION'
  | 'STORE_UNWRITABLE'
  /** The data folder is open to other users and holds files that are not Gatehouse's. */
  | 'STORE_INSECURE'
  /** Encryption at rest (issue 12): the file is encrypted and no key was given. */
  | 'STORE_ENCRYPTED'
  /** The file is encrypted for another store or with a key this folder's keys.json does not hold. */
  | 'STORE_WRONG_KEY';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
