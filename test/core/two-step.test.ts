/**
 * Issue 13: two-step verification through the seam, with the core's clock. RFC 6238 vectors,
 * setup, the second sign-in step (window edges, replay, reuse, expiry, its window), lockout and
 * its parity with unknown names, policy-required setup, recovery codes, turning it off, an
 * administrator's reset and the CLI's.
 */
import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerHasher } from '../../src/main/core/hasher';
import { SELF_REFUSED } from '../../src/main/core/admin-user-actions';
import { codeAt, timeStep } from '../../src/main/core/totp';
import {
  MINUTE,
  STRONG_PASSWORD,
  auditRows,
  countingHasher,
  expectError,
  expectOk,
  openTestCore,
  queryFile,
  registration,
  type HasherCall,
  type TestCore,
} from '../support/core';
import { STEP_MS, enrol, phoneCode } from '../support/two-step';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function open(options: Parameters<typeof openTestCore>[0] = {}): Promise<TestCore> {
  const t = await openTestCore(options);
  cleanups.push(() => t.close());
  return t;
}

/** alice (the first account, an administrator) signed in at window 1 with two-step on. */
async function aliceWithTwoStep(options: Parameters<typeof openTestCore>[0] = {}) {
  const t = await open(options);
  expectOk(await t.call('auth:register', registration('alice')));
  const enrolled = await enrol(t);
  expectOk(await t.call('auth:logout', {}));
  return { t, ...enrolled };
}

const login = (t: TestCore, windowId = 1, password = STRONG_PASSWORD, remember = false) =>
  t.call('auth:login', { identifier: 'alice', password, remember }, windowId);

describe('RFC 6238 appendix B vectors (otpauth, as the core uses it)', () => {
  const seeds = {
    SHA1: '12345678901234567890',
    SHA256: '12345678901234567890123456789012',
    SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
  } as const;
  const rows: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(rows)('T=%i', (seconds, sha1, sha256, sha512) => {
    for (const [algorithm, expected] of [['SHA1', sha1], ['SHA256', sha256], ['SHA512', sha512]] as const) {
      const totp = new TOTP({ secret: Secret.fromUTF8(seeds[algorithm]), algorithm, digits: 8, period: 30 });
      expect(totp.generate({ timestamp: seconds * 1000 }), algorithm).toBe(expected);
    }
    // The core's own 6-digit SHA-1 code is the same HOTP value truncated to 6 digits.
    expect(codeAt(Secret.fromUTF8(seeds.SHA1).base32, timeStep(seconds * 1000))).toBe(sha1.slice(2));
  });
});

describe('setting up', () => {
  it('a right code turns it on with ten distinct recovery codes; the secret never comes back', async () => {
    const t = await open();
    expectOk(await t.call('auth:register', registration('alice')));
    expect(expectOk(await t.call('two-step:status', {}))).toEqual({ enabled: false, recoveryCodesLeft: 0, policy: 'optional' });
    const setup = expectOk(await t.call('two-step:begin-setup', {}));
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('Gatehouse');
    expect(decodeURIComponent(uri.pathname)).toContain('Gatehouse:alice');
    expect(uri.searchParams.get('secret')).toBe(setup.secret);

    const { recoveryCodes } = expectOk(await t.call('two-step:confirm-setup', { code: phoneCode(setup.secret, t.clock.now()) }));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    const status = expectOk(await t.call('two-step:status', {}));
    expect(status).toEqual({ enabled: true, recoveryCodesLeft: 10, policy: 'optional' });
    expect(JSON.stringify(status)).not.toContain(setup.secret);
    expectError(await t.call('two-step:begin-setup', {}), 'CONFLICT');
    expect((await auditRows(t.dir, 'two_step_enabled')).length).toBe(1);
    // Only hashes of the recovery codes are on disk.
    const file = JSON.stringify(await queryFile(t.dir, 'SELECT * FROM two_step_recovery_codes'));
    for (const code of recoveryCodes) {
      expect(file).not.toContain(code);
      expect(file).not.toContain(code.replace('-', ''));
    }
  });

  it('a wrong code says so and changes nothing (no lockout count either)', async () => {
    const t = await open();
    expectOk(await t.call('auth:register', registration('alice')));
    const setup = expectOk(await t.call('two-step:begin-setup', {}));
    const wrong = String((Number(phoneCode(setup.secret, t.clock.now())) + 1) % 1_000_000).padStart(6, '0');
    const error = expectError(await t.call('two-step:confirm-setup', { code: wrong }), 'VALIDATION_FAILED');
    expect(error.fields?.code).toMatch(/not right/);
    expect(expectOk(await t.call('two-step:status', {})).enabled).toBe(false);
    expect((await queryFile(t.dir, 'SELECT failed_attempts FROM users'))[0]).toEqual({ failed_attempts: 0 });
    // The same setup still works with the right code.
    expectOk(await t.call('two-step:confirm-setup', { code: phoneCode(setup.secret, t.clock.now()) }));
  });
});

