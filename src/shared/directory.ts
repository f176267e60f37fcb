/** What the renderer may know about the organisation's directory (issue 16): where and how, never a secret. */

/** How the connection is secured: TLS from the start, StartTLS, or plain to a loopback address (tests). */
export type DirectoryTransport = 'ldaps' | 'starttls' | 'plain-loopback';

export interface DirectoryStatus {
  configured: boolean;
  url: string | null;
  baseDn: string | null;
  userFilter: string | null;
  transport: DirectoryTransport | null;
  /** The service account's DN (its password stays in its file), or null: anonymous search. */
  serviceAccount: string | null;
  caFile: string | null;
  adminGroup: string | null;
  /** 0: offline sign-in is off. */
  offlineDays: number;
  /** Accounts that came from the directory, and how many hold a cached offline password now. */
  accounts: number;
  cachedCredentials: number;
}

export type ConnectionTest = { reachable: true; ms: number; message: string } | { reachable: false; message: string };
