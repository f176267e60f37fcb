/**
 * The browser suite's account journeys, in the real app: create an account, sign in by
 * username and by email, wrong passwords and lockout, the route guard, the dashboard, changing
 * the password and signing out. Each test launches the built app on its own data folder.
 */
import { PASSWORD, account, registerThroughForm, signIn, signOut } from '../support/fixtures';
import { expect, test } from './support/gatehouse';

const alice = account('alice');
const NEW_PASSWORD = 'a brand new passphrase';

test.describe('Create account', () => {
  test('the first account is created through the form, signed in, and administers the machine', async ({ launch }) => {
    const { page } = await launch();
    // A fresh machine opens on its first-run screen (issue 11).
    await expect(page.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
    await expect(page.getByText('At least 8 characters')).toBeVisible();
    await registerThroughForm(page, alice);
    await expect(page).toHaveURL(/#\/dashboard$/);
    await expect(page.getByText(alice.email)).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: 'Administrator' })).toHaveCount(1);
  });

  test('a password that breaks the policy is refused at its field', async ({ launch }) => {
    const { page } = await launch();
    await page.goto(new URL('#/register', page.url()).href);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password', { exact: true }).fill('short1');
    await page.getByLabel('Confirm password').fill('short1');
    await page.getByRole('button', { name: 'Create account' }).click();
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(password).toHaveAccessibleDescription(/at least 8 characters/i);
    await expect(page.getByRole('heading', { name: 'Create account' })).toBeVisible();
  });
});

test.describe('Sign in', () => {
  test('by username and by email; a wrong password reads as a readable refusal', async ({ launch }) => {
    const { page } = await launch();
    await registerThroughForm(page, alice);
    await signOut(page);

    await signIn(page, 'Alice', PASSWORD);
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    await signOut(page);

    await signIn(page, alice.email, PASSWORD);
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    await signOut(page);

    await signIn(page, 'alice', 'not the password at all');
    await expect(page.getByRole('alert')).toContainText(/not right|do not match/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('five failures lock the account, and then even the right password is refused', async ({ launch }) => {
    const { page } = await launch();
    await registerThroughForm(page, alice);
    await signOut(page);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signIn(page, 'alice', `wrong password ${attempt}`);
      await expect(page.getByRole('alert')).toContainText(/not right|do not match/);
    }
    await signIn(page, 'alice', 'wrong password 5');
    await expect(page.getByRole('alert')).toContainText(/too many (failed|wrong)/i);
    await signIn(page, 'alice', PASSWORD);
    await expect(page.getByRole('alert')).toContainText(/too many (failed|wrong)/i);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('a protected screen sends you to sign in, then back where you were going', async ({ launch }) => {
    const { page } = await launch();
    await registerThroughForm(page, alice);
    await signOut(page);
    // A fresh page (someone who just signed out is deliberately not sent back into an account).
    await page.reload();
    await page.goto(new URL('#/change-password', page.url()).href);
    await expect(page).toHaveURL(/#\/login/);
    await signIn(page, 'alice', PASSWORD);
    await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  });
});

test.describe('Dashboard and password', () => {
  test('the dashboard shows the account facts', async ({ launch }) => {
    const { page } = await launch();
    await registerThroughForm(page, alice);
    await expect(page.getByText(alice.email)).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: 'Member since' })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: 'Last sign-in' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Change password' })).toBeVisible();
  });

  test('a wrong current password is refused; after a change only the new password signs in', async ({ launch }) => {
    const { page } = await launch();
    await registerThroughForm(page, alice);
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByLabel('Current password')).toHaveAccessibleDescription(/not your current password/);

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('status')).toContainText(/password (was|has been) changed/i);

    await page.goto(new URL('#/dashboard', page.url()).href);
    await signOut(page);
    await signIn(page, 'alice', PASSWORD);
    await expect(page.getByRole('alert')).toContainText(/not right|do not match/);
    await signIn(page, 'alice', NEW_PASSWORD);
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('signing out leaves no trace of the previous person', async ({ launch }) => {
    const { page } = await launch();
    await registerThroughForm(page, alice);
    await signOut(page);
    await expect(page.getByLabel('Username or email')).toHaveValue('');
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await page.goBack();
    await expect(page.getByRole('heading', { name: /Welcome/ })).toHaveCount(0);
  });
});
