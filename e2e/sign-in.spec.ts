import { PASSWORD, account, expect, registerThroughForm, signIn, signOut, test } from './support/fixtures';

test.describe('Sign in', () => {
  test.beforeEach(async ({ app }) => {
    await registerThroughForm(app, account('alice'));
    await signOut(app);
  });

  test('by username, in any case', async ({ app }) => {
    await signIn(app, 'Alice', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('by email', async ({ app }) => {
    await signIn(app, 'alice@example.com', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('a wrong password is refused with a readable message', async ({ app }) => {
    await signIn(app, 'alice', 'not the password at all');
    await expect(app.getByRole('alert')).toContainText(/not right|do not match/);
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('an unknown account reads exactly like a wrong password', async ({ app }) => {
    await signIn(app, 'nobody-here', 'not the password at all');
    await expect(app.getByRole('alert')).toContainText(/not right|do not match/);
  });

  test('five failures lock the account and say when it unlocks', async ({ app }) => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signIn(app, 'alice', `wrong password ${attempt}`);
      await expect(app.getByRole('alert')).toContainText(/not right|do not match/);
    }
    await signIn(app, 'alice', 'wrong password 5');
    await expect(app.getByRole('alert')).toContainText(/too many (failed|wrong)/i);
    // Even the right password is refused while locked.
    await signIn(app, 'alice', PASSWORD);
    await expect(app.getByRole('alert')).toContainText(/too many (failed|wrong)/i);
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('the lock lifts after its time', async ({ app, harness }) => {
    for (let attempt = 1; attempt <= 5; attempt++) await signIn(app, 'alice', `wrong password ${attempt}`);
    await expect(app.getByRole('alert')).toContainText(/too many (failed|wrong)/i);
    await harness.advanceClock(16 * 60_000);
    await signIn(app, 'alice', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('a protected screen sends you to sign in, then back where you were going', async ({ app }) => {
    // A fresh start (someone who just signed out is deliberately not sent back into an account).
    await app.reload();
    await app.goto(new URL('#/change-password', app.url()).href);
    await expect(app).toHaveURL(/#\/login/);
    await signIn(app, 'alice', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Change password' })).toBeVisible();
  });

  test('signed in, the sign-in and register screens lead to the dashboard', async ({ app }) => {
    await signIn(app, 'alice', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    await app.goto(new URL('#/login', app.url()).href);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    await app.goto(new URL('#/register', app.url()).href);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('signing out leaves no trace of the previous person', async ({ app }) => {
    await signIn(app, 'alice', PASSWORD);
    await signOut(app);
    await expect(app.getByLabel('Username or email')).toHaveValue('');
    await expect(app.getByLabel('Password', { exact: true })).toHaveValue('');
    await app.goBack();
    await expect(app.getByRole('heading', { name: /Welcome/ })).toHaveCount(0);
  });
});
