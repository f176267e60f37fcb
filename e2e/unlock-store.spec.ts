/**
 * The unlock screen (issue 12): a store in passphrase mode, made with the CLI before the app
 * starts, opens from the app's own first screen, through the real renderer and the real core.
 * A wrong passphrase is refused with the reason and an emptied field; a reload keeps the
 * reason; nothing else is reachable before the store opens; the right passphrase carries on to
 * sign-in. Screenshots in test-results/ at desktop size, portrait kiosk sizes and dark mode.
 */
import type { Page } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { PASSWORD, expect, signIn, test } from './support/fixtures';
import { provisionAdmin, runCli } from './support/harness';

const PASSPHRASE = 'a walk-up kiosk passphrase';
const ADMIN = { username: 'keeper', email: 'keeper@example.org', password: PASSWORD };

// Before the app's first start, as an administrator would: the first administrator, then
// passphrase mode turned on from the command line.
test.use({
  harnessOptions: {
    prepare: (dataDir) => {
      provisionAdmin(dataDir, ADMIN);
      runCli(dataDir, ['enable-encryption', '--passphrase'], `${PASSPHRASE}\n`);
      return Promise.resolve();
    },
  },
});

async function unlockScreen(page: Page) {
  await expect(page.getByRole('heading', { name: 'Unlock Gatehouse' })).toBeVisible();
  return page.getByLabel('Passphrase or recovery key', { exact: true });
}

test.describe('Unlocking an encrypted store at start', () => {
  // Each unlock is a production-cost scrypt (about 128 MiB and half a second, longer under load).
  test.describe.configure({ timeout: 90_000 });

  test('asks before anything else, refuses a wrong passphrase with the reason, then carries on to sign-in', async ({ page: app, harness }, testInfo) => {
    await app.goto(harness.url);
    const field = await unlockScreen(app);
    await expect(field).toBeFocused();
    expect(await seriousViolations(app)).toEqual([]);
    await app.screenshot({ path: testInfo.outputPath('unlock-desktop.png') });

    // Nothing else answers before the store opens: the routes stay behind the unlock screen.
    await app.goto(`${harness.url}#/admin/users`);
    await expect(app.getByRole('heading', { name: 'Unlock Gatehouse' })).toBeVisible();

    // Empty: a field message, not a try.
    await app.getByRole('button', { name: 'Unlock' }).click();
    await expect(app.getByText('Type the passphrase or the recovery key.')).toBeVisible();

    await field.fill('not the passphrase at all');
    await field.press('Enter');
    await expect(app.getByRole('alert')).toContainText('That passphrase does not open this store.');
    await expect(field).toHaveValue('');
    await expect(field).toBeFocused();
    await app.screenshot({ path: testInfo.outputPath('unlock-wrong.png') });

    // A reload says it again, and still asks.
    await app.reload();
    await unlockScreen(app);
    await expect(app.getByRole('alert')).toContainText('That passphrase does not open this store.');

    await app.getByRole('button', { name: 'Show passphrase or recovery key' }).click();
    await field.fill(PASSPHRASE);
    await expect(field).toHaveAttribute('type', 'text');
    await field.press('Enter');
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await signIn(app, ADMIN.username, ADMIN.password);
    // Signing in goes where the address asked for before the unlock, as any sign-in does.
    await expect(app.getByRole('heading', { name: 'Users' })).toBeVisible();

    // A reload after unlocking goes straight on: the store stays open while the app runs.
    await app.reload();
    await expect(app.getByRole('heading', { name: 'Users' })).toBeVisible();
  });

  test('keyboard only: Tab reaches the field, the reveal toggle and Unlock, in that order', async ({ page: app, harness }) => {
    await app.goto(harness.url);
    const field = await unlockScreen(app);
    await expect(field).toBeFocused();
    await app.keyboard.press('Tab');
    await expect(app.getByRole('button', { name: 'Show passphrase or recovery key' })).toBeFocused();
    await app.keyboard.press('Tab');
    await expect(app.getByRole('button', { name: 'Unlock' })).toBeFocused();
    await app.keyboard.press('Shift+Tab');
    await app.keyboard.press('Shift+Tab');
    await app.keyboard.type(PASSPHRASE);
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  for (const size of [
    { width: 800, height: 1280 },
    { width: 1080, height: 1920 },
  ]) {
    test(`fits a ${size.width}×${size.height} touch kiosk and passes axe`, async ({ browser, harness }, testInfo) => {
      const context = await browser.newContext({ viewport: size, hasTouch: true, isMobile: true });
      const page = await context.newPage();
      await page.goto(harness.url);
      const field = await unlockScreen(page);
      const box = await page.getByRole('button', { name: 'Unlock' }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`unlock-${size.width}x${size.height}.png`) });
      await field.tap();
      await context.close();
    });
  }

  test('in the dark theme it passes axe', async ({ browser, harness }, testInfo) => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(harness.url);
    await unlockScreen(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('unlock-dark.png') });
    await context.close();
  });
});
