/**
 * Issue 11, keyboard and focus: the cursor starts in `Username or email`; a wrong password
 * leaves focus in the emptied password field while the alert is still announced (sign-in and
 * lock screen); "Stay signed in" gives focus back; and every Tab stop shows a ring of at least
 * 2 px and 3:1 against what is behind it, the Actions menu's items included, light and dark.
 */
import { createUsersThroughBridge, goTo, openUsers, registerAdmin } from './support/admin';
import { focusedRing, ringFailures } from './support/focus-ring';
import { PASSWORD, account, expect, signIn, signOut, test } from './support/fixtures';
import { idleWarning, lockScreenHeading, registerWhenReady, unlockWith } from './support/safety';

test.describe('Keyboard and focus', () => {
  test('on load the cursor is in Username or email', async ({ app }) => {
    // A fresh device opens on its first-run screen: set it up, then sign out to reach sign-in.
    await registerWhenReady(app, account('alice'));
    await signOut(app);
    await expect(app.getByLabel('Username or email')).toBeFocused();
    await app.reload();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByLabel('Username or email')).toBeFocused();
  });

  test('a wrong password empties and focuses the password field, and the message is announced each time', async ({ app }) => {
    await registerWhenReady(app, account('alice'));
    await signOut(app);
    await expect(app.getByLabel('Username or email')).toBeFocused();
    await app.keyboard.type('alice');
    await app.keyboard.press('Tab');
    const password = app.getByLabel('Password', { exact: true });
    await expect(password).toBeFocused();
    for (const attempt of ['first wrong password', 'second wrong password']) {
      await app.keyboard.type(attempt);
      await app.keyboard.press('Enter');
      const alert = app.getByRole('alert');
      await expect(alert).toContainText(/not right|do not match/);
      await expect(password).toHaveValue('');
      await expect(password).toBeFocused();
      // Announced: a live region (role="alert") that is inserted afresh for each refusal.
      expect(await alert.evaluate((el) => el.getAttribute('role'))).toBe('alert');
    }
    await app.keyboard.type(PASSWORD);
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('the lock screen does the same after a wrong password', async ({ app }) => {
    await registerWhenReady(app, account('alice'));
    await app.keyboard.press('Control+l');
    await expect(lockScreenHeading(app)).toBeVisible();
    const password = app.getByLabel('Password', { exact: true });
    await expect(password).toBeFocused();
    for (let i = 0; i < 2; i++) {
      await unlockWith(app, 'not my password');
      await expect(app.getByRole('alert')).toHaveText('That password is not right.');
      await expect(password).toHaveValue('');
      await expect(password).toBeFocused();
    }
    await app.keyboard.type(PASSWORD);
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('every Tab stop on every screen shows a ring of at least 2 px and 3:1, the Actions menu items included', async ({ app }) => {
    // The first-run screen exists only until the device is set up: measured once, in light.
    await expect(app.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
    const setUp = await ringFailures(app);
    expect(setUp.stops, 'set-up: Tab reached controls').toBeGreaterThan(1);
    expect(setUp.failures, 'set-up').toEqual([]);
    await registerAdmin(app);
    await createUsersThroughBridge(app, ['bob']);
    await signOut(app);
    for (const scheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme: scheme });
      await goTo(app, '#/login');
      await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      const results: Record<string, { stops: number; failures: string[] }> = {};
      results[`${scheme} sign-in`] = await ringFailures(app);
      await signIn(app, 'admin', PASSWORD);
      await expect(app.getByRole('heading', { name: 'Welcome, admin' })).toBeVisible();
      results[`${scheme} dashboard`] = await ringFailures(app);
      await openUsers(app);
      results[`${scheme} users`] = await ringFailures(app);
      for (const [hash, name] of [
        ['#/admin/audit', 'audit'],
        ['#/admin/settings', 'settings'],
        ['#/change-password', 'change password'],
      ] as const) {
        await goTo(app, hash);
        await expect(app.locator('h1')).toBeFocused();
        results[`${scheme} ${name}`] = await ringFailures(app, 80);
      }
      for (const [screen, { stops, failures }] of Object.entries(results)) {
        expect(stops, `${screen}: Tab reached controls`).toBeGreaterThan(1);
        expect(failures, screen).toEqual([]);
      }

      // The menu items take focus from script (tabindex -1): by keyboard and after a click alike.
      await openUsers(app);
      const actions = app.getByRole('button', { name: 'Actions for bob', exact: true });
      await actions.focus();
      await app.keyboard.press('Enter');
      for (let i = 0; i < 5; i++) {
        const ring = await focusedRing(app);
        expect(ring.what).toMatch(/^button "/);
        expect(ring.width, `${scheme} ${ring.what}`).toBeGreaterThanOrEqual(2);
        expect(ring.contrast, `${scheme} ${ring.what}`).toBeGreaterThanOrEqual(3);
        await app.keyboard.press('ArrowDown');
      }
      await app.keyboard.press('Escape');
      await actions.click();
      await expect(app.getByRole('menuitem').first()).toBeFocused();
      const clicked = await focusedRing(app);
      expect(clicked.width, `${scheme} after a click`).toBeGreaterThanOrEqual(2);
      expect(clicked.contrast, `${scheme} after a click`).toBeGreaterThanOrEqual(3);
      await app.keyboard.press('Escape');
      await goTo(app, '#/dashboard');
      await signOut(app);
    }
  });
});

test.describe('Keyboard and focus: the idle warning', () => {
  test.use({ harnessOptions: { policy: { idleTimeoutMs: 2 * 60_000 } } });

  test('after "Stay signed in" focus returns to where it was', async ({ page, harness }) => {
    await page.clock.install();
    await page.goto(harness.url);
    await registerWhenReady(page, account('alice'));
    const link = page.getByRole('link', { name: 'Change password' });
    await link.focus();

    await harness.advanceClock(2 * 60_000 - 58_000);
    await page.clock.fastForward(2 * 60_000 - 58_000);
    const warning = idleWarning(page);
    await expect(warning).toBeVisible();
    await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(warning).toHaveCount(0);
    await expect(link).toBeFocused();
  });
});
