/**
 * The on-screen keyboard at portrait kiosk sizes with touch: every journey here is typed only
 * by tapping its keys (no page.fill, no page.keyboard).
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { allViolations } from './support/axe';
import { PASSWORD, expect, signOut, test } from './support/fixtures';
import { expectLocked, lockScreenHeading } from './support/safety';

const SHOTS = 'test-results/on-screen-keyboard';
const NEW_PASSWORD = 'Tide#42 lantern (new)';

function keyboard(page: Page): Locator {
  return page.getByRole('region', { name: 'On-screen keyboard' });
}

function key(page: Page, name: string): Locator {
  return keyboard(page).getByRole('button', { name, exact: true });
}

/** Keys reachable on the letters layer without Shift or the symbols layer. */
const ON_LETTERS = /^[a-z0-9@.-]$/;

/** Taps `text` out on the keyboard, switching layers and Shift the way a person would. */
async function tapOut(page: Page, text: string): Promise<void> {
  for (const char of text) {
    const layer = await keyboard(page).getAttribute('data-layer');
    if (char === ' ') {
      await key(page, 'Space').tap();
    } else if (ON_LETTERS.test(char) || /^[A-Z]$/.test(char)) {
      if (layer !== 'letters') await key(page, 'Letters').tap();
      if (/^[A-Z]$/.test(char)) await key(page, 'Shift').tap();
      await key(page, char).tap();
    } else {
      if (layer !== 'symbols') await key(page, 'Symbols').tap();
      await key(page, char).tap();
    }
  }
}

/** Taps the field (which brings the keyboard up), types on the keys, and checks nothing covers it. */
async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await field.tap();
  await expect(keyboard(page)).toBeVisible();
  await expect(field).toBeFocused();
  await expectFieldClear(page, field);
  await tapOut(page, text);
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(text);
}

