/** The provisioning CLI on a real store: in-process for the rules, as a process for exit codes. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, parsePolicyArgument } from '../../src/cli/gatehouse';
import { DEFAULT_POLICY, openGatehouse } from '../../src/main/core';
import { STRONG_PASSWORD, tempDir } from '../support/core';
import { cli } from '../support/cli';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
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

  it('sets durations written with a unit, and says the unit back', async () => {
    const dir = dataDir();
    const idle = await cli(['set-policy', 'idleTimeoutMs', '2m', '--data-dir', dir]);
    expect(idle).toMatchObject({ code: EXIT.ok, out: 'idleTimeoutMs is now 2m (2 minutes).' });
    expect((await cli(['set-policy', 'rememberLifetimeMs', '30d', '--data-dir', dir])).out).toBe('rememberLifetimeMs is now 30d (30 days).');
    expect((await cli(['set-policy', 'sessionLifetimeMs', '12h', '--data-dir', dir])).out).toBe('sessionLifetimeMs is now 12h (12 hours).');
    // 120s is 2 minutes: the unit is the writer's choice, the reply shows the shortest form.
    expect((await cli(['set-policy', 'lockoutDurationMs', '120s', '--data-dir', dir])).out).toBe('lockoutDurationMs is now 2m (2 minutes).');
    expect((await cli(['set-policy', 'lockoutThreshold', '7', '--data-dir', dir])).out).toBe('lockoutThreshold is now 7 attempts.');
    expect((await cli(['set-policy', 'selfRegistration', 'false', '--data-dir', dir])).out).toBe('selfRegistration is now false.');
    const core = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
    expect(core.provisioning.policy()).toMatchObject({
      idleTimeoutMs: 120_000,
      rememberLifetimeMs: 30 * 86_400_000,
      sessionLifetimeMs: 12 * 3_600_000,
      lockoutDurationMs: 120_000,
      lockoutThreshold: 7,
      selfRegistration: false,
    });
    await core.close();
  });

  it('refuses a duration without a unit, changing nothing', async () => {
    const dir = dataDir();
    const bare = await cli(['set-policy', 'idleTimeoutMs', '15', '--data-dir', dir]);
    expect(bare.code).toBe(EXIT.usage);
    expect(bare.err).toMatch(/^idleTimeoutMs: "15" has no unit; write a whole number with a unit: s, m, h or d \(e\.g\. 90s, 15m, 12h, 30d\)\./);
    for (const hostile of ['15 m', '1.5h', '-5m', '15min', '15M', '1e3s', '0x10m', '']) {
      expect((await cli(['set-policy', 'idleTimeoutMs', hostile, '--data-dir', dir])).code, hostile).toBe(EXIT.usage);
    }
    expect((await cli(['set-policy', 'lockoutThreshold', '5m', '--data-dir', dir])).err).toMatch(/whole number of attempts/);
    const core = await openGatehouse({ dataDir: dir, bcryptCost: 4, warn: () => {} });
    expect(core.provisioning.policy().idleTimeoutMs).toBe(DEFAULT_POLICY.idleTimeoutMs);
    await core.close();
  });

  it('refuses what is out of range, in the unit of the setting', async () => {
    const dir = dataDir();
    const outOfRange = await cli(['set-policy', 'lockoutThreshold', '0', '--data-dir', dir]);
    expect(outOfRange.code).toBe(EXIT.refused);
    expect(outOfRange.err).toMatch(/from 1 to 100/);
    const tooShort = await cli(['set-policy', 'idleTimeoutMs', '30s', '--data-dir', dir]);
    expect(tooShort.code).toBe(EXIT.refused);
    expect(tooShort.err).toMatch(/whole number of minutes from 1 to 1440/);
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
      // README's provisioning section quotes this answer.
      expect(locked.err).toMatch(/^Another Gatehouse \(process \d+\) is already using this data folder \(.*\)\. Close it first, or choose another folder with --data-dir\.$/m);
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
