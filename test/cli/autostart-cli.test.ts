/** `gatehouse autostart on|off`: the setting in a real store, the Linux entry on a real disk. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../src/cli/gatehouse';
import { openGatehouse } from '../../src/main/core';
import { tempDir } from '../support/core';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dir(): string {
  const made = tempDir();
  dirs.push(made);
  return made;
}

async function cli(args: string[], platform: NodeJS.Platform, env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdin: async () => '', out: (l) => out.push(l), err: (l) => err.push(l), platform, env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function startAtLogin(dataDir: string): Promise<boolean> {
  const core = await openGatehouse({ dataDir, bcryptCost: 4, warn: () => {} });
  try {
    return core.provisioning.policy().startAtLogin;
  } finally {
    await core.close();
  }
}

describe('gatehouse autostart', () => {
  it('on Linux writes the XDG entry (kiosk when the policy says so) and stores the setting; off removes both', async () => {
    const dataDir = dir();
    const env = { XDG_CONFIG_HOME: join(dir(), 'config') };
    const entry = join(env.XDG_CONFIG_HOME, 'autostart', 'gatehouse.desktop');
    expect((await cli(['set-policy', 'kioskMode', 'true', '--data-dir', dataDir], 'linux', env)).code).toBe(EXIT.ok);

    const on = await cli(['autostart', 'on', '--data-dir', dataDir, '--exec', '/opt/Gatehouse/gatehouse'], 'linux', env);
    expect(on).toMatchObject({ code: EXIT.ok, out: `Gatehouse will start at login in kiosk mode: wrote ${entry}.` });
    expect(readFileSync(entry, 'utf8')).toContain(`\nExec=/opt/Gatehouse/gatehouse --kiosk --data-dir=${dataDir}\n`);
    expect(await startAtLogin(dataDir)).toBe(true);

    const off = await cli(['autostart', 'off', '--data-dir', dataDir], 'linux', env);
    expect(off).toMatchObject({ code: EXIT.ok, out: `Gatehouse will not start at login: removed ${entry}.` });
    expect(existsSync(entry)).toBe(false);
    expect(await startAtLogin(dataDir)).toBe(false);
  });

  it('--kiosk asks for kiosk mode; the default program is the gatehouse command the .deb installs', async () => {
    const dataDir = dir();
    const env = { XDG_CONFIG_HOME: join(dir(), 'config') };
    expect((await cli(['autostart', 'on', '--kiosk', '--data-dir', dataDir], 'linux', env)).code).toBe(EXIT.ok);
    expect(readFileSync(join(env.XDG_CONFIG_HOME, 'autostart', 'gatehouse.desktop'), 'utf8')).toContain(`\nExec=gatehouse --kiosk --data-dir=${dataDir}\n`);
  });

  it('on macOS and Windows stores the setting and says the app, not the CLI, sets the login item', async () => {
    const dataDir = dir();
    const env = { XDG_CONFIG_HOME: join(dir(), 'config') };
    const mac = await cli(['autostart', 'on', '--data-dir', dataDir], 'darwin', env);
    expect(mac.code).toBe(EXIT.ok);
    expect(mac.out).toMatch(/cannot set the macOS login item .* Gatehouse does it the next time it starts/);
    expect((await cli(['autostart', 'on', '--data-dir', dataDir], 'win32', env)).out).toMatch(/Windows login item/);
    expect(existsSync(join(env.XDG_CONFIG_HOME, 'autostart'))).toBe(false);
    expect(await startAtLogin(dataDir)).toBe(true);
  });

  it('takes only on or off', async () => {
    expect((await cli(['autostart', 'maybe', '--data-dir', dir()], 'linux', {})).code).toBe(EXIT.usage);
    expect((await cli(['autostart', '--data-dir', dir()], 'linux', {})).code).toBe(EXIT.usage);
  });
});
