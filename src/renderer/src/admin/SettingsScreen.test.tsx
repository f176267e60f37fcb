import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../shared/result';
import { HOUR_MS, MINUTE_MS, type PolicySettings } from '../../../shared/policy-settings';
import { createFakeCore, makeUser, type FakeCore } from '../test/fakeCore';
import { ENCRYPTION_OFF_WARNING, type EncryptionStatus } from '../../../shared/encryption';
import { renderApp, tearDownApp } from '../test/renderApp';
import { STORED_POLICY } from '../test/storedPolicy';

let core: FakeCore;

afterEach(() => {
  expect(core.invalidPayloads).toEqual([]);
  tearDownApp();
});

const STORED: PolicySettings = { ...STORED_POLICY };

function openSettings(policy: PolicySettings = STORED) {
  core = createFakeCore({ signedIn: makeUser({ role: 'admin' }) });
  core.handle('admin:get-policy', () => ok({ policy }));
  core.handle('admin:encryption-status', () => ok(ENCRYPTION_OFF));
  renderApp(core.api, '#/admin/settings');
}

const ENCRYPTION_OFF: EncryptionStatus = {
  on: false,
  protection: null,
  keyId: null,
  keyCreatedAt: null,
  keyringUnavailable: null,
  passphraseAtStart: false,
  warning: ENCRYPTION_OFF_WARNING,
};