describe('the second sign-in step', () => {
  it('the right password starts no session; the code from the same window does', async () => {
    const { t, secret } = await aliceWithTwoStep();
    const asked = expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expect(asked.message).toMatch(/code/);
    expect(expectOk(await t.call('auth:session', {})).user).toBeNull();
    expectError(await t.call('two-step:status', {}), 'NOT_AUTHENTICATED');
    // Another window cannot finish it.
    expectError(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }, 2), 'NOT_FOUND');
    const { user } = expectOk(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }));
    expect(user.username).toBe('alice');
    expect(expectOk(await t.call('auth:session', {})).user?.username).toBe('alice');
    const success = (await auditRows(t.dir, 'signin_success')).at(-1)!;
    expect(JSON.parse(success.detail!)).toMatchObject({ secondStep: 'code' });
  });

  it('accepts one step either side of the core clock, not two', async () => {
    const { t, secret } = await aliceWithTwoStep();
    const tryAt = async (offsetSteps: number) => {
      t.clock.advance(5 * MINUTE); // far from every earlier step, so replay is not what decides
      expectError(await login(t), 'SECOND_STEP_REQUIRED');
      const result = await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now() + offsetSteps * STEP_MS) });
      if (result.ok) expectOk(await t.call('auth:logout', {}));
      return result.ok;
    };
    expect(await tryAt(-1)).toBe(true);
    expect(await tryAt(1)).toBe(true);
    expect(await tryAt(0)).toBe(true);
    expect(await tryAt(-2)).toBe(false);
    expect(await tryAt(2)).toBe(false);
  });

  it('the window is the core’s configuration: 0 accepts only the current step', async () => {
    const { t, secret } = await aliceWithTwoStep({ totpWindowSteps: 0 });
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectError(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now() - STEP_MS) }), 'INVALID_CREDENTIALS');
    expectOk(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }));
  });

  it('a code, or any code of an earlier step, is never accepted twice', async () => {
    const { t, secret } = await aliceWithTwoStep();
    const now = phoneCode(secret, t.clock.now());
    const earlier = phoneCode(secret, t.clock.now() - STEP_MS);
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectOk(await t.call('auth:verify-second-step', { code: now }));
    expectOk(await t.call('auth:logout', {}));
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectError(await t.call('auth:verify-second-step', { code: now }), 'INVALID_CREDENTIALS');
    expectError(await t.call('auth:verify-second-step', { code: earlier }), 'INVALID_CREDENTIALS');
    t.clock.advance(STEP_MS);
    expectOk(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }));
  });

  it('one code sent from two windows at once signs in only one', async () => {
    const { t, secret } = await aliceWithTwoStep();
    expectError(await login(t, 1), 'SECOND_STEP_REQUIRED');
    expectError(await login(t, 2), 'SECOND_STEP_REQUIRED');
    const code = phoneCode(secret, t.clock.now());
    const answers = await Promise.all([1, 2].map((w) => t.call('auth:verify-second-step', { code }, w)));
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
  });

  it('a half-done sign-in expires after 5 minutes and ends with sign-out', async () => {
    const { t, secret } = await aliceWithTwoStep();
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    t.clock.advance(5 * MINUTE);
    expectError(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }), 'SESSION_EXPIRED');
    expectError(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }), 'NOT_FOUND');
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectOk(await t.call('auth:logout', {}));
    expectError(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }), 'NOT_FOUND');
  });

  it('remember me never skips it; the lock screen needs only the password', async () => {
    const { t, secret } = await aliceWithTwoStep();
    expectError(await login(t, 1, STRONG_PASSWORD, true), 'SECOND_STEP_REQUIRED');
    expectOk(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }));
    expectOk(await t.call('session:lock', {}));
    expectOk(await t.call('session:unlock', { password: STRONG_PASSWORD }));
    expectOk(await t.call('auth:logout', {}));
    t.clock.advance(STEP_MS);
    expectError(await login(t, 1, STRONG_PASSWORD, true), 'SECOND_STEP_REQUIRED');
  });

  it('a recovery code works once, and is audited', async () => {
    const { t, recoveryCodes } = await aliceWithTwoStep();
    const [first] = recoveryCodes;
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    // Typed carelessly: upper case, no dash.
    expectOk(await t.call('auth:verify-second-step', { recoveryCode: ` ${first!.replace('-', '').toUpperCase()} ` }));
    expect(expectOk(await t.call('two-step:status', {})).recoveryCodesLeft).toBe(9);
    expectOk(await t.call('auth:logout', {}));
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    const again = expectError(await t.call('auth:verify-second-step', { recoveryCode: first! }), 'INVALID_CREDENTIALS');
    expect(again.fields?.recoveryCode).toMatch(/used/);
    expect((await auditRows(t.dir, 'two_step_recovery_used')).length).toBe(1);
  });

  it('needs exactly one of a code and a recovery code', async () => {
    const { t } = await aliceWithTwoStep();
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectError(await t.call('auth:verify-second-step', {}), 'VALIDATION_FAILED');
    expectError(await t.call('auth:verify-second-step', { code: '123456', recoveryCode: 'abcde-fghjk' }), 'VALIDATION_FAILED');
    expectError(await t.call('auth:verify-second-step', { code: '  ' }), 'VALIDATION_FAILED');
  });
});

