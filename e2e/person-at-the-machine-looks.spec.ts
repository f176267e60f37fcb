/**
 * Issue 11's screens at the sizes people meet them (a desk, a portrait touch kiosk, a large
 * portrait kiosk) and in the dark theme: each one is photographed for a person to look at
 * (test-results/person-at-the-machine/) and must have no axe violation of any impact.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { allViolations } from './support/axe';
import { PASSWORD, account, expect, signIn, signOut, test } from './support/fixtures';
import { idleWarning, lockScreenHeading, registerWhenReady } from './support/safety';

const SHOTS = 'test-results/person-at-the-machine';

const LOOKS = [
  { name: 'desk', viewport: { width: 1000, height: 760 }, hasTouch: false, dark: false },
  { name: 'desk-dark', viewport: { width: 1000, height: 760 }, hasTouch: false, dark: true },
  { name: 'touch', viewport: { width: 800, height: 1280 }, hasTouch: true, dark: false },
  { name: 'kiosk', viewport: { width: 1080, height: 1920 }, hasTouch: true, dark: false },
  { name: 'kiosk-dark', viewport: { width: 1080, height: 1920 }, hasTouch: true, dark: true },
] as const;

async function look(page: Page, look: string, screen: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${screen}-${look}.png`, fullPage: true });
  expect(await allViolations(page), `${screen} (${look})`).toEqual([]);
}

for (const { name, viewport, hasTouch, dark } of LOOKS) {
  test.describe(`Issue 11 screens, ${name}`, () => {
    test.use({ viewport, hasTouch });

    test('first run, sign-in help, dashboard, edit profile, lock screen and idle warning', async ({ app, harness }) => {
      test.setTimeout(120_000);
      if (dark) await app.emulateMedia({ colorScheme: 'dark' });
      await expect(app.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
      await look(app, name, 'setup');

      await registerWhenReady(app, account('alice'));
      await signOut(app);
      await signIn(app, 'alice', 'not the password');
      await expect(app.getByRole('alert')).toContainText('attempts left');
      await look(app, name, 'sign-in-attempts-left');
      await signIn(app, 'alice', PASSWORD);
      await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
      await expect(app.getByText('1 failed sign-in attempt on your account.', { exact: false })).toBeVisible();
      await look(app, name, 'dashboard');

      await app.getByRole('link', { name: 'Edit profile' }).click();
      await expect(app.getByRole('heading', { name: 'Edit profile' })).toBeVisible();
      await app.getByLabel('Email').fill('alice@example.org');
      await app.getByLabel('Your password').fill('wrong');
      await app.getByRole('button', { name: 'Save changes' }).click();
      await expect(app.getByRole('alert')).toBeVisible();
      await look(app, name, 'profile-error');
      await app.getByLabel('Your password').fill(PASSWORD);
      await app.getByRole('button', { name: 'Save changes' }).click();
      await expect(app.getByRole('status').filter({ hasText: 'Your email is now' })).toBeVisible();
      await look(app, name, 'profile-saved');

      await app.getByRole('link', { name: 'Back to dashboard' }).click();
      await app.getByRole('button', { name: 'Lock', exact: true }).click();
      await expect(lockScreenHeading(app)).toBeVisible();
      await expect(app.getByText(/signed out in \d+ minutes/u)).toBeVisible();
      await look(app, name, 'lock');
      await app.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await app.getByRole('button', { name: 'Unlock' }).click();
      await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();

      await harness.advanceClock(15 * 60_000 - 40_000);
      await expect(idleWarning(app).getByRole('button', { name: 'Sign out now' })).toBeVisible();
      await look(app, name, 'idle-warning');
    });
  });
}

test.describe('Issue 11 kiosk screens', () => {
  test.use({ viewport: { width: 800, height: 1280 }, hasTouch: true, harnessOptions: { kiosk: true } });

  test('not set up yet, in light and dark', async ({ page, harness }) => {
    await page.goto(harness.url);
    await expect(page.getByRole('heading', { name: 'Not set up yet — ask staff' })).toBeVisible();
    await look(page, 'touch', 'kiosk-not-set-up');
    await page.emulateMedia({ colorScheme: 'dark' });
    await look(page, 'touch-dark', 'kiosk-not-set-up');
  });
});