describe('Settings', () => {
  it('shows each stored value in the unit of its label', async () => {
    openSettings();

    expect(((await screen.findByLabelText('Lockout duration (minutes)')) as HTMLInputElement).value).toBe('15');
    expect((screen.getByLabelText('Longest session (minutes)') as HTMLInputElement).value).toBe('720');
    expect((screen.getByLabelText('Remember me for (days)') as HTMLInputElement).value).toBe('30');
    expect((screen.getByLabelText('Minimum password length (characters)') as HTMLInputElement).value).toBe('8');
    expect((screen.getByRole('checkbox', { name: 'Anyone can create an account' }) as HTMLInputElement).checked).toBe(true);
    const lockout = screen.getByLabelText('Lockout duration (minutes)');
    expect(lockout.getAttribute('min')).toBe('1');
    expect(lockout.getAttribute('max')).toBe('1440');
  });

  it('sends only the changed settings, converted to milliseconds, and announces the save', async () => {
    openSettings();
    const saved: PolicySettings = { ...STORED, lockoutDurationMs: 30 * MINUTE_MS, sessionLifetimeMs: 2 * HOUR_MS, selfRegistration: false };
    core.handle('admin:set-policy', () => ok({ policy: saved }));
    core.handle('app:info', () =>
      ok({ policy: { minPasswordLength: 8, selfRegistration: false, rememberAllowed: true, idleTimeoutMs: 15 * MINUTE_MS, kioskMode: false, onScreenKeyboard: false } }),
    );
    const user = userEvent.setup();

    await user.clear(await screen.findByLabelText('Lockout duration (minutes)'));
    await user.type(screen.getByLabelText('Lockout duration (minutes)'), '30');
    await user.clear(screen.getByLabelText('Longest session (minutes)'));
    await user.type(screen.getByLabelText('Longest session (minutes)'), '120');
    // Changed and changed back: not sent.
    await user.clear(screen.getByLabelText('Failed sign-ins before lockout (attempts)'));
    await user.type(screen.getByLabelText('Failed sign-ins before lockout (attempts)'), '5');
    await user.click(screen.getByRole('checkbox', { name: 'Anyone can create an account' }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Settings saved.')).toBeDefined();
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'Settings saved.')).toBe(true);
    expect(core.callsTo('admin:set-policy')).toEqual([
      { policy: { lockoutDurationMs: 1_800_000, sessionLifetimeMs: 7_200_000, selfRegistration: false } },
    ]);
    // Saved values are the new baseline: saving again sends nothing.
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Nothing to save: no setting was changed.')).toBeDefined();
    expect(core.callsTo('admin:set-policy')).toHaveLength(1);
  });

  it('explains an out-of-range value next to its field with the shared rule, without calling the core', async () => {
    openSettings();
    const user = userEvent.setup();
    const idle = await screen.findByLabelText('Sign out after inactivity (minutes)');

    await user.clear(idle);
    await user.type(idle, '2000');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(idle.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(idle);
    const message = 'Sign out after inactivity must be a whole number of minutes from 1 to 1440.';
    expect(describedText(idle)).toContain(message);
    expect(core.callsTo('admin:set-policy')).toEqual([]);
  });

  it('does not blame a stored value it did not touch', async () => {
    // 90 seconds is not a whole number of minutes; it was set outside this form (the CLI).
    openSettings({ ...STORED, idleTimeoutMs: 90_000 });
    core.handle('admin:set-policy', (payload: { policy: Partial<PolicySettings> }) => ok({ policy: { ...STORED, idleTimeoutMs: 90_000, ...payload.policy } }));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('checkbox', { name: 'Allow “Remember me”' }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Settings saved.')).toBeDefined();
    expect(core.callsTo('admin:set-policy')).toEqual([{ policy: { rememberAllowed: false } }]);
  });

  it('discards unsaved changes back to the stored values', async () => {
    openSettings();
    const user = userEvent.setup();
    const length = await screen.findByLabelText('Minimum password length (characters)');

    await user.clear(length);
    await user.type(length, '20');
    await user.click(screen.getByRole('checkbox', { name: 'Allow “Remember me”' }));
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));

    expect((length as HTMLInputElement).value).toBe('8');
    expect((screen.getByRole('checkbox', { name: 'Allow “Remember me”' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('button', { name: 'Discard changes' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save settings' }));
    expect(core.callsTo('admin:set-policy')).toEqual([]);
  });

  it('shows the core’s field errors next to their fields', async () => {
    openSettings();
    core.handle('admin:set-policy', () =>
      fail('VALIDATION_FAILED', 'Some settings are out of range.', { fields: { minPasswordLength: 'Too long for this device.' } }),
    );
    const user = userEvent.setup();
    const length = await screen.findByLabelText('Minimum password length (characters)');

    await user.clear(length);
    await user.type(length, '12');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByRole('alert')).toBeDefined();
    expect(within(screen.getByRole('alert')).getByText('Some settings are out of range.')).toBeDefined();
    expect(describedText(length)).toContain('Too long for this device.');
  });
});

function describedText(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/u).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('Settings: encryption at rest', () => {
  it('shows the warning while off, turns on with the keyring and shows the recovery key once', async () => {
    openSettings();
    const on: EncryptionStatus = { ...ENCRYPTION_OFF, on: true, protection: 'os-keyring', keyId: '0123456789abcdef', keyCreatedAt: '2026-11-29T18:00:00.000Z', warning: null };
    core.handle('admin:encryption-enable', (payload) => {
      expect(payload).toEqual({ mode: 'os-keyring' });
      core.handle('admin:encryption-status', () => ok(on));
      return ok({ status: on, recoveryKey: 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567' });
    });
    expect(await screen.findByText(ENCRYPTION_OFF_WARNING)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Turn on with the OS keyring' }));
    const dialog = await screen.findByRole('dialog', { name: 'Recovery key' });
    expect(within(dialog).getByText('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'I have written it down' }));
    expect(screen.queryByText('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567')).toBeNull();
    expect(await screen.findByText(/protected by this computer’s OS keyring/)).toBeTruthy();
  });

  it('cannot offer the keyring where there is none, and says why', async () => {
    openSettings();
    core.handle('admin:encryption-status', () => ok({ ...ENCRYPTION_OFF, keyringUnavailable: 'No OS keyring here (basic_text).' }));
    expect(await screen.findByText(/No OS keyring here/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Turn on with the OS keyring' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/enable-encryption --passphrase/)).toBeTruthy();
  });

  it('asks before turning off, and shows a refusal', async () => {
    openSettings();
    core.handle('admin:encryption-status', () => ok({ ...ENCRYPTION_OFF, on: true, protection: 'os-keyring', keyId: '0123456789abcdef', keyCreatedAt: null, warning: null }));
    core.handle('admin:encryption-disable', () => fail('CONFLICT', 'Encryption is already off.'));
    await userEvent.click(await screen.findByRole('button', { name: 'Turn encryption off' }));
    const dialog = await screen.findByRole('dialog', { name: 'Turn encryption off?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Turn off' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Encryption is already off.');
  });
});
