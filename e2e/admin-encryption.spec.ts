/**
 * Encryption at rest from the Settings screen, on the real core through the harness (its test
 * key file stands in for the OS keyring): off shows the warning; turning it on shows the
 * recovery key once and seals the files on disk; the app restarts unattended; rotating and
 * turning off keep every account. Screenshots in test-results/ for the panel in each state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAdmin } from './support/admin';
import { seriousViolations } from './support/axe';
import { PASSWORD, expect, signIn, test } from './support/fixtures';

test.describe('Administration: encryption at rest', () => {
  test('off with a warning, on with a recovery key shown once, sealed on disk, rotated and off again', async ({ app, harness }, testInfo) => {
    await registerAdmin(app);
    await app.getByRole('link', { name: 'Settings' }).click();
    const panel = app.getByRole('region', { name: 'Encryption at rest' });
    await expect(panel).toContainText('Encryption at rest is off');
    expect(await seriousViolations(app)).toEqual([]);
    await panel.screenshot({ path: testInfo.outputPath('encryption-off.png') });

    await panel.getByRole('button', { name: 'Turn on with the OS keyring' }).click();
    const dialog = app.getByRole('dialog', { name: 'Recovery key' });
    await expect(dialog).toBeVisible();
    const recoveryKey = (await dialog.locator('code').textContent()) ?? '';
    expect(recoveryKey).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    expect(await seriousViolations(app)).toEqual([]);
    await app.screenshot({ path: testInfo.outputPath('encryption-recovery-key.png') });
    await dialog.getByRole('button', { name: 'I have written it down' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(panel).toContainText('TEST key file');
    await panel.screenshot({ path: testInfo.outputPath('encryption-on.png') });

    // The snapshot's plain header: "GHSNAP01", then codec 1 (AES-256-GCM) at byte 32 and the key id after it.
    const onDisk = readFileSync(join(harness.dataDir, 'gatehouse.db'));
    expect(onDisk.subarray(0, 8).toString('latin1')).toBe('GHSNAP01');
    expect(onDisk[32]).toBe(1);
    expect(onDisk.includes(Buffer.from('admin@example.com'))).toBe(false);
    expect(readFileSync(join(harness.dataDir, 'gatehouse.keys.json'), 'utf8')).not.toContain(recoveryKey);

    // Unattended restart: the keyring (here the test key file) opens it with nobody typing.
    await harness.restart();
    await app.goto(harness.url);
    await signIn(app, 'admin', PASSWORD);
    await app.getByRole('link', { name: 'Settings' }).click();
    await expect(panel.getByTestId('encryption-state')).toContainText('On,');

    await panel.getByRole('button', { name: 'Rotate key' }).click();
    await app.getByRole('dialog', { name: 'Rotate the encryption key?' }).getByRole('button', { name: 'Rotate key' }).click();
    const rotated = app.getByRole('dialog', { name: 'Recovery key' });
    await expect(rotated).toBeVisible();
    expect(await rotated.locator('code').textContent()).not.toBe(recoveryKey);
    await rotated.getByRole('button', { name: 'I have written it down' }).click();

    await panel.getByRole('button', { name: 'Turn encryption off' }).click();
    const confirm = app.getByRole('dialog', { name: 'Turn encryption off?' });
    expect(await seriousViolations(app)).toEqual([]);
    await confirm.getByRole('button', { name: 'Turn off' }).click();
    await expect(panel).toContainText('Encryption at rest is off');
    const plain = readFileSync(join(harness.dataDir, 'gatehouse.db'));
    expect(plain[32]).toBe(0); // codec 0: plain, the SQLite file right after the 60-byte header
    expect(plain.subarray(60, 75).toString('latin1')).toBe('SQLite format 3');

    await app.getByRole('link', { name: 'Audit log' }).click();
    await expect(app.getByRole('table')).toContainText('Encryption turned on');
    await expect(app.getByRole('table')).toContainText('Encryption key rotated');
    await expect(app.getByRole('table')).toContainText('Encryption turned off');
  });

  test('passphrase mode from Settings: typed twice, asked for on the unlock screen at the next start', async ({ app, harness }, testInfo) => {
    test.setTimeout(90_000); // two production-cost scrypts (turning it on, unlocking)
    const passphrase = 'four words nobody guesses';
    await registerAdmin(app);
    await app.getByRole('link', { name: 'Settings' }).click();
    const panel = app.getByRole('region', { name: 'Encryption at rest' });
    await panel.getByRole('button', { name: 'Turn on with a passphrase' }).click();
    const dialog = app.getByRole('dialog', { name: 'Turn on with a passphrase?' });
    await expect(dialog.getByLabel('Passphrase', { exact: true })).toBeFocused();
    // Too short, then two that differ: each is said beside its field and nothing is sent.
    await dialog.getByLabel('Passphrase', { exact: true }).fill('too short');
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    await expect(dialog).toContainText('Use at least 12 characters.');
    await dialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await dialog.getByLabel('Passphrase again').fill(`${passphrase}!`);
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    await expect(dialog).toContainText('The two passphrases do not match.');
    expect(await seriousViolations(app)).toEqual([]);
    await dialog.screenshot({ path: testInfo.outputPath('encryption-passphrase-dialog.png') });
    await dialog.getByLabel('Passphrase again').fill(passphrase);
    await dialog.getByRole('button', { name: 'Turn on' }).click();

    const shown = app.getByRole('dialog', { name: 'Recovery key' });
    await expect(shown).toBeVisible();
    await shown.getByRole('button', { name: 'I have written it down' }).click();
    await expect(panel.getByTestId('encryption-state')).toContainText('passphrase that must be typed at every start');

    // The next start asks for it before anything else.
    await harness.restart();
    await app.goto(harness.url);
    await expect(app.getByRole('heading', { name: 'Unlock Gatehouse' })).toBeVisible();
    await app.getByLabel('Passphrase or recovery key', { exact: true }).fill(passphrase);
    await app.getByRole('button', { name: 'Unlock' }).click();
    await signIn(app, 'admin', PASSWORD);
    await app.getByRole('link', { name: 'Settings' }).click();
    await expect(panel.getByTestId('encryption-state')).toContainText('passphrase');
  });
});
