/**
 * The directory's CLI commands (issue 16). Configuration happens here and only here: the
 * renderer can neither choose the server nor name a file. Secrets never come from the command
 * line: the service account's password is read from a file, a user's from standard input.
 */
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { DirectoryConfig, DirectoryStatus, GatehouseHandle } from '../main/core';
import { printable } from './cli-text';

export const DIRECTORY_USAGE = `  npm run gatehouse -- set-directory --data-dir DIR --url URL --base-dn DN --user-filter '(uid={username})'
        [--bind-dn DN --bind-password-file FILE] [--ca-file FILE] [--admin-group DN]
        [--offline-days N] [--insecure-loopback]
      Sign in with the organisation's directory (LDAP). ldaps:// uses TLS from the start,
      ldap:// upgrades with StartTLS; plain ldap:// only to a loopback address with
      --insecure-loopback (tests). --offline-days N (default 0: off) accepts the cached
      password within N days of the last online sign-in while the directory is unreachable.
      Needs a local administrator first (the break-glass account).
  npm run gatehouse -- directory-status --data-dir DIR [--json]
  npm run gatehouse -- test-directory USERNAME --data-dir DIR   (password on standard input)
  npm run gatehouse -- clear-directory --data-dir DIR      (also drops every cached password)`;

/** The options these commands add to the CLI's parseArgs. */
export const DIRECTORY_OPTIONS = {
  url: { type: 'string' },
  'base-dn': { type: 'string' },
  'user-filter': { type: 'string' },
  'bind-dn': { type: 'string' },
  'bind-password-file': { type: 'string' },
  'ca-file': { type: 'string' },
  'admin-group': { type: 'string' },
  'offline-days': { type: 'string' },
  'insecure-loopback': { type: 'boolean', default: false },
} as const;

export const DIRECTORY_COMMANDS = ['set-directory', 'directory-status', 'test-directory', 'clear-directory'] as const;
export type DirectoryCommand = (typeof DIRECTORY_COMMANDS)[number];

export function isDirectoryCommand(command: string): command is DirectoryCommand {
  return (DIRECTORY_COMMANDS as readonly string[]).includes(command);
}

type Values = { [K in keyof typeof DIRECTORY_OPTIONS]?: string | boolean | undefined } & { json?: boolean };

interface Io {
  stdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A usage mistake (exit 2) rather than a refusal. */
export class DirectoryUsageError extends Error {}

function readableFile(option: string, path: string | undefined): string | null {
  if (path === undefined) return null;
  const absolute = resolve(path);
  try {
    accessSync(absolute, constants.R_OK);
  } catch {
    throw new DirectoryUsageError(`--${option}: cannot read ${absolute}.`);
  }
  return absolute;
}

function configFrom(values: Values): DirectoryConfig {
  const text = (key: keyof typeof DIRECTORY_OPTIONS) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const url = text('url');
  const baseDn = text('base-dn');
  const userFilter = text('user-filter');
  if (!url || !baseDn || !userFilter) throw new DirectoryUsageError('set-directory needs --url, --base-dn and --user-filter.');
  const days = text('offline-days') ?? '0';
  if (!/^\d+$/.test(days)) throw new DirectoryUsageError('--offline-days takes a whole number of days (0 switches offline sign-in off).');
  return {
    url,
    baseDn,
    userFilter,
    bindDn: text('bind-dn') ?? null,
    bindPasswordFile: readableFile('bind-password-file', text('bind-password-file')),
    caFile: readableFile('ca-file', text('ca-file')),
    adminGroup: text('admin-group') ?? null,
    offlineDays: Number(days),
    insecureLoopback: values['insecure-loopback'] === true,
  };
}

function describeStatus(status: DirectoryStatus): string[] {
  if (!status.configured) return ['No directory is configured: only local accounts sign in.'];
  return [
    `Directory: ${printable(status.url!)} (${status.transport === 'plain-loopback' ? 'plain, loopback only' : status.transport})`,
    `Base DN: ${printable(status.baseDn!)}`,
    `User filter: ${printable(status.userFilter!)}`,
    `Searches as: ${status.serviceAccount ? printable(status.serviceAccount) : 'anonymous'}`,
    `CA file: ${status.caFile ? printable(status.caFile) : 'the system’s'}`,
    `Admin group: ${status.adminGroup ? printable(status.adminGroup) : 'none (directory people are never administrators)'}`,
    `Offline sign-in: ${status.offlineDays === 0 ? 'off' : `within ${status.offlineDays} day${status.offlineDays === 1 ? '' : 's'} of the last online sign-in`}`,
    `Directory accounts here: ${status.accounts} (${status.cachedCredentials} with a cached password)`,
  ];
}

/** Runs one directory command on an open core; returns the exit code (0 ok, 1 refused). */
export async function runDirectoryCommand(command: DirectoryCommand, rest: string[], values: Values, core: () => Promise<GatehouseHandle>, io: Io): Promise<number> {
  switch (command) {
    case 'set-directory': {
      const config = configFrom(values);
      const result = await (await core()).provisioning.directory.set(config);
      if (!result.ok) {
        io.err(printable(result.error.message));
        return 1;
      }
      for (const line of describeStatus(result.data.status)) io.out(line);
      io.out('Check it with: npm run gatehouse -- test-directory USERNAME --data-dir DIR');
      return 0;
    }
    case 'directory-status': {
      const handle = await core();
      const status = handle.provisioning.directory.status();
      if (values.json) io.out(JSON.stringify(status, null, 2));
      else for (const line of describeStatus(status)) io.out(line);
      if (status.configured) {
        const test = await handle.provisioning.directory.testConnection();
        io.out(printable(test.message));
      }
      return 0;
    }
    case 'test-directory': {
      const [username] = rest;
      if (!username) throw new DirectoryUsageError('test-directory needs a USERNAME.');
      const password = (await io.stdin()).split(/\r?\n/)[0] ?? '';
      if (password.length === 0) throw new DirectoryUsageError('Type the password on standard input.');
      const answer = await (await core()).provisioning.directory.testUser(username, password);
      (answer.ok ? io.out : io.err)(printable(answer.message));
      return answer.ok ? 0 : 1;
    }
    case 'clear-directory': {
      const result = await (await core()).provisioning.directory.clear();
      if (!result.ok) return 1;
      io.out('The directory is cleared: only local accounts sign in, and no cached password is kept.');
      return 0;
    }
  }
}
