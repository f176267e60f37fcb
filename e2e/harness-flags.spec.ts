/** The harness's own flags (README, "Browser harness"): --kiosk as on the app, --policy with units. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { type BridgeWindow } from './support/safety';

test.describe('started with --kiosk', () => {
  test.use({ harnessOptions: { kiosk: true } });

  test('it is a kiosk: no sign-up, kiosk policy reported', async ({ app }) => {
    // Nobody set it up yet, and a kiosk is set up from the CLI only (issue 11).
    await expect(app.getByRole('heading', { name: 'Not set up yet — ask staff' })).toBeVisible();
    await expect(app.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
    const info = await app.evaluate(() => (window as unknown as BridgeWindow).gatehouse.info({}));
    expect(info).toMatchObject({ ok: true, data: { policy: { kioskMode: true, selfRegistration: false } } });
  });
});

test.describe('--policy with units', () => {
  test.use({ harnessOptions: { policy: { idleTimeoutMs: 3 * 60_000, selfRegistration: false } } });

  test('reaches the core in milliseconds', async ({ app }) => {
    const info = await app.evaluate(() => (window as unknown as BridgeWindow).gatehouse.info({}));
    expect(info).toMatchObject({ ok: true, data: { policy: { idleTimeoutMs: 180_000, selfRegistration: false } } });
  });
});

test('a bare number in --policy is refused with one clear line', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-harness-flags-'));
  try {
    const run = spawnSync(process.execPath, ['scripts/harness.mjs', '--data-dir', dataDir, '--policy', '{"idleTimeoutMs":120000}'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'harness: --policy idleTimeoutMs: 120000 has no unit; write a whole number with a unit: s, m, h or d (e.g. 90s, 15m, 12h, 30d).',
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
