/** The provisioning CLI on a real store: in-process for the rules, as a process for exit codes. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, EXIT, parsePolicyArgument } from '../../src/main/cli';
import { openGatehouse } from '../../src/main/core';
import { STRONG_PASSWORD, tempDir } from '../support/core';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

async function cli(args: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdin: async () => stdin, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('gatehouse CLI', () => {
  it('creates an admin from a password on stdin, who can then sign in', async () => {
    const dir = dataDir();
    const made = await cli(['create-user', '--data-dir', dir, '--username', 'kiosk-admin', '--email', 'k@example.com', '--admin'], `${STRONG_PASSWORD}\n`);
    expect(made).toMatchObject({ code: EXIT.ok });
    expect(made.out).toContain('Created admin kiosk-admin');
    const listed = await cli(['list-users', '--data-dir', dir, '--json']);
    expect(JSON.parse(listed.out)).toMatchObject([{ username: 'kiosk-admin', role: 'admin', active: true, mustChangePassword: false }]);

    const core = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
    const signedIn = await core.invoke('auth:login', { identifier: 'kiosk-admin', password: STRONG_PASSWORD }, { windowId: 1, fromAppPage: true });
    await core.close();
    expect(signedIn.ok).toBe(true);
  });

  it('applies the same rules as the app and says which failed', async () => {
    const dir = dataDir();
    const refused = await cli(['create-user', '--data-dir', dir, '--username', 'x', '--email', 'nope', '--admin'], 'password\n');
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toMatch(/username: Use 3 to 30 characters/);
    expect(refused.err).toMatch(/email: Enter an email address/);
    expect(refused.err).toMatch(/password: .*most commonly used/);
    expect(JSON.parse((await cli(['list-users', '--data-dir', dir, '--json'])).out)).toEqual([]);
  });

  it('sets policy in the unit the Settings screen uses, refusing what is out of range', async () => {
    const dir = dataDir();
    expect((await cli(['set-policy', 'idleTimeoutMs', '2', '--data-dir', dir])).code).toBe(EXIT.ok);
    expect((await cli(['set-policy', 'selfRegistration', 'false', '--data-dir', dir])).code).toBe(EXIT.ok);
    const outOfRange = await cli(['set-policy', 'lockoutThreshold', '0', '--data-dir', dir]);
    expect(outOfRange.code).toBe(EXIT.refused);
    expect(outOfRange.err).toMatch(/from 1 to 100/);
    const core = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
    expect(core.provisioning.policy()).toMatchObject({ idleTimeoutMs: 120_000, selfRegistration: false, lockoutThreshold: 5 });
    await core.close();
  });

  it('answers usage errors with exit 2', async () => {
    expect((await cli([])).code).toBe(EXIT.usage);
    expect((await cli(['frobnicate', '--data-dir', dataDir()])).code).toBe(EXIT.usage);
    expect((await cli(['set-policy', 'noSuchKey', '1', '--data-dir', dataDir()])).code).toBe(EXIT.usage);
    expect((await cli(['create-user', '--data-dir', dataDir(), '--username', 'a1b2'])).code).toBe(EXIT.usage);
    expect((await cli(['list-users', '--bogus-flag'])).code).toBe(EXIT.usage);
    expect(() => parsePolicyArgument('rememberAllowed', 'yes')).toThrow(/true or false/);
  });

  it('refuses with exit 3 while the app holds the data folder', async () => {
    const dir = dataDir();
    const app = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
    try {
      const locked = await cli(['list-users', '--data-dir', dir]);
      expect(locked.code).toBe(EXIT.store);
      expect(locked.err).toMatch(/already using this data folder/);
    } finally {
      await app.close();
    }
  });

  it('runs as `npm run gatehouse` with real exit codes and stdin', () => {
    const dir = dataDir();
    const run = (args: string[], input = '') =>
      spawnSync(process.execPath, ['scripts/gatehouse-cli.mjs', ...args], { input, encoding: 'utf8', env: { ...process.env, GATEHOUSE_BCRYPT_COST: '4' } });
    const made = run(['create-user', '--data-dir', dir, '--username', 'provisioned', '--email', 'p@example.com'], `${STRONG_PASSWORD}\n`);
    expect(made.status, made.stderr).toBe(0);
    expect(run(['list-users', '--data-dir', dir]).stdout).toMatch(/^provisioned\tp@example.com\tuser\tactive$/m);
    expect(run(['set-policy', 'minPasswordLength', '3', '--data-dir', dir]).status).toBe(1);
    expect(run(['nonsense', '--data-dir', dir]).status).toBe(2);
  }, 60_000);
});
