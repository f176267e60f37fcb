/**
 * Options first, then environment variables, then defaults: the data folder, the bcrypt cost
 * (12 by default, never below 4, a warning below 12) and the policy (defaults, what is stored in
 * the settings table, the options the core was opened with).
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_POLICY, openGatehouse, type GatehouseHandle } from '../../src/main/core';
import { resolveConfig } from '../../src/main/core/config';
import {
  DAY,
  HOUR,
  MINUTE,
  editFile,
  expectError,
  expectOk,
  openTestCore,
  registration,
  storedUser,
  tempDir,
  type TestCore,
} from '../support/core';

let t: TestCore | undefined;
let core: GatehouseHandle | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  await core?.close();
  t = undefined;
  core = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('resolveConfig', () => {
  const quiet = () => {};

  it('needs a data folder from the options or GATEHOUSE_DATA_DIR, the option winning', () => {
    expect(() => resolveConfig({}, {}, quiet)).toThrow(/GATEHOUSE_DATA_DIR/);
    expect(resolveConfig({}, { GATEHOUSE_DATA_DIR: '/from/env' }, quiet).dataDir).toBe('/from/env');
    expect(resolveConfig({ dataDir: '/from/option' }, { GATEHOUSE_DATA_DIR: '/from/env' }, quiet).dataDir).toBe('/from/option');
  });

  it('uses bcrypt cost 12 by default, silently', () => {
    const warn = vi.fn();
    expect(resolveConfig({ dataDir: '/d' }, {}, warn).bcryptCost).toBe(12);
    expect(resolveConfig({ dataDir: '/d' }, { GATEHOUSE_BCRYPT_COST: '  ' }, warn).bcryptCost).toBe(12);
    expect(warn).not.toHaveBeenCalled();
  });

  it('lets GATEHOUSE_BCRYPT_COST lower it, with a warning; the option wins over the variable', () => {
    const warn = vi.fn();
    expect(resolveConfig({ dataDir: '/d' }, { GATEHOUSE_BCRYPT_COST: '4' }, warn).bcryptCost).toBe(4);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/cost 4 .*tests only/));
    expect(resolveConfig({ dataDir: '/d', bcryptCost: 13 }, { GATEHOUSE_BCRYPT_COST: '4' }, warn).bcryptCost).toBe(13);
  });

  it.each([['3'], ['0'], ['-1'], ['16'], ['4.5'], ['twelve'], ['1e1x']])('refuses GATEHOUSE_BCRYPT_COST=%j', (value) => {
    expect(() => resolveConfig({ dataDir: '/d' }, { GATEHOUSE_BCRYPT_COST: value }, quiet)).toThrow(/4 to 15/);
  });

  it.each([[3], [16], [4.5], [Number.NaN]])('refuses the bcryptCost option %j', (cost) => {
    expect(() => resolveConfig({ dataDir: '/d', bcryptCost: cost }, {}, quiet)).toThrow(/4 to 15/);
  });
});

describe('openGatehouse and the environment', () => {
  it('opens the folder named by GATEHOUSE_DATA_DIR and hashes at GATEHOUSE_BCRYPT_COST, warning about it', async () => {
    const dir = tempDir();
    dirs.push(dir);
    vi.stubEnv('GATEHOUSE_DATA_DIR', dir);
    vi.stubEnv('GATEHOUSE_BCRYPT_COST', '5');
    const warnings: string[] = [];
    core = await openGatehouse({ warn: (message) => warnings.push(message) });
    expect(core.dataDir).toBe(dir);
    expectOk(await core.invoke('auth:register', registration('alice'), { windowId: 1, fromAppPage: true }));
    expect((await storedUser(dir, 'alice'))?.password_hash).toMatch(/^\$2b\$05\$/);
    expect(warnings.join('\n')).toMatch(/bcrypt cost 5/);
  });
});

describe('policy', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_POLICY).toMatchObject({
      selfRegistration: true,
      minPasswordLength: 8,
      lockoutThreshold: 5,
      lockoutDurationMs: 15 * MINUTE,
      idleTimeoutMs: 15 * MINUTE,
      sessionLifetimeMs: 12 * HOUR,
      rememberAllowed: false, // issue 11: off unless an administrator allows it
      rememberLifetimeMs: 30 * DAY,
    });
  });

  it('reads what is stored in the settings table, ignores damaged values, and lets options override', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('alice')));
    await t.core.close();
    await editFile(t.dir, (db) => {
      db.run("INSERT INTO settings (key, value) VALUES ('selfRegistration', 'false')");
      db.run("INSERT INTO settings (key, value) VALUES ('minPasswordLength', '{broken')");
      db.run("INSERT INTO settings (key, value) VALUES ('lockoutThreshold', '\"3\"')"); // wrong type
    });
    await t.reopen();
    expectError(await t.call('auth:register', registration('bob'), 2), 'REGISTRATION_CLOSED');
    expect(expectOk(await t.call('app:info', {})).policy).toMatchObject({ selfRegistration: false, minPasswordLength: 8 });
    for (let i = 0; i < 4; i++) expectError(await t.call('auth:login', { identifier: 'alice', password: 'wrong password' }, 3), 'INVALID_CREDENTIALS');

    await t.reopen({ policy: { selfRegistration: true } });
    expectOk(await t.call('auth:register', registration('bob'), 2));
  });
});
