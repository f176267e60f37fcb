/**
 * A real OpenLDAP for the directory tests (issue 16): each test file starts its own `slapd` on a
 * random loopback port, with a throwaway config and mdb data folder, seeds it with people and an
 * admin group as the rootdn, and stops it by its pid. No systemd, no shared state.
 *
 * Where slapd is not installed the suites are skipped (`SLAPD_MISSING`), counted as skipped, and
 * `npm test` prints one line saying so; `.ci/run` installs slapd and ldap-utils, so CI always runs them.
 *
 * Optional TLS: a throwaway CA and a server certificate for 127.0.0.1, generated offline with
 * openssl, served both as StartTLS on the ldap:// port and as ldaps:// on a second port.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute as AttributeClass, Change as ChangeClass, Client } from 'ldapts';
import type { DirectoryConfig } from '../../src/main/core/directory/config';

export const SLAPD_BIN = ['/usr/sbin/slapd', '/usr/local/libexec/slapd', '/usr/libexec/slapd'].find((path) => existsSync(path)) ?? null;
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = ['/usr/lib/ldap', '/usr/lib/openldap', '/usr/lib64/openldap'].find((path) => existsSync(path)) ?? '/usr/lib/ldap';

/**
 * Whether this machine can run the directory suites. When not, they are `describe.skipIf`-ped
 * (vitest counts them as skipped) and scripts/test.mjs prints the one line that says why.
 */
export const SLAPD_MISSING = SLAPD_BIN === null || !existsSync(join(SCHEMA_DIR, 'core.schema'));

export const BASE_DN = 'dc=example,dc=org';
export const ROOT_DN = `cn=admin,${BASE_DN}`;
export const ROOT_PASSWORD = 'root-secret';
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const ADMIN_GROUP_DN = `cn=gatehouse-admins,ou=groups,${BASE_DN}`;
export const SERVICE_DN = `cn=gatehouse-service,${BASE_DN}`;
export const SERVICE_PASSWORD = 'service-secret';

export interface Person {
  uid: string;
  password: string;
  mail?: string;
  admin?: boolean;
}

/**
 * A seeded person whose directory does not let them change their own password (an ACL gives them
 * no write on userPassword), as many organisations do: the refusal path of RFC 3062.
 */
export const FIXED_PASSWORD_UID = 'fixed';

/** The seed: an administrator, two ordinary people, a name that is also a local account in some tests, and one who cannot change their password. */
export const PEOPLE: Person[] = [
  { uid: 'ada', password: 'ada directory password', mail: 'ada@example.org', admin: true },
  { uid: 'grace', password: 'grace directory password', mail: 'grace@example.org' },
  { uid: 'linus', password: 'linus directory password' },
  { uid: 'shared', password: 'shared directory password' },
  { uid: FIXED_PASSWORD_UID, password: 'fixed directory password' },
];

/** Gatehouse's directory settings for a test slapd: plain LDAP on loopback, the seeded admin group. */
export function testDirectoryConfig(url: string, extra: Partial<DirectoryConfig> = {}): DirectoryConfig {
  return {
    url,
    baseDn: BASE_DN,
    userFilter: '(uid={username})',
    bindDn: null,
    bindPasswordFile: null,
    caFile: null,
    adminGroup: ADMIN_GROUP_DN,
    offlineDays: 0,
    insecureLoopback: true,
    ...extra,
  };
}

export function personDn(uid: string): string {
  return `uid=${uid},${PEOPLE_DN}`;
}

