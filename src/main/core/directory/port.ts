/**
 * The port every sign-in provider beside the local accounts implements (LDAP today; OIDC is
 * sketched in the README's design notes). The core's sign-in, offline cache and account rules
 * talk only to this; the protocol lives behind it.
 */

/** Either way the provider could not decide: it was not reached, or it answered with an error. */
export type NoDecision = { kind: 'unreachable'; reason: string } | { kind: 'failed'; reason: string };

export type DirectoryAnswer =
  | { kind: 'ok'; dn: string; mail: string | null; admin: boolean }
  | { kind: 'wrong-password' }
  /** No entry matches the user filter (deleted, or disabled by the filter), or several do. */
  | { kind: 'not-found' }
  | NoDecision;

/** `refused`: the directory answered the Password Modify operation with an LDAP result code (RFC 4511). */
export type PasswordChangeAnswer = { kind: 'ok' } | { kind: 'wrong-password' } | { kind: 'refused'; code: number; reason: string } | NoDecision;

export type TestAnswer = { kind: 'ok'; ms: number } | NoDecision;

export interface DirectoryProvider {
  authenticate(username: string, password: string): Promise<DirectoryAnswer>;
  changePassword(username: string, current: string, next: string): Promise<PasswordChangeAnswer>;
  /** Connect, bind as the service account (or anonymously) and read the base entry. */
  test(): Promise<TestAnswer>;
}