async function expectFieldClear(page: Page, field: Locator): Promise<void> {
  const fieldBox = (await field.boundingBox())!;
  const keyboardBox = (await keyboard(page).boundingBox())!;
  expect(fieldBox.y + fieldBox.height, 'the field sits above the keyboard').toBeLessThanOrEqual(keyboardBox.y);
  expect(fieldBox.y, 'the field is on screen').toBeGreaterThanOrEqual(0);
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const { width, height } = page.viewportSize()!;
  await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png` });
}

for (const viewport of [
  { width: 800, height: 1280 },
  { width: 1080, height: 1920 },
]) {
  test.describe(`On-screen keyboard at ${viewport.width}×${viewport.height} with touch`, () => {
    test.use({
      viewport,
      hasTouch: true,
      isMobile: false,
      // A kiosk, set up by its staff from the CLI (issue 11), with sign-up left open so the
      // register journey can run.
      harnessOptions: { policy: { kioskMode: true, selfRegistration: true }, setUpBy: { username: 'root', email: 'root@example.com', password: PASSWORD } },
    });

    test('register, change password, lock and sign in, typed only on the keys', async ({ app }) => {
      // Some 200 taps, each waiting for the app's answer, on a shared 2-core machine.
      test.setTimeout(180_000);
      // Sign-in screen, then register.
      await app.getByRole('link', { name: /create an account/i }).tap();
      await expect(app.getByRole('heading', { name: 'Create account' })).toBeVisible();
      await typeInto(app, app.getByLabel('Username'), 'Kiosk-Kim');
      await shoot(app, 'register');
      await typeInto(app, app.getByLabel('Email'), 'kim@example.com');
      await typeInto(app, app.getByLabel('Password', { exact: true }), PASSWORD);
      const confirm = app.getByLabel('Confirm password');
      await typeInto(app, confirm, PASSWORD);
      await key(app, 'Enter').tap();
      await expect(app.getByRole('heading', { name: 'Welcome, Kiosk-Kim' })).toBeVisible();
      // Nothing focused to type into: no keyboard.
      await expect(keyboard(app)).toHaveCount(0);

      // Change password.
      await app.getByRole('link', { name: 'Change password' }).tap();
      await expect(app.getByRole('heading', { name: 'Change password' })).toBeVisible();
      await typeInto(app, app.getByLabel('Current password'), PASSWORD);
      await typeInto(app, app.getByLabel('New password', { exact: true }), NEW_PASSWORD);
      await typeInto(app, app.getByLabel('Confirm new password'), NEW_PASSWORD);
      await shoot(app, 'change-password-symbols');
      await key(app, 'Enter').tap();
      await expect(app.getByText('Your password has been changed.')).toBeVisible();

      // The lock screen.
      await app.getByRole('button', { name: 'Lock', exact: true }).tap();
      await expectLocked(app, 'Kiosk-Kim');
      await typeInto(app, app.getByLabel('Password', { exact: true }), NEW_PASSWORD);
      await shoot(app, 'lock-screen');
      await key(app, 'Enter').tap();
      await expect(lockScreenHeading(app)).toHaveCount(0);
      // Back where the lock found the person: the dashboard the change landed on (issue 11).
      await expect(app.getByRole('heading', { name: 'Welcome, Kiosk-Kim' })).toBeVisible();

      // Sign out and back in.
      await signOut(app);
      await typeInto(app, app.getByLabel('Username or email'), 'kim@example.com');
      await typeInto(app, app.getByLabel('Password', { exact: true }), NEW_PASSWORD);
      await shoot(app, 'sign-in');
      // The form's own button works too: the keyboard closes only after the tap has clicked,
      // so the page does not move under the finger.
      await app.getByRole('button', { name: 'Sign in' }).tap();
      await expect(app.getByRole('heading', { name: 'Welcome, Kiosk-Kim' })).toBeVisible();
    });

    test('in the Exit kiosk dialog the keyboard works inside the modal and keeps the field clear', async ({ app }) => {
      test.setTimeout(120_000);
      // root, the administrator its staff made with the CLI, signs in on the keys.
      await typeInto(app, app.getByLabel('Username or email'), 'root');
      await typeInto(app, app.getByLabel('Password', { exact: true }), PASSWORD);
      await key(app, 'Enter').tap();
      await app.getByRole('button', { name: 'Exit kiosk' }).tap();
      const dialog = app.getByRole('dialog', { name: 'Exit kiosk mode' });
      await expect(dialog).toBeVisible();
      await typeInto(app, dialog.getByLabel('Password', { exact: true }), 'not my password');
      await shoot(app, 'exit-kiosk-dialog');
      await key(app, 'Enter').tap();
      await expect(dialog.getByRole('alert')).toHaveText('That password is not right.');
      // Tapping the dialog's button while the keyboard is up still presses that button.
      await dialog.getByLabel('Password', { exact: true }).tap();
      await expect(keyboard(app)).toBeVisible();
      await dialog.getByRole('button', { name: 'Cancel' }).tap();
      await expect(dialog).toHaveCount(0);
    });

    test('keys are touch-sized, named for screen readers, echo nothing on a password, and pass axe', async ({ app }) => {
      const password = app.getByLabel('Password', { exact: true });
      await password.tap();
      const keys = keyboard(app).getByRole('button');
      expect(await keys.count()).toBeGreaterThan(40);
      for (const box of await keys.evaluateAll((all) => all.map((el) => el.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.width).toBeGreaterThanOrEqual(44);
        expect(box.height).toBeGreaterThanOrEqual(44);
      }
      for (const name of ['Shift', 'Backspace', 'Enter', 'Space', 'Symbols', 'q', '1', '@']) await expect(key(app, name)).toHaveCount(1);
      await expect(key(app, 'Shift')).toHaveAttribute('aria-pressed', 'false');

      // Holding a character key down on a password field looks exactly like not holding it.
      const q = key(app, 'q');
      const restingLook = await q.evaluate((el) => getComputedStyle(el).backgroundColor);
      const box = (await q.boundingBox())!;
      await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await app.mouse.down();
      expect(await q.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(restingLook);
      await app.mouse.up();
      await expect(password).toHaveValue('q');
      await expect(password).toBeFocused();
      // And a tap leaves no trace on the key (Chromium's touch highlight would linger on it).
      const clip = (await key(app, 'w').boundingBox())!;
      const resting = await app.screenshot({ clip });
      await key(app, 'w').tap();
      expect((await app.screenshot({ clip })).equals(resting), 'the tapped key looks untouched').toBe(true);
      await expect(password).toHaveValue('qw');

      expect(await allViolations(app)).toEqual([]);
      await shoot(app, 'sign-in-password');

      await app.emulateMedia({ colorScheme: 'dark' });
      await app.getByLabel('Username or email').tap();
      await tapOut(app, 'Dark');
      expect(await allViolations(app)).toEqual([]);
      await shoot(app, 'sign-in-dark');
      await key(app, 'Symbols').tap();
      await shoot(app, 'symbols-dark');
    });
  });
}
