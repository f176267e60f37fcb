/** The directory's CLI commands on a real store and a real slapd (issue 16 §Configuration). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/gatehouse';
import { openGatehouse } from '../../src/main/core';
import { STRONG_PASSWORD, tempDir } from '../support/core';
import { ADMIN_GROUP_DN, BASE_DN, SERVICE_DN, SERVICE_PASSWORD, SLAPD_MISSING, startSlapd, type Slapd } from '../support/slapd';
import { cli } from '../support/cli';

describe.skipIf(SLAPD_MISSING)('gatehouse CLI: the directory', () => {
  let slapd: Slapd;
  let dir: string;
  let secrets: string;
  beforeAll(async () => {
    slapd = await startSlapd();
    dir = tempDir();
    secrets = mkdtempSync(join(tmpdir(), 'gatehouse-secrets-'));
    writeFileSync(join(secrets, 'bind-password'), `${SERVICE_PASSWORD}\n`);
  });
  afterAll(async () => {
    await slapd?.destroy();
    rmSync(dir, { recursive: true, force: true });
    rmSync(secrets, { recursive: true, force: true });
  });

  const setArgs = (url: string) => ['set-directory', '--data-dir', dir, '--url', url, '--base-dn', BASE_DN, '--user-filter', '(uid={username})'];

  it('sets, shows, tests and clears the directory', async () => {
    expect((await cli(setArgs(slapd.url).concat('--insecure-loopback'))).code).toBe(EXIT.refused); // no local administrator yet
    expect((await cli(['create-user', '--data-dir', dir, '--username', 'keeper', '--email', 'k@example.com', '--admin'], `${STRONG_PASSWORD}\n`)).code).toBe(EXIT.ok);

    const set = await cli(
      setArgs(slapd.url).concat(
        ['--insecure-loopback', '--bind-dn', SERVICE_DN, '--bind-password-file', join(secrets, 'bind-password'), '--admin-group', ADMIN_GROUP_DN, '--offline-days', '3'],
      ),
    );
    expect(set.code).toBe(EXIT.ok);
    expect(set.out).toContain('Offline sign-in: within 3 days');
    expect(set.out).not.toContain(SERVICE_PASSWORD);

    const status = await cli(['directory-status', '--data-dir', dir]);
    expect(status.out).toContain(`Searches as: ${SERVICE_DN}`);
    expect(status.out).toMatch(/Connected over plain-loopback and read dc=example,dc=org in \d+ ms\./);

    const good = await cli(['test-directory', 'ada', '--data-dir', dir], 'ada directory password\n');
    expect(good).toMatchObject({ code: EXIT.ok });
    expect(good.out).toContain('an administrator');
    expect((await cli(['test-directory', 'ada', '--data-dir', dir], 'wrong\n')).code).toBe(EXIT.refused);
    expect((await cli(['test-directory', '*', '--data-dir', dir], 'ada directory password\n')).err).toContain('matches no single entry');

    // A directory person who signed in here: listed as such, and reset-password says why it refuses.
    const core = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
    try {
      const signedIn = await core.invoke('auth:login', { identifier: 'grace', password: 'grace directory password' }, { windowId: 1, fromAppPage: true });
      expect(signedIn.ok).toBe(true);
    } finally {
      await core.close();
    }
    const listed = (await cli(['list-users', '--data-dir', dir])).out.split('\n');
    expect(listed).toContain('grace\tgrace@example.org\tuser\tactive\tdirectory');
    expect(listed.find((line) => line.startsWith('keeper\t'))).not.toContain('directory');
    const reset = await cli(['reset-password', 'grace', '--data-dir', dir]);
    expect(reset.code).toBe(EXIT.refused);
    expect(reset.err).toContain("grace signs in with the organisation's directory: their password is reset there, not here.");

    const cleared = await cli(['clear-directory', '--data-dir', dir]);
    expect(cleared.code).toBe(EXIT.ok);
    expect((await cli(['directory-status', '--data-dir', dir])).out).toContain('No directory is configured');
  });

  it('refuses plain LDAP away from loopback, and usage mistakes', async () => {
    const plainRemote = await cli(setArgs('ldap://ldap.example.org').concat('--insecure-loopback'));
    expect(plainRemote.code).toBe(EXIT.refused);
    expect(plainRemote.err).toContain('only to a loopback address');
    expect((await cli(['set-directory', '--data-dir', dir, '--url', slapd.url])).code).toBe(EXIT.usage);
    expect((await cli(setArgs(slapd.url).concat('--offline-days', 'a week'))).code).toBe(EXIT.usage);
    expect((await cli(setArgs(slapd.url).concat('--bind-dn', SERVICE_DN, '--bind-password-file', '/nonexistent/file'))).code).toBe(EXIT.usage);
    // A password on the command line is not an option at all.
    expect((await cli(setArgs(slapd.url).concat('--bind-password', SERVICE_PASSWORD))).code).toBe(EXIT.usage);
  });
});
