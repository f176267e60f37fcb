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
  await app.getByRole('button', { name: 'Back up now' }).click();
  const notice = app.getByText(/^Backup written to .*gatehouse-backup-.*\.db\.$/);
  await expect(notice).toBeVisible();
  if (SHOTS) await app.screenshot({ path: `${SHOTS}/backup-now.png`, fullPage: true });

  const files = readdirSync(backupDir);
  expect(files).toHaveLength(1);
  expect((await notice.textContent())!).toContain(join(backupDir, files[0]!));
  // A real SQLite file of ours: the header and Gatehouse's application_id ("GATE" at offset 68).
  const bytes = readFileSync(join(backupDir, files[0]!));
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  expect(bytes.subarray(68, 72).toString('latin1')).toBe('GATE');
});
