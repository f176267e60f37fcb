/**
 * Issue 11, the person at the machine: first run, what the screens say after sign-in and after
 * a mistake, Edit profile, and the idle warning's and lock screen's honesty. Each journey runs
 * the real renderer against the real core through the browser harness.
 */
import type { Page } from '@playwright/test';
import { allViolations } from './support/axe';
import { PASSWORD, account, expect, registerThroughForm, signIn, signOut, test } from './support/fixtures';
import { type BridgeWindow, expectLocked, idleWarning, lockScreenHeading, registerWhenReady } from './support/safety';

const ALICE = account('alice');
const BOB = account('bob');
const FORGOT = 'Forgot your password? Ask an administrator of this device to reset it.';

function bridge(page: Page) {
  return {
    setPolicy: (policy: Record<string, unknown>) =>
      page.evaluate((p) => (window as unknown as BridgeWindow).gatehouse.setPolicy({ policy: p }), policy),
    register: () =>
      page.evaluate(() =>
        (window as unknown as BridgeWindow).gatehouse.register({
          username: 'mallory',
          email: 'mallory@example.com',
          password: 'a long passphrase here',
          confirmPassword: 'a long passphrase here',
        }),
      ),
  };
}

test.describe('First run', () => {
  test('a fresh device opens on "Set up this device", and its account is the administrator', async ({ app }) => {
    await expect(app.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
    await expect(app.getByText('The account you create here is the administrator’s')).toBeVisible();
    // The sign-in and registration addresses lead here too until the device is set up.
    await app.goto(new URL('#/login', app.url()).href);
    await expect(app.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
    expect(await allViolations(app)).toEqual([]);

    await registerThroughForm(app, ALICE);
    await expect(app.getByRole('region', { name: 'Administration' })).toBeVisible();
    await signOut(app);
    // Set up now: sign-in, never the first-run screen again.
    await app.goto(new URL('#/setup', app.url()).href);
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByText(FORGOT)).toBeVisible();
    expect(await allViolations(app)).toEqual([]);
  });

  test.describe('a kiosk nobody has set up', () => {
    test.use({ harnessOptions: { kiosk: true, policy: { selfRegistration: true } } });

    test('says "Not set up yet — ask staff", and the core refuses a first registration from the screen', async ({ page, harness }) => {
      await page.goto(harness.url);
      await expect(page.getByRole('heading', { name: 'Not set up yet — ask staff' })).toBeVisible();
      await expect(page.getByRole('textbox')).toHaveCount(0);
      const refused = await bridge(page).register();
      expect(refused).toMatchObject({ ok: false, error: { code: 'REGISTRATION_CLOSED' } });
      expect(await allViolations(page)).toEqual([]);
    });
  });

  test.describe('a kiosk set up by its staff, registration closed', () => {
    test.use({ harnessOptions: { kiosk: true, setUpBy: account('staff') } });

    test('the sign-in screen tells a stranger to ask staff, and how to mend a forgotten password', async ({ app }) => {
      await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      await expect(app.getByText('No account yet? Ask staff: they create accounts for this kiosk.')).toBeVisible();
      await expect(app.getByText(FORGOT)).toBeVisible();
      await expect(app.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
    });
  });
});

test.describe('Remember me on a shared computer', () => {
  test('is off by default; allowed, it is never ticked, its hint suits a shared computer, and sign-out forgets the name', async ({ app }) => {
    await registerWhenReady(app, ALICE);
    await signOut(app);
    await expect(app.getByLabel('Remember me')).toHaveCount(0);

    await signIn(app, ALICE.username, ALICE.password);
    expect((await bridge(app).setPolicy({ rememberAllowed: true })).ok).toBe(true);
    await signOut(app);
    const box = app.getByLabel('Remember me');
    await expect(box).not.toBeChecked();
    await expect(app.getByText('Do not use on a shared computer')).toHaveCount(0);
    await expect(app.getByText('It still locks when you step away; sign out when you leave.')).toBeVisible();

    await signIn(app, ALICE.username, ALICE.password, true);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    await signOut(app);
    await app.reload();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByLabel('Username or email')).toHaveValue('');
    await expect(app.getByLabel('Remember me')).not.toBeChecked();
  });
});

test.describe('After sign-in', () => {
  test('the dashboard shows the previous sign-in, not this one, and the failed attempts since', async ({ app, harness }) => {
    await registerWhenReady(app, ALICE);
    const registeredAt = await app.evaluate(async () => {
      const session = await (window as unknown as BridgeWindow).gatehouse.session({});
      return session.ok ? session.data.user?.lastLoginAt ?? null : null;
    });
    await expect(app.getByRole('definition').filter({ hasText: 'None: this is your first sign-in' })).toBeVisible();
    await signOut(app);

    await harness.advanceClock(2 * 60 * 60_000);
    await signIn(app, 'alice', 'not the password 1');
    await signIn(app, 'ALICE@example.com', 'not the password 2');
    await signIn(app, 'alice', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    const previous = app.getByRole('term').filter({ hasText: 'Previous sign-in' });
    await expect(previous).toBeVisible();
    // The registration's sign-in, two hours before this one.
    await expect(app.locator('.facts__row', { hasText: 'Previous sign-in' }).locator(`time[datetime="${registeredAt}"]`)).toBeVisible();
    await expect(app.getByText('2 failed sign-in attempts on your account. If this was not you, tell an administrator.')).toBeVisible();
    await expect(app.getByRole('term').filter({ hasText: 'Last sign-in' })).toHaveCount(0);
    expect(await allViolations(app)).toEqual([]);
  });

  test('after a password change the dashboard confirms it, with no emptied form left behind', async ({ app }) => {
    await registerWhenReady(app, ALICE);
    await app.getByRole('link', { name: 'Change password' }).click();
    await app.getByLabel('Current password').fill(PASSWORD);
    await app.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await app.getByLabel('Confirm new password').fill('a brand new passphrase');
    await app.getByRole('button', { name: 'Change password' }).click();
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    await expect(app.getByRole('status').filter({ hasText: 'Your password has been changed.' })).toBeVisible();
    await expect(app.getByLabel('Current password')).toHaveCount(0);
    expect(new URL(app.url()).hash).toBe('#/dashboard');
  });
});

test.describe('All errors at once', () => {
  test('registration shows every problem the core finds in one answer, and the meter never rates a refused password', async ({ app }) => {
    await registerWhenReady(app, ALICE);
    await signOut(app);
    await app.getByRole('link', { name: 'Create an account' }).click();
    await expect(app.getByRole('heading', { name: 'Create account' })).toBeVisible();
    await app.getByLabel('Username').fill('Alice');
    await app.getByLabel('Email').fill('ALICE@example.com');
    const password = app.getByLabel('Password', { exact: true });
    await password.fill('password123'); // 11 characters, letters and digits: "Fair" before issue 11
    await expect(app.getByRole('meter', { name: 'Password strength' })).toHaveAttribute('aria-valuetext', 'Not allowed');
    await password.fill('xAlicex-long-pass');
    await app.getByLabel('Confirm password').fill('xAlicex-long-pass');
    await expect(app.getByRole('meter', { name: 'Password strength' })).toHaveAttribute('aria-valuetext', 'Not allowed');

    // The form's own check stops a password with the username in it; the core's checks (taken
    // name, taken email, a common password) come back together, each beside its field.
    await password.fill('password123');
    await app.getByLabel('Confirm password').fill('password123');
    await app.getByRole('button', { name: 'Create account' }).click();
    await expect(app.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
    await expect(app.getByText('That username is already taken.')).toBeVisible();
    await expect(app.getByText('An account with that email already exists.')).toBeVisible();
    await expect(app.getByText(/most commonly used passwords/)).toBeVisible();
    await expect(app.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(await allViolations(app)).toEqual([]);
  });

  test('change password answers a wrong current password beside a refused new one', async ({ app }) => {
    await registerWhenReady(app, ALICE);
    await app.getByRole('link', { name: 'Change password' }).click();
    await app.getByLabel('Current password').fill('not my password at all');
    await app.getByLabel('New password', { exact: true }).fill('password123');
    await app.getByLabel('Confirm new password').fill('password123');
    await expect(app.getByRole('meter', { name: 'Password strength' })).toHaveAttribute('aria-valuetext', 'Not allowed');
    await app.getByRole('button', { name: 'Change password' }).click();
    await expect(app.getByLabel('Current password')).toHaveAccessibleDescription(/This is not your current password\./u);
    await expect(app.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/most commonly used passwords/u);
    await expect(app.getByRole('alert')).toHaveText('Some fields need attention.');
    await expect(app.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
    await expect(app.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  });

  test('create user answers a taken username and a taken email together', async ({ app }) => {
    await registerWhenReady(app, ALICE);
    await app.goto(new URL('#/admin/users', app.url()).href);
    await app.getByRole('button', { name: 'Create user' }).click();
    const dialog = app.getByRole('dialog', { name: 'Create user' });
    await dialog.getByLabel('Username').fill('ALICE');
    await dialog.getByLabel('Email').fill('Alice@Example.com');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText('That username is already taken.')).toBeVisible();
    await expect(dialog.getByText('An account with that email already exists.')).toBeVisible();
  });
});

test.describe('Lockout', () => {
  test('says the attempts left, the same for a name nobody has, and a lock time that does not jump', async ({ app, harness }) => {
    await registerWhenReady(app, ALICE);
    await signOut(app);
    const alert = app.getByRole('alert');
    for (const name of ['alice', 'nobody-here']) {
      await signIn(app, name, 'wrong one');
      await expect(alert).toContainText('4 attempts left before sign-in with this name is locked for 15 minutes.');
      await signIn(app, name, 'wrong two');
      await expect(alert).toContainText('3 attempts left');
    }
    for (const attempt of [3, 4]) await signIn(app, 'alice', `wrong ${attempt}`);
    await expect(alert).toContainText('1 attempt left before');
    await signIn(app, 'alice', 'wrong 5');
    await expect(alert).toContainText('Too many wrong passwords. Try again in 15 minutes.');
    // A second later, the same whole minutes: counted from the absolute unlock time.
    await harness.advanceClock(1_000);
    await signIn(app, 'alice', PASSWORD);
    await expect(alert).toContainText('Try again in 15 minutes.');
    await harness.advanceClock(60_000);
    await signIn(app, 'alice', PASSWORD);
    await expect(alert).toContainText('Try again in 14 minutes.');
  });
});

test.describe('Edit profile', () => {
  test('the dashboard leads to Edit profile, where the email changes with the password and is audited', async ({ app }) => {
    await registerWhenReady(app, ALICE);
    await app.getByRole('link', { name: 'Edit profile' }).click();
    await expect(app.getByRole('heading', { name: 'Edit profile' })).toBeVisible();
    expect(new URL(app.url()).hash).toBe('#/profile');
    const email = app.getByLabel('Email');
    await expect(email).toHaveValue('alice@example.com');

    await email.fill('alice@example.org');
    await app.getByRole('button', { name: 'Save changes' }).click();
    await expect(app.getByLabel('Your password')).toHaveAccessibleDescription(/Enter your password to change your email\./u);
    await app.getByLabel('Your password').fill('not my password at all');
    await app.getByRole('button', { name: 'Save changes' }).click();
    await expect(app.getByLabel('Your password')).toHaveAccessibleDescription(/This is not your password\./u);
    await expect(app.getByLabel('Your password')).toHaveValue('');
    expect(await allViolations(app)).toEqual([]);

    await app.getByLabel('Your password').fill(PASSWORD);
    await app.getByRole('button', { name: 'Save changes' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'Your email is now alice@example.org.' })).toBeVisible();
    await expect(app.getByLabel('Your password')).toHaveValue('');
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await expect(app.getByText('alice@example.org')).toBeVisible();

    const audit = await app.evaluate(() => (window as unknown as BridgeWindow).gatehouse.listAudit({ event: 'profile_change' }));
    expect(audit.ok && audit.data.entries.length).toBe(1);
    // The new email signs in.
    await signOut(app);
    await signIn(app, 'alice@example.org', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });
});

test.describe('Leaving the machine', () => {
  test('the idle warning offers "Sign out now" next to "Stay signed in"', async ({ app, harness }) => {
    await registerWhenReady(app, ALICE);
    await harness.advanceClock(15 * 60_000 - 40_000);
    const warning = idleWarning(app);
    await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeVisible();
    await warning.getByRole('button', { name: 'Sign out now' }).click();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByRole('status')).toHaveText('You have been signed out.');
    await app.reload();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('the lock screen says how long until the session is signed out', async ({ app, harness }) => {
    await registerWhenReady(app, BOB);
    await app.getByRole('button', { name: 'Lock', exact: true }).click();
    await expectLocked(app, 'bob');
    await expect(app.getByText('If nobody unlocks it, this session is signed out in 15 minutes.')).toBeVisible();
    await expect(app.getByText(FORGOT)).toBeVisible();
    await harness.advanceClock(5 * 60_000);
    await app.reload();
    await expect(lockScreenHeading(app)).toBeVisible();
    await expect(app.getByText('If nobody unlocks it, this session is signed out in 10 minutes.')).toBeVisible();
  });
});
