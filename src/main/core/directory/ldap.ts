/**
 * The LDAP implementation of the directory port, with ldapts. Everything here is asynchronous
 * network I/O with short timeouts: a slow or dead directory costs the one sign-in that asked,
 * never the main thread or another window.
 *
 * A sign-in is: connect (TLS from the start, or StartTLS), bind as the service account (or stay
 * anonymous), search the user with the escaped filter, then bind as that user with the typed
 * password. The directory decides; its password hashes are never read.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { BerWriter, Client, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { transportOf, type DirectoryConfig } from './config';
import { escapeFilterValue, userFilter } from './filter';
import type { DirectoryAnswer, DirectoryProvider, PasswordChangeAnswer, TestAnswer } from './port';

/** The bound: a directory that does not answer a connection in 3 s is unreachable. */
export const CONNECT_TIMEOUT_MS = 3_000;
/** Each operation after that (bind, search, password modify). */
export const OPERATION_TIMEOUT_MS = 3_000;

const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

/** An error that never reached an LDAP answer: refused, timed out, reset, TLS failed, name unknown. */
function isUnreachable(error: unknown): boolean {
  return !(error instanceof ResultCodeError);
}

function reasonOf(error: unknown): string {
  if (error instanceof ResultCodeError) return `LDAP ${error.code}: ${error.message}`.slice(0, 200);
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return (typeof code === 'string' ? `${code}: ${message}` : message).slice(0, 200);
}

async function tlsOptions(config: DirectoryConfig): Promise<ConnectionOptions> {
  const host = new URL(config.url).hostname.replace(/^\[|\]$/g, '');
  const options: ConnectionOptions = { host, minVersion: 'TLSv1.2' };
  // SNI is for names only; the certificate is still checked against an IP in its SAN.
  if (isIP(host) === 0) options.servername = host;
  if (config.caFile) options.ca = await readFile(config.caFile);
  return options;
}

/** A connected (and, unless plain-loopback, encrypted) client; the caller unbinds it. */
async function connect(config: DirectoryConfig): Promise<Client> {
  const transport = transportOf(config);
  const tls = transport === 'plain-loopback' ? undefined : await tlsOptions(config);
  const client = new Client({
    url: config.url,
    connectTimeout: CONNECT_TIMEOUT_MS,
    timeout: OPERATION_TIMEOUT_MS,
    ...(transport === 'ldaps' ? { tlsOptions: tls } : {}),
  });
  try {
    if (transport === 'starttls') await client.startTLS(tls);
  } catch (error) {
    await close(client);
    throw error;
  }
  return client;
}

async function close(client: Client): Promise<void> {
  // After a failed bind too, or the open socket keeps the process alive (field notes).
  await client.unbind().catch(() => undefined);
}

async function serviceBind(client: Client, config: DirectoryConfig): Promise<void> {
  if (!config.bindDn || !config.bindPasswordFile) return;
  // Read at each use: a rotated password works without reconfiguring; never on a command line.
  const password = (await readFile(config.bindPasswordFile, 'utf8')).replace(/\r?\n$/, '');
  await client.bind(config.bindDn, password);
}

function firstValue(value: unknown): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.length > 0 ? first : null;
}

interface Found {
  dn: string;
  mail: string | null;
}

/** Exactly one entry, or null (none, or an ambiguous filter that matches several). */
async function findUser(client: Client, config: DirectoryConfig, username: string): Promise<Found | null> {
  const { searchEntries } = await client.search(config.baseDn, {
    scope: 'sub',
    filter: userFilter(config.userFilter, username),
    attributes: ['mail'],
    sizeLimit: 2,
  });
  if (searchEntries.length !== 1) return null;
  const entry = searchEntries[0]!;
  return { dn: entry.dn, mail: firstValue(entry.mail) };
}

