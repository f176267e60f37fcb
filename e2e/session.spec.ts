import { PASSWORD, account, expect, registerThroughForm, signIn, signOut, test } from './support/fixtures';

test.describe('Sessions', () => {
  test('an idle session expires and the sign-in screen says why', async ({ app, harness }) => {
    await registerThroughForm(app, account('alice'));
    await harness.advanceClock(16 * 60_000);
    await app.getByRole('link', { name: 'Change password' }).click();
    await app.getByLabel('Current password').fill(PASSWORD);
    await app.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await app.getByLabel('Confirm new password').fill('a brand new passphrase');
    await app.getByRole('button', { name: 'Change password' }).click();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByText(/without activity|expired/i)).toBeVisible();
  });

  test('an expired session is noticed on reload too', async ({ app, harness }) => {
    await registerThroughForm(app, account('alice'));
    await harness.advanceClock(13 * 60 * 60_000);
    await app.reload();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByText(/expired|without activity/i)).toBeVisible();
  });

  test('a signed-in window survives a reload', async ({ app }) => {
    await registerThroughForm(app, account('alice'));
    await app.reload();
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('remember me keeps you signed in across a restart; sign-out ends the session but offers the username', async ({ app, harness, browser }) => {
    await registerThroughForm(app, account('alice'));
    await signOut(app);
    await signIn(app, 'alice', PASSWORD, true);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();

    await harness.restart();
    const fresh = await browser.newPage();
    await fresh.goto(harness.url);
    await expect(fresh.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    await signOut(fresh);
    // Who asked to be remembered is offered their username, and nothing else.
    await expect(fresh.getByLabel('Username or email')).toHaveValue('alice');
    await expect(fresh.getByLabel('Password', { exact: true })).toHaveValue('');

    await harness.restart();
    const after = await browser.newPage();
    await after.goto(harness.url);
    await expect(after.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('without remember me a restart asks to sign in again', async ({ app, harness, browser }) => {
    await registerThroughForm(app, account('alice'));
    await harness.restart();
    const fresh = await browser.newPage();
    await fresh.goto(harness.url);
    await expect(fresh.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