describe('lockout', () => {
  it('wrong codes count toward the account lock, which then refuses the right password', async () => {
    const { t, secret } = await aliceWithTwoStep();
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    for (let i = 0; i < 4; i++) expectError(await t.call('auth:verify-second-step', { code: '000000' }), 'INVALID_CREDENTIALS');
    expectError(await t.call('auth:verify-second-step', { recoveryCode: 'zzzzz-zzzzz' }), 'ACCOUNT_LOCKED');
    // The half-done sign-in is gone, and the lock holds at sign-in for both spellings.
    expectError(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }), 'NOT_FOUND');
    expectError(await login(t), 'ACCOUNT_LOCKED');
    expectError(await t.call('auth:login', { identifier: 'alice@example.com', password: STRONG_PASSWORD }), 'ACCOUNT_LOCKED');
    expect((await auditRows(t.dir, 'two_step_failure')).length).toBeGreaterThanOrEqual(1);
    t.clock.advance(15 * MINUTE);
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectOk(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }));
  });

  it('a right password between wrong codes does not reset their count', async () => {
    const { t } = await aliceWithTwoStep();
    for (let round = 0; round < 2; round++) {
      expectError(await login(t), 'SECOND_STEP_REQUIRED');
      expectError(await t.call('auth:verify-second-step', { code: '000000' }), 'INVALID_CREDENTIALS');
      expectError(await t.call('auth:verify-second-step', { code: '000001' }), 'INVALID_CREDENTIALS');
    }
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectError(await t.call('auth:verify-second-step', { code: '000002' }), 'ACCOUNT_LOCKED');
  });

  interface Step {
    code: string;
    message: string;
    attemptsLeft: number | undefined;
    unlocksIn: number | null;
    work: HasherCall[];
  }

  /** Five wrong passwords, then the right one while locked: every answer and its bcrypt work. */
  async function campaign(identifier: string, twoStep: boolean): Promise<Step[]> {
    const inner = createWorkerHasher(2);
    const hasher = countingHasher(inner);
    const t = await openTestCore({ hasher });
    cleanups.push(async () => {
      await t.close();
      await inner.close();
    });
    expectOk(await t.call('auth:register', registration('alice')));
    if (twoStep) await enrol(t);
    expectOk(await t.call('auth:logout', {}));
    const steps: Step[] = [];
    for (const password of ['wrong 1', 'wrong 2', 'wrong 3', 'wrong 4', 'wrong 5', STRONG_PASSWORD]) {
      hasher.reset();
      const result = await t.call('auth:login', { identifier, password }, 2);
      if (result.ok) throw new Error('signed in during the campaign');
      const { code, message, attemptsLeft, unlocksAt } = result.error;
      steps.push({ code, message, attemptsLeft, unlocksIn: unlocksAt ? Date.parse(unlocksAt) - t.clock.now() : null, work: [...hasher.calls] });
    }
    return steps;
  }

  it('wrong passwords get the same answers, bcrypt work and lock whatever the two-step state, and for an unknown name', async () => {
    const withTwoStep = await campaign('alice', true);
    expect(withTwoStep.map((s) => s.code)).toEqual([...Array(4).fill('INVALID_CREDENTIALS'), 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
    expect(await campaign('alice', false)).toEqual(withTwoStep);
    expect(await campaign('ghost', false)).toEqual(withTwoStep);
  });
});

