import { PASSWORD, account, expect, registerThroughForm, signIn, signOut, test } from './support/fixtures';

const NEW_PASSWORD = 'a brand new passphrase';

test.describe('Dashboard and password', () => {
  test.beforeEach(async ({ app }) => {
    await registerThroughForm(app, account('alice'));
  });

  test('the dashboard shows the account facts', async ({ app }) => {
    const facts = app.getByRole('definition');
    await expect(app.getByText('alice@example.com')).toBeVisible();
    await expect(facts.filter({ hasText: /admin/i })).toHaveCount(1);
    await expect(app.getByRole('term').filter({ hasText: 'Member since' })).toBeVisible();
    // The sign-in before this one (issue 11), not this one.
    await expect(app.getByRole('term').filter({ hasText: 'Previous sign-in' })).toBeVisible();
    await expect(app.getByRole('link', { name: 'Change password' })).toBeVisible();
    await expect(app.getByRole('link', { name: 'Edit profile' })).toBeVisible();
  });

  test('a wrong current password is refused', async ({ app }) => {
    await app.getByRole('link', { name: 'Change password' }).click();
    await app.getByLabel('Current password').fill('not my password');
    await app.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await app.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await app.getByRole('button', { name: 'Change password' }).click();
    await expect(app.getByLabel('Current password')).toHaveAccessibleDescription(/not your current password/);
  });

  test('a new password that breaks the policy is refused', async ({ app }) => {
    await app.getByRole('link', { name: 'Change password' }).click();
    await app.getByLabel('Current password').fill(PASSWORD);
    await app.getByLabel('New password', { exact: true }).fill('short');
    await app.getByLabel('Confirm new password').fill('short');
    await app.getByRole('button', { name: 'Change password' }).click();
    await expect(app.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/at least 8 characters/i);
  });

  test('after a change only the new password signs in', async ({ app }) => {
    await app.getByRole('link', { name: 'Change password' }).click();
    await app.getByLabel('Current password').fill(PASSWORD);
    await app.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await app.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await app.getByRole('button', { name: 'Change password' }).click();
    // Confirmed on the dashboard, with no emptied form left behind (issue 11).
    await expect(app.getByRole('status').filter({ hasText: /password (was|has been) changed/i })).toBeVisible();
    await expect(app.getByLabel('Current password')).toHaveCount(0);

    await app.goto(new URL('#/dashboard', app.url()).href);
    await signOut(app);
    await signIn(app, 'alice', PASSWORD);
    await expect(app.getByRole('alert')).toContainText(/not right|do not match/);
    await signIn(app, 'alice', NEW_PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });
});
