/**
 * The LDAP provider against a real slapd (issue 16 §2): search then bind, filter injection,
 * TLS rules, service account, timeouts that never block the event loop.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configProblems } from '../../src/main/core/directory/config';
import { userFilter } from '../../src/main/core/directory/filter';
import { CONNECT_TIMEOUT_MS, ldapProvider } from '../../src/main/core/directory/ldap';
import { freePort, personDn, SERVICE_DN, SERVICE_PASSWORD, SLAPD_MISSING, startSlapd, testDirectoryConfig, type Slapd } from '../support/slapd';

describe('the user filter (RFC 4515)', () => {
  it('escapes every character that could widen or close the filter', () => {
    expect(userFilter('(uid={username})', '*')).toBe('(uid=\\2a)');
    expect(userFilter('(uid={username})', 'a)(uid=*')).toBe('(uid=a\\29\\28uid=\\2a)');
    expect(userFilter('(uid={username})', 'back\\slash')).toBe('(uid=back\\5cslash)');
    expect(userFilter('(uid={username})', 'nul\u0000')).toBe('(uid=nul\\00)');
    expect(userFilter('(|(uid={username})(mail={username}))', '$&')).toBe('(|(uid=$&)(mail=$&))');
  });
});

describe('directory configuration rules', () => {
  const base = testDirectoryConfig('ldap://127.0.0.1:389');
  it('allows plain ldap:// only to loopback with the flag; TLS everywhere else', () => {
    expect(configProblems(base)).toEqual([]);
    expect(configProblems({ ...base, url: 'ldap://[::1]:389' })).toEqual([]);
    expect(configProblems({ ...base, url: 'ldap://ldap.example.org', insecureLoopback: true }).join()).toMatch(/only to a loopback/);
    expect(configProblems({ ...base, url: 'ldap://10.0.0.5', insecureLoopback: true }).join()).toMatch(/only to a loopback/);
    // Without the flag ldap:// means StartTLS, which is fine anywhere.
    expect(configProblems({ ...base, url: 'ldap://ldap.example.org', insecureLoopback: false })).toEqual([]);
    expect(configProblems({ ...base, url: 'ldaps://ldap.example.org', insecureLoopback: false })).toEqual([]);
    expect(configProblems({ ...base, url: 'http://ldap.example.org', insecureLoopback: false }).join()).toMatch(/ldaps:\/\/ or ldap:\/\//);
  });
  it('needs {username} in a valid filter, and a bind DN with its password file', () => {
    expect(configProblems({ ...base, userFilter: '(uid=alice)' }).join()).toMatch(/\{username\}/);
    expect(configProblems({ ...base, userFilter: '(uid={username}' }).join()).toMatch(/not a valid LDAP filter/);
    expect(configProblems({ ...base, bindDn: SERVICE_DN }).join()).toMatch(/go together/);
    expect(configProblems({ ...base, offlineDays: -1 }).join()).toMatch(/offline-days/);
  });
});

describe.skipIf(SLAPD_MISSING)('the LDAP provider against slapd', () => {
  let slapd: Slapd;
  let tlsSlapd: Slapd;
  beforeAll(async () => {
    [slapd, tlsSlapd] = await Promise.all([startSlapd(), startSlapd({ tls: true })]);
  });
  afterAll(async () => {
    await Promise.all([slapd?.destroy(), tlsSlapd?.destroy()]);
  });

  it('finds the person, binds as them, and reads the admin group', async () => {
    const provider = ldapProvider(testDirectoryConfig(slapd.url));
    expect(await provider.authenticate('ada', 'ada directory password')).toEqual({ kind: 'ok', dn: personDn('ada'), mail: 'ada@example.org', admin: true });
    expect(await provider.authenticate('grace', 'grace directory password')).toMatchObject({ kind: 'ok', admin: false });
    expect(await provider.authenticate('grace', 'wrong')).toEqual({ kind: 'wrong-password' });
    expect(await provider.authenticate('nobody', 'whatever')).toEqual({ kind: 'not-found' });
    // LDAP answers an empty password with an anonymous "success": never asked.
    expect(await provider.authenticate('grace', '')).toEqual({ kind: 'not-found' });
  });

  it('never lets *, (, ), \\ or NUL in a name widen the search', async () => {
    const provider = ldapProvider(testDirectoryConfig(slapd.url));
    // Each of these, unescaped, would match some or all people (or break the filter).
    for (const name of ['*', 'gr*', '*)(uid=*', 'grace)(|(uid=*', 'gr\\2a', '\\', 'grace\u0000', 'ada)(objectClass=*']) {
      const answer = await provider.authenticate(name, 'grace directory password');
      expect(answer, JSON.stringify(name)).toEqual({ kind: 'not-found' });
    }
    // An OR filter template too: the name stays one value in each clause.
    const either = ldapProvider(testDirectoryConfig(slapd.url, { userFilter: '(|(uid={username})(mail={username}))' }));
    expect(await either.authenticate('*', 'grace directory password')).toEqual({ kind: 'not-found' });
    expect(await either.authenticate('grace@example.org', 'grace directory password')).toMatchObject({ kind: 'ok', dn: personDn('grace') });
  });

  it('searches as the service account, its password read from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bindpw-'));
    const file = join(dir, 'bind-password');
    writeFileSync(file, `${SERVICE_PASSWORD}\n`);
    const provider = ldapProvider(testDirectoryConfig(slapd.url, { bindDn: SERVICE_DN, bindPasswordFile: file }));
    expect(await provider.authenticate('grace', 'grace directory password')).toMatchObject({ kind: 'ok' });
    expect(await provider.test()).toMatchObject({ kind: 'ok' });
    writeFileSync(file, 'not the service password');
    expect(await provider.authenticate('grace', 'grace directory password')).toMatchObject({ kind: 'failed' });
    expect(await provider.test()).toMatchObject({ kind: 'failed' });
  });

  it('StartTLS and ldaps:// with a test CA; refuses a server it cannot verify', async () => {
    const starttls = testDirectoryConfig(tlsSlapd.url, { insecureLoopback: false, caFile: tlsSlapd.caFile });
    expect(await ldapProvider(starttls).authenticate('grace', 'grace directory password')).toMatchObject({ kind: 'ok' });
    const ldaps = testDirectoryConfig(tlsSlapd.url, { url: tlsSlapd.ldapsUrl!, insecureLoopback: false, caFile: tlsSlapd.caFile });
    expect(await ldapProvider(ldaps).authenticate('ada', 'ada directory password')).toMatchObject({ kind: 'ok', admin: true });
    // Without the CA the certificate is not trusted: no conversation, so no password is sent.
    expect(await ldapProvider({ ...starttls, caFile: null }).authenticate('grace', 'grace directory password')).toMatchObject({ kind: 'unreachable' });
    // A server without TLS at all: StartTLS fails before any bind, the password never leaves.
    expect(await ldapProvider(testDirectoryConfig(slapd.url, { insecureLoopback: false })).authenticate('grace', 'grace directory password')).toMatchObject({
      kind: expect.stringMatching(/unreachable|failed/),
    });
  });

  it('password modify (RFC 3062) with the current password', async () => {
    await slapd.addPerson({ uid: 'modify-me', password: 'first password here' });
    const provider = ldapProvider(testDirectoryConfig(slapd.url));
    expect(await provider.changePassword('modify-me', 'not it', 'second password here')).toEqual({ kind: 'wrong-password' });
    expect(await provider.changePassword('modify-me', 'first password here', 'second password here')).toEqual({ kind: 'ok' });
    expect(await provider.authenticate('modify-me', 'first password here')).toEqual({ kind: 'wrong-password' });
    expect(await provider.authenticate('modify-me', 'second password here')).toMatchObject({ kind: 'ok' });
  });
});

describe('an unreachable directory', () => {
  let silent: Server;
  let silentPort: number;
  beforeAll(async () => {
    // Accepts the connection and never says a word: the worst kind of slow directory.
    silent = createServer((socket) => socket.resume()); // reads (so it sees the client hang up), never writes
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

  it('answers unreachable at once when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    expect(await ldapProvider(testDirectoryConfig(`ldap://127.0.0.1:${port}`)).authenticate('grace', 'x')).toMatchObject({ kind: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up on a silent server within the timeouts while the event loop keeps turning', async () => {
    let ticks = 0;
    let worstGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const started = Date.now();
    const answer = await ldapProvider(testDirectoryConfig(`ldap://127.0.0.1:${silentPort}`)).authenticate('grace', 'x');
    const took = Date.now() - started;
    clearInterval(timer);
    expect(answer).toMatchObject({ kind: 'unreachable' });
    expect(took).toBeLessThan(CONNECT_TIMEOUT_MS + 1_500);
    expect(ticks).toBeGreaterThan(took / 40);
    expect(worstGap).toBeLessThan(250);
  });
});
