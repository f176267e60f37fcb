/**
 * The directory's configuration (issue 16): set only from the CLI, never from the renderer, so a
 * hostile page cannot point the app at its own server or at a file path. Kept as one JSON value
 * in the settings table under `directory`; secrets are not in it, only the path of the file the
 * service account's password is read from at each use.
 */
import { isIP } from 'node:net';
import { FilterParser } from 'ldapts';
import type { DirectoryTransport } from '../../../shared/directory';
import type { Store } from '../store/database';

export interface DirectoryConfig {
  /** ldaps://host[:port] (TLS from the start) or ldap://host[:port] (StartTLS, or plain to loopback with insecureLoopback). */
  url: string;
  baseDn: string;
  /** An RFC 4515 filter with `{username}` where the escaped typed name goes, e.g. `(uid={username})`. */
  userFilter: string;
  /** Service account to search with; null searches anonymously. */
  bindDn: string | null;
  bindPasswordFile: string | null;
  /** PEM file of the CA(s) to trust instead of the system's. */
  caFile: string | null;
  /** Members of this group (member, uniqueMember or memberUid) are administrators here. */
  adminGroup: string | null;
  /** 0: no offline sign-in (the default, as SSSD's cache_credentials). N: within N days of the last online sign-in. */
  offlineDays: number;
  /** Plain ldap:// without TLS, allowed only to a loopback address (tests). */
  insecureLoopback: boolean;
}

const SETTINGS_KEY = 'directory';
export const USERNAME_PLACEHOLDER = '{username}';
export const MAX_OFFLINE_DAYS = 365;

/** How the connection is secured, decided once from the config. */
export type Transport = DirectoryTransport;

export function transportOf(config: Pick<DirectoryConfig, 'url' | 'insecureLoopback'>): Transport {
  if (config.url.toLowerCase().startsWith('ldaps:')) return 'ldaps';
  return config.insecureLoopback ? 'plain-loopback' : 'starttls';
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** What is wrong with a proposed configuration, as sentences for the CLI; empty when it is usable. */
export function configProblems(config: DirectoryConfig): string[] {
  const problems: string[] = [];
  let url: URL | null = null;
  try {
    url = new URL(config.url);
  } catch {
    problems.push('--url must be an ldaps:// or ldap:// address.');
  }
  if (url) {
    if (url.protocol !== 'ldaps:' && url.protocol !== 'ldap:') problems.push('--url must start with ldaps:// or ldap://.');
    if (url.pathname !== '' && url.pathname !== '/') problems.push('--url takes a host and port only (put the base DN in --base-dn).');
    if (url.username || url.password) problems.push('--url must not carry a name or password.');
    if (config.insecureLoopback && url.protocol === 'ldap:' && !isLoopbackHost(url.hostname)) {
      problems.push('--insecure-loopback is allowed only to a loopback address (127.0.0.1, ::1, localhost); anything else needs TLS.');
    }
    if (config.insecureLoopback && url.protocol === 'ldaps:') problems.push('--insecure-loopback makes no sense with ldaps://.');
  }
  if (config.baseDn.trim() === '') problems.push('--base-dn is required.');
  if (!config.userFilter.includes(USERNAME_PLACEHOLDER)) problems.push(`--user-filter must contain ${USERNAME_PLACEHOLDER}.`);
  else {
    try {
      FilterParser.parseString(config.userFilter.split(USERNAME_PLACEHOLDER).join('x'));
    } catch {
      problems.push('--user-filter is not a valid LDAP filter (RFC 4515), e.g. (uid={username}).');
    }
  }
  if ((config.bindDn === null) !== (config.bindPasswordFile === null)) problems.push('--bind-dn and --bind-password-file go together.');
  if (!Number.isInteger(config.offlineDays) || config.offlineDays < 0 || config.offlineDays > MAX_OFFLINE_DAYS) {
    problems.push(`--offline-days must be a whole number from 0 to ${MAX_OFFLINE_DAYS}.`);
  }
  return problems;
}

export function readDirectoryConfig(store: Store): DirectoryConfig | null {
  const row = store.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [SETTINGS_KEY]);
  if (!row) return null;
  try {
    const config = JSON.parse(row.value) as DirectoryConfig;
    // A damaged or hand-edited value that no longer passes the rules switches the directory off
    // rather than connecting somewhere the rules would refuse.
    return configProblems(config).length === 0 ? config : null;
  } catch {
    return null;
  }
}

export function storeDirectoryConfig(store: Store, config: DirectoryConfig | null): void {
  if (config === null) store.run('DELETE FROM settings WHERE key = ?', [SETTINGS_KEY]);
  else {
    store.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
      SETTINGS_KEY,
      JSON.stringify(config),
    ]);
  }
}