describe('required by policy', () => {
  it('someone without it must set it up right after their password, before anything else', async () => {
    const t = await open();
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('admin:set-policy', { policy: { twoStepPolicy: 'everyone' } }));
    expectOk(await t.call('auth:logout', {}));
    const { user } = expectOk(await login(t));
    expect(user.twoStepSetupRequired).toBe(true);
    expectError(await t.call('admin:list-users', {}), 'TWO_STEP_SETUP_REQUIRED');
    expectError(await t.call('account:update-profile', {}), 'TWO_STEP_SETUP_REQUIRED');
    expect(expectOk(await t.call('two-step:status', {})).policy).toBe('required');
    expectError(await t.call('two-step:disable', { password: STRONG_PASSWORD, code: '000000' }), 'TWO_STEP_SETUP_REQUIRED');
    const { secret } = await enrol(t);
    expectOk(await t.call('admin:list-users', {}));
    expect(expectOk(await t.call('auth:session', {})).user?.twoStepSetupRequired).toBe(false);
    // Required: it cannot be turned off.
    expectError(await t.call('two-step:disable', { password: STRONG_PASSWORD, code: phoneCode(secret, t.clock.now()) }), 'FORBIDDEN');
  });

  it('"admins" holds administrators only; "off" offers no setup', async () => {
    const t = await open();
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('auth:register', registration('bob'), 2));
    expectOk(await t.call('admin:set-policy', { policy: { twoStepPolicy: 'admins' } }));
    expectError(await t.call('admin:list-users', {}), 'TWO_STEP_SETUP_REQUIRED');
    expect(expectOk(await t.call('auth:session', {}, 2)).user?.twoStepSetupRequired).toBe(false);
    expectOk(await t.call('account:update-profile', {}, 2));
    expect(expectOk(await t.call('two-step:status', {}, 2)).policy).toBe('optional');
    const t2 = await open({ policy: { twoStepPolicy: 'off' } });
    expectOk(await t2.call('auth:register', registration('carol')));
    expect(expectOk(await t2.call('two-step:status', {})).policy).toBe('off');
    expectError(await t2.call('two-step:begin-setup', {}), 'FORBIDDEN');
  });
});

