import { seriousViolations } from './support/axe';
import { account, expect, registerThroughForm, test } from './support/fixtures';

test.describe('Accessibility', () => {
  test('no serious or critical axe violations on any screen', async ({ app }) => {
    // A fresh device opens on its first-run screen (issue 11).
    await expect(app.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
    expect(await seriousViolations(app)).toEqual([]);

    await registerThroughForm(app, account('alice'));
    expect(await seriousViolations(app)).toEqual([]);

    await app.getByRole('link', { name: 'Change password' }).click();
    await expect(app.getByRole('heading', { name: 'Change password' })).toBeVisible();
    expect(await seriousViolations(app)).toEqual([]);

    await app.getByRole('button', { name: 'Change password' }).click(); // empty form: errors shown
    expect(await seriousViolations(app)).toEqual([]);
  });

  test('the create-account screen with errors has no serious violations', async ({ app }) => {
    await app.goto(new URL('#/register', app.url()).href);
    await app.getByRole('button', { name: 'Create account' }).click();
    await expect(app.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(await seriousViolations(app)).toEqual([]);
  });

  test('a person can register and sign out with the keyboard alone', async ({ app }) => {
    await app.goto(new URL('#/register', app.url()).href);
    // The first account on a fresh device is made on the first-run screen (issue 11).
    await expect(app.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
    await app.getByLabel('Username').focus();
    await app.keyboard.type('keyboarder');
    await app.keyboard.press('Tab');
    await expect(app.getByLabel('Email')).toBeFocused();
    await app.keyboard.type('keys@example.com');
    await app.keyboard.press('Tab');
    await expect(app.getByLabel('Password', { exact: true })).toBeFocused();
    await app.keyboard.type('typed entirely by keys');
    // Past the show/hide toggle to the confirmation.
    while (!(await app.getByLabel('Confirm password').evaluate((el) => el === document.activeElement))) {
      await app.keyboard.press('Tab');
    }
    await app.keyboard.type('typed entirely by keys');
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { name: 'Welcome, keyboarder' })).toBeVisible();
    const signOut = app.getByRole('button', { name: 'Sign out' });
    for (let i = 0; i < 20 && !(await signOut.evaluate((el) => el === document.activeElement)); i++) {
      await app.keyboard.press('Tab');
    }
    await expect(signOut).toBeFocused();
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