/** Membership of the admin group, asked as the user just bound (who may read their groups). */
async function isAdmin(client: Client, config: DirectoryConfig, dn: string, username: string): Promise<boolean> {
  if (!config.adminGroup) return false;
  const member = escapeFilterValue(dn);
  try {
    const { searchEntries } = await client.search(config.adminGroup, {
      scope: 'base',
      filter: `(|(member=${member})(uniqueMember=${member})(memberUid=${escapeFilterValue(username)}))`,
      attributes: ['1.1'],
    });
    return searchEntries.length > 0;
  } catch (error) {
    if (error instanceof ResultCodeError) return false; // no such group, or not allowed to read it: not an administrator
    throw error;
  }
}

/**
 * A bind nobody can pass, for a name the search did not find: the directory is asked the same
 * number of questions whether the name exists or not, so its round trips tell less.
 */
async function decoyBind(client: Client, config: DirectoryConfig): Promise<void> {
  await client.bind(`cn=gatehouse-no-such-entry-${randomBytes(6).toString('hex')},${config.baseDn}`, randomBytes(18).toString('base64'));
}

/** Runs `work` on a connected client and turns "could not talk to it" into `unreachable`. */
async function withClient<T extends { kind: string }>(
  config: DirectoryConfig,
  work: (client: Client) => Promise<T>,
): Promise<T | { kind: 'unreachable'; reason: string } | { kind: 'failed'; reason: string }> {
  let client: Client;
  try {
    client = await connect(config);
  } catch (error) {
    return { kind: 'unreachable', reason: reasonOf(error) };
  }
  try {
    return await work(client);
  } catch (error) {
    return isUnreachable(error) ? { kind: 'unreachable', reason: reasonOf(error) } : { kind: 'failed', reason: reasonOf(error) };
  } finally {
    await close(client);
  }
}

/** RFC 3062's PasswdModifyRequestValue: SEQUENCE { oldPasswd [1], newPasswd [2] } (the bound user is the target). */
function passwordModifyValue(current: string, next: string): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeString(current, 0x81);
  writer.writeString(next, 0x82);
  writer.endSequence();
  return writer.buffer;
}

export function ldapProvider(config: DirectoryConfig): DirectoryProvider {
  return {
    authenticate: (username, password) =>
      withClient<DirectoryAnswer>(config, async (client) => {
        await serviceBind(client, config);
        const found = await findUser(client, config, username);
        // An empty password would be an "unauthenticated bind", which LDAP answers with success.
        if (!found || password.length === 0) {
          await decoyBind(client, config).catch(() => undefined);
          return { kind: 'not-found' };
        }
        try {
          await client.bind(found.dn, password);
        } catch (error) {
          if (error instanceof InvalidCredentialsError) return { kind: 'wrong-password' };
          throw error;
        }
        return { kind: 'ok', dn: found.dn, mail: found.mail, admin: await isAdmin(client, config, found.dn, username) };
      }),

    changePassword: (username, current, next) =>
      withClient<PasswordChangeAnswer>(config, async (client) => {
        await serviceBind(client, config);
        const found = await findUser(client, config, username);
        if (!found || current.length === 0) return { kind: 'wrong-password' };
        try {
          await client.bind(found.dn, current);
        } catch (error) {
          if (error instanceof InvalidCredentialsError) return { kind: 'wrong-password' };
          throw error;
        }
        try {
          await client.exop(PASSWORD_MODIFY_OID, passwordModifyValue(current, next));
        } catch (error) {
          // The directory answered: it does not offer the operation, or its policy said no.
          if (error instanceof ResultCodeError) return { kind: 'refused', code: error.code, reason: reasonOf(error) };
          throw error;
        }
        return { kind: 'ok' };
      }),

    test: () =>
      withClient<TestAnswer>(config, async (client) => {
        const started = Date.now();
        await serviceBind(client, config);
        await client.search(config.baseDn, { scope: 'base', attributes: ['1.1'] });
        return { kind: 'ok', ms: Date.now() - started };
      }),
  };
}
