import { account, expect, registerThroughForm, signOut, test } from './support/fixtures';

test.describe('Create account', () => {
  test('shows the password rules before anything is typed', async ({ app }) => {
    // A fresh device opens on its first-run screen, whose form is registration's (issue 11).
    await expect(app.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
    await expect(app.getByText('At least 8 characters')).toBeVisible();
    await expect(app.getByText('Does not contain your username')).toBeVisible();
  });

  test('creating the first account signs in and shows the dashboard', async ({ app }) => {
    const alice = account('alice');
    await registerThroughForm(app, alice);
    await expect(app).toHaveURL(/#\/dashboard$/);
    await expect(app.getByText(alice.email)).toBeVisible();
    // The first account on a fresh machine administers it.
    await expect(app.getByText(/admin/i).first()).toBeVisible();
  });

  for (const [name, fill, field, message] of [
    ['a short username', { username: 'al' }, 'Username', /3 to 30 characters/],
    ['a username with spaces', { username: 'al ice' }, 'Username', /letters, digits/],
    ['an email without a domain', { email: 'alice@' }, 'Email', /email address like/],
    ['a short password', { password: 'short1', confirm: 'short1' }, 'Password', /at least 8 characters/i],
    ['a common password', { password: 'password123', confirm: 'password123' }, 'Password', /most commonly used/],
    ['a password containing the username', { password: 'xx-alice-xx-1', confirm: 'xx-alice-xx-1' }, 'Password', /must not contain your username/],
    ['a confirmation that does not match', { confirm: 'something else entirely' }, 'Confirm password', /do not match/],
  ] as const) {
    test(`refuses ${name} with a message at the field`, async ({ app }) => {
      const values = { username: 'alice', email: 'alice@example.com', password: 'correct horse battery staple', confirm: undefined as string | undefined, ...fill };
      await app.goto(new URL('#/register', app.url()).href);
      await app.getByLabel('Username').fill(values.username);
      await app.getByLabel('Email').fill(values.email);
      await app.getByLabel('Password', { exact: true }).fill(values.password);
      await app.getByLabel('Confirm password').fill(values.confirm ?? values.password);
      await app.getByRole('button', { name: 'Create account' }).click();
      const input = app.getByLabel(field, { exact: true });
      await expect(input).toHaveAttribute('aria-invalid', 'true');
      await expect(input).toHaveAccessibleDescription(message);
      await expect(app.getByRole('heading', { name: /^(Create account|Set up this device)$/u })).toBeVisible();
    });
  }

  test('refuses a username that is taken, whatever its case, keeping what was typed', async ({ app }) => {
    await registerThroughForm(app, account('alice'));
    await signOut(app);
    await app.goto(new URL('#/register', app.url()).href);
    await app.getByLabel('Username').fill('ALICE');
    await app.getByLabel('Email').fill('other@example.com');
    await app.getByLabel('Password', { exact: true }).fill('another fine passphrase');
    await app.getByLabel('Confirm password').fill('another fine passphrase');
    await app.getByRole('button', { name: 'Create account' }).click();
    await expect(app.getByLabel('Username')).toHaveAccessibleDescription(/already taken/);
    await expect(app.getByLabel('Email')).toHaveValue('other@example.com');
  });
});
