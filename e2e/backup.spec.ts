/**
 * "Back up now" (issue 14): the page names no path; the harness stands in for the shell's
 * folder dialog with a fixed folder, and the core writes a real, openable copy there.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { goTo, registerAdmin } from './support/admin';

const SHOTS = process.env.GATEHOUSE_SHOTS_DIR;
const backupDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-backups-'));

test.use({ harnessOptions: { backupDir } });
test.afterAll(() => rmSync(backupDir, { recursive: true, force: true }));

test('Back up now writes a copy of the store into the folder the administrator chose', async ({ app }) => {
  await registerAdmin(app);
  await goTo(app, '#/admin/settings');
  const before = new Set(readdirSync(backupDir));
  await app.getByRole('button', { name: 'Back up now' }).click();
  const notice = app.getByText(/^Backup written to .*gatehouse-backup-.*\.db\.$/);
  await expect(notice).toBeVisible();
  if (SHOTS) await app.screenshot({ path: `${SHOTS}/backup-now.png`, fullPage: true });

  const files = readdirSync(backupDir).filter((name) => !before.has(name));
  expect(files).toHaveLength(1);
  expect((await notice.textContent())!).toContain(join(backupDir, files[0]!));
  // A real SQLite file of ours: the header and Gatehouse's application_id ("GATE" at offset 68).
  const bytes = readFileSync(join(backupDir, files[0]!));
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  expect(bytes.subarray(68, 72).toString('latin1')).toBe('GATE');
});

test.describe('with encryption at rest on', () => {
  // A folder of its own: the tests of this file run in parallel.
  const sealedDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-sealed-backups-'));
  test.use({ harnessOptions: { backupDir: sealedDir } });
  test.afterAll(() => rmSync(sealedDir, { recursive: true, force: true }));

  test('Back up now seals the backup: no account readable in it', async ({ app }) => {
    await registerAdmin(app);
    await goTo(app, '#/admin/settings');
    const panel = app.getByRole('region', { name: 'Encryption at rest' });
    await panel.getByRole('button', { name: 'Turn on with the OS keyring' }).click();
    const dialog = app.getByRole('dialog', { name: 'Recovery key' });
    await dialog.getByRole('button', { name: 'I have written it down' }).click();
    await expect(panel.getByTestId('encryption-state')).toContainText('On,');

    const before = new Set(readdirSync(sealedDir));
    await app.getByRole('button', { name: 'Back up now' }).click();
    await expect(app.getByText(/^Backup written to .*gatehouse-backup-.*\.db\.$/)).toBeVisible();
    const [file] = readdirSync(sealedDir).filter((name) => !before.has(name));
    const bytes = readFileSync(join(sealedDir, file!));
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('GHBACKUP');
    for (const secret of ['admin@example.com', 'SQLite format 3']) expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
  });
});