export interface Slapd {
  url: string;
  /** ldaps:// on its own port, when started with tls. */
  ldapsUrl: string | null;
  /** The test CA's PEM file, when started with tls. */
  caFile: string | null;
  port: number;
  pid: number;
  dir: string;
  /** A client bound as the rootdn, for changing the directory mid-test. */
  admin<T>(run: (client: Client) => Promise<T>): Promise<T>;
  addPerson(person: Person): Promise<void>;
  deletePerson(uid: string): Promise<void>;
  setPassword(uid: string, password: string): Promise<void>;
  setAdmin(uid: string, admin: boolean): Promise<void>;
  /** Kills slapd (the directory becomes unreachable); data stays for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  destroy(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function hashForSlapd(password: string): string {
  return execFileSync('/usr/sbin/slappasswd', ['-h', '{SSHA}', '-s', password], { encoding: 'utf8' }).trim();
}

/** A CA and a server certificate for 127.0.0.1, all made here, offline, in about 100 ms. */
function makeTestCa(dir: string): { ca: string; cert: string; key: string } {
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const key = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const cert = join(dir, 'server.pem');
  const ext = join(dir, 'server.ext');
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=Gatehouse test CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1']);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
  return { ca, cert, key };
}

function slapdConf(dir: string, tls: { ca: string; cert: string; key: string } | null): string {
  return [
    ...['core', 'cosine', 'inetorgperson', 'nis'].map((name) => `include ${SCHEMA_DIR}/${name}.schema`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `modulepath ${MODULE_DIR}`,
    'moduleload back_mdb',
    ...(tls ? [`TLSCACertificateFile ${tls.ca}`, `TLSCertificateFile ${tls.cert}`, `TLSCertificateKeyFile ${tls.key}`] : []),
    'database mdb',
    'maxsize 10485760',
    `suffix "${BASE_DN}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${hashForSlapd(ROOT_PASSWORD)}`,
    `directory ${join(dir, 'data')}`,
    // FIXED_PASSWORD_UID may bind but not change their password; slapd uses the first matching rule.
    `access to dn.exact="${personDn(FIXED_PASSWORD_UID)}" attrs=userPassword by anonymous auth by self =x by * none`,
    // People may change their own password (RFC 3062), nobody reads a hash; the rest is readable.
    'access to attrs=userPassword by self =xw by anonymous auth by * none',
    'access to * by * read',
    '',
  ].join('\n');
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}`);
    const client = new Client({ url, connectTimeout: 500 });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
  throw new Error(`slapd did not answer at ${url}: ${String(lastError)}`);
}

export async function startSlapd(options: { tls?: boolean } = {}): Promise<Slapd> {
  if (SLAPD_MISSING) throw new Error('slapd is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-slapd-'));
  mkdirSync(join(dir, 'data'));
  const tls = options.tls ? makeTestCa(dir) : null;
  writeFileSync(join(dir, 'slapd.conf'), slapdConf(dir, tls));
  const port = await freePort();
  const tlsPort = tls ? await freePort() : null;
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : null;
  let child: ChildProcess | null = null;

  const start = async () => {
    const listeners = [`${url}/`, ...(ldapsUrl ? [`${ldapsUrl}/`] : [])].join(' ');
    // -d 0 keeps it in the foreground, so the pid we hold is slapd's own.
    child = spawn(SLAPD_BIN!, ['-d', '0', '-h', listeners, '-f', join(dir, 'slapd.conf')], { stdio: 'ignore' });
    await waitUntilServing(url, child);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    process.kill(running.pid!, 'SIGTERM');
    await exited;
  };

  const admin = async <T>(run: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url, connectTimeout: 2_000 });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return await run(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };

  const slapd: Slapd = {
    url,
    ldapsUrl,
    caFile: tls?.ca ?? null,
    port,
    get pid() {
      return child?.pid ?? -1;
    },
    dir,
    admin,
    addPerson: (person) =>
      admin(async (client) => {
        await client.add(personDn(person.uid), {
          objectClass: ['inetOrgPerson'],
          uid: person.uid,
          cn: person.uid,
          sn: person.uid,
          userPassword: person.password,
          ...(person.mail ? { mail: person.mail } : {}),
        });
        if (person.admin) await slapd.setAdmin(person.uid, true);
      }),
    deletePerson: (uid) => admin((client) => client.del(personDn(uid))),
    setPassword: (uid, password) =>
      admin((client) => client.modify(personDn(uid), new ChangeClass({ operation: 'replace', modification: new AttributeClass({ type: 'userPassword', values: [password] }) }))),
    setAdmin: (uid, isAdmin) =>
      admin((client) =>
        client.modify(
          ADMIN_GROUP_DN,
          new ChangeClass({ operation: isAdmin ? 'add' : 'delete', modification: new AttributeClass({ type: 'member', values: [personDn(uid)] }) }),
        ),
      ),
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };

  await start();
  await admin(async (client) => {
    await client.add(BASE_DN, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' });
    await client.add(PEOPLE_DN, { objectClass: ['organizationalUnit'], ou: 'people' });
    await client.add(`ou=groups,${BASE_DN}`, { objectClass: ['organizationalUnit'], ou: 'groups' });
    await client.add(SERVICE_DN, { objectClass: ['person'], cn: 'gatehouse-service', sn: 'service', userPassword: SERVICE_PASSWORD });
    // groupOfNames needs one member; the rootdn holds the place so the group can become "empty".
    await client.add(ADMIN_GROUP_DN, { objectClass: ['groupOfNames'], cn: 'gatehouse-admins', member: [ROOT_DN] });
  });
  for (const person of PEOPLE) await slapd.addPerson(person);
  return slapd;
}
