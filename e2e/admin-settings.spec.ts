/** Policy changes made on the Settings screen take effect at once, where people see them. */
import { registerAdmin } from './support/admin';
import { expect, signOut, test } from './support/fixtures';

test.describe('Administration: settings', () => {
  test('closing self-registration removes “Create an account” from the sign-in screen', async ({ app }) => {
    await registerAdmin(app);
    await app.getByRole('link', { name: 'Settings' }).click();
    await expect(app.getByRole('heading', { name: 'Settings' })).toBeVisible();
    const open = app.getByRole('checkbox', { name: 'Anyone can create an account' });
    await expect(open).toBeChecked();

    await open.uncheck();
    await app.getByRole('button', { name: 'Save settings' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    await app.reload();
    await expect(app.getByRole('checkbox', { name: 'Anyone can create an account' })).not.toBeChecked();
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);
    await expect(app.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
    await app.goto(new URL('#/register', app.url()).href);
    await expect(app.getByText(/Creating accounts is turned off/)).toBeVisible();
  });

  test('a longer minimum password length shows in the rules of the create-account screen', async ({ app }) => {
    await registerAdmin(app);
    await app.getByRole('link', { name: 'Settings' }).click();
    const length = app.getByLabel('Minimum password length (characters)');
    await expect(length).toHaveValue('8');

    await length.fill('99');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await expect(length).toHaveAttribute('aria-invalid', 'true');
    await expect(length).toHaveAccessibleDescription(/from 8 to 64/);

    await length.fill('12');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);
    await app.getByRole('link', { name: 'Create an account' }).click();
    await expect(app.getByText('At least 12 characters')).toBeVisible();
  });

  test('durations are shown in their unit and saved in it', async ({ app }) => {
    await registerAdmin(app);
    await app.getByRole('link', { name: 'Settings' }).click();
    const lockout = app.getByLabel('Lockout duration (minutes)');
    await expect(lockout).toHaveValue('15');
    await lockout.fill('45');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    // The audit log records the change in the same unit.
    await app.getByRole('link', { name: 'Audit log' }).click();
    await app.getByLabel('Event').selectOption({ label: 'Settings changed' });
    await expect(app.getByRole('table')).toContainText('Lockout duration: 15 → 45 minutes');
  });
});