describe('turning it off and new recovery codes', () => {
  it('turning off needs the password and a current code or an unused recovery code', async () => {
    const { t, secret, recoveryCodes } = await aliceWithTwoStep();
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectOk(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }));
    t.clock.advance(STEP_MS);
    const wrongPassword = expectError(await t.call('two-step:disable', { password: 'nope', code: phoneCode(secret, t.clock.now()) }), 'INVALID_CREDENTIALS');
    expect(wrongPassword.fields?.password).toBeDefined();
    expectError(await t.call('two-step:disable', { password: STRONG_PASSWORD, code: '000000' }), 'INVALID_CREDENTIALS');
    expectError(await t.call('two-step:disable', { password: STRONG_PASSWORD }), 'VALIDATION_FAILED');
    expectOk(await t.call('two-step:disable', { password: STRONG_PASSWORD, recoveryCode: recoveryCodes[3]! }));
    expect(expectOk(await t.call('two-step:status', {}))).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect((await auditRows(t.dir, 'two_step_disabled')).length).toBe(1);
    expect(await queryFile(t.dir, 'SELECT * FROM two_step')).toEqual([]);
    expectOk(await t.call('auth:logout', {}));
    expectOk(await login(t));
  });

  it('new recovery codes need a current code and replace the old ones', async () => {
    const { t, secret, recoveryCodes } = await aliceWithTwoStep();
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectOk(await t.call('auth:verify-second-step', { code: phoneCode(secret, t.clock.now()) }));
    expectError(await t.call('two-step:new-recovery-codes', { code: phoneCode(secret, t.clock.now()) }), 'INVALID_CREDENTIALS'); // used already
    t.clock.advance(STEP_MS);
    const renewed = expectOk(await t.call('two-step:new-recovery-codes', { code: phoneCode(secret, t.clock.now()) })).recoveryCodes;
    expect(renewed).toHaveLength(10);
    expect(renewed.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    expectOk(await t.call('auth:logout', {}));
    expectError(await login(t), 'SECOND_STEP_REQUIRED');
    expectError(await t.call('auth:verify-second-step', { recoveryCode: recoveryCodes[0]! }), 'INVALID_CREDENTIALS');
    expectOk(await t.call('auth:verify-second-step', { recoveryCode: renewed[0]! }));
  });
});

describe('an administrator’s reset', () => {
  it('turns another person’s off, audited; they set it up again at their next sign-in', async () => {
    const t = await open();
    expectOk(await t.call('auth:register', registration('alice')));
    expectOk(await t.call('auth:register', registration('bob'), 2));
    await enrol(t, 2);
    expectOk(await t.call('auth:logout', {}, 2));
    const bob = expectOk(await t.call('admin:list-users', { query: 'bob' })).users[0]!;
    expect(bob.twoStepEnabled).toBe(true);
    // Not your own (Turn off asks for a code), in the words every self-refusal comes from.
    expect(expectError(await t.call('admin:reset-two-step', { userId: 1 }), 'CONFLICT').message).toBe(
      `You cannot ${SELF_REFUSED['reset-two-step']} your own account. Turn it off on your Two-step verification screen, which asks for a code.`,
    );
    const { user } = expectOk(await t.call('admin:reset-two-step', { userId: bob.id }));
    expect(user.twoStepEnabled).toBe(false);
    const [row] = await auditRows(t.dir, 'admin_reset_two_step');
    expect(row).toMatchObject({ user_id: bob.id, actor_id: 1 });
    expectError(await t.call('admin:reset-two-step', { userId: bob.id }), 'CONFLICT');
    // No code asked; the setup comes first.
    const signedIn = expectOk(await t.call('auth:login', { identifier: 'bob', password: STRONG_PASSWORD }, 2));
    expect(signedIn.user.twoStepSetupRequired).toBe(true);
    expectError(await t.call('account:update-profile', {}, 2), 'TWO_STEP_SETUP_REQUIRED');
    await enrol(t, 2);
    expectOk(await t.call('account:update-profile', {}, 2));
  });

  it('the CLI’s reset works with the app stopped, audited with no actor', async () => {
    const { t } = await aliceWithTwoStep();
    expectError(await t.core.provisioning.resetTwoStep('nobody'), 'NOT_FOUND');
    expect(expectOk(await t.core.provisioning.resetTwoStep('ALICE')).user.twoStepEnabled).toBe(false);
    await t.reopen();
    const [row] = await auditRows(t.dir, 'admin_reset_two_step');
    expect(row).toMatchObject({ actor_id: null });
    expect(JSON.parse(row!.detail!)).toEqual({ via: 'cli' });
    expect(expectOk(await login(t)).user.twoStepSetupRequired).toBe(true);
  });
});
