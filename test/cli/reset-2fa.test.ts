/** Issue 13 in the CLI: `reset-2fa` for a lost phone with the app stopped, and `set-policy twoStepPolicy`. */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../src/cli/gatehouse';
import { openGatehouse } from '../../src/main/core';
import { STRONG_PASSWORD, TEST_COST, auditRows, tempDir } from '../support/core';
import { phoneCode } from '../support/two-step';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdin: async () => '', out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const caller = { windowId: 1, fromAppPage: true };

describe('gatehouse reset-2fa', () => {
  it('turns it off for someone who lost their phone; they set it up again at the next sign-in', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let core = await openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn: () => {} });
    await core.invoke('auth:register', { username: 'alice', email: 'alice@example.com', password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD }, caller);
    const setup = (await core.invoke('two-step:begin-setup', {}, caller)) as { ok: true; data: { secret: string } };
    expect((await core.invoke('two-step:confirm-setup', { code: phoneCode(setup.data.secret, Date.now()) }, caller)).ok).toBe(true);
    await core.close();

    expect(await cli(['reset-2fa', 'nobody', '--data-dir', dir])).toMatchObject({ code: EXIT.refused });
    const reset = await cli(['reset-2fa', 'alice@example.com', '--data-dir', dir]);
    expect(reset).toMatchObject({ code: EXIT.ok });
    expect(reset.out).toContain('Two-step verification is off for alice');
    expect(await cli(['reset-2fa', 'alice', '--data-dir', dir])).toMatchObject({ code: EXIT.refused });
    expect(await cli(['reset-2fa', '--data-dir', dir])).toMatchObject({ code: EXIT.usage });
    expect((await auditRows(dir, 'admin_reset_two_step')).length).toBe(1);

    core = await openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn: () => {} });
    const signedIn = await core.invoke('auth:login', { identifier: 'alice', password: STRONG_PASSWORD }, caller);
    await core.close();
    expect(signedIn).toMatchObject({ ok: true, data: { user: { twoStepSetupRequired: true } } });
  });

  it('set-policy twoStepPolicy takes one of its words', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const set = await cli(['set-policy', 'twoStepPolicy', 'admins', '--data-dir', dir]);
    expect(set).toMatchObject({ code: EXIT.ok });
    expect(set.out).toContain('twoStepPolicy is now admins');
    const wrong = await cli(['set-policy', 'twoStepPolicy', 'sometimes', '--data-dir', dir]);
    expect(wrong.code).not.toBe(EXIT.ok);
    expect(wrong.err).toContain('off, optional, admins, everyone');
  });
});
