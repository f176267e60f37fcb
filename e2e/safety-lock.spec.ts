/** The lock screen against the real core: the lock is the core's, so a reload cannot skip it. */
import { seriousViolations } from './support/axe';
import { PASSWORD, account, expect, test } from './support/fixtures';
import { type BridgeWindow, expectLocked, expectTouchSized, lockScreenHeading, registerWhenReady, unlockWith } from './support/safety';

test.describe('Lock screen', () => {
  test('Lock and Ctrl+L hide the screen; only the right password opens it, even after a reload', async ({ app }) => {
    await registerWhenReady(app, account('alice'));

    await app.getByRole('button', { name: 'Lock', exact: true }).click();
    await expectLocked(app, 'alice');
    await expect(app.getByLabel('Password', { exact: true })).toBeFocused();
    await expect(app.getByLabel('Password', { exact: true })).toHaveAttribute('autocomplete', 'current-password');

    await unlockWith(app, 'not my password');
    await expect(app.getByRole('alert')).toHaveText('That password is not right.');
    await expect(lockScreenHeading(app)).toBeVisible();
    await unlockWith(app, PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();

    await app.keyboard.press('Control+l');
    await expectLocked(app, 'alice');

    // The lock is kept by the core: reloading the page shows the lock screen again.
    await app.reload();
    await expectLocked(app, 'alice');
    await unlockWith(app, PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('a locked window is refused everything but unlocking, even through the bridge directly', async ({ app }) => {
    await registerWhenReady(app, account('alice'));
    await app.getByRole('button', { name: 'Lock', exact: true }).click();
    await expectLocked(app, 'alice');

    const answer = await app.evaluate(() => (window as unknown as BridgeWindow).gatehouse.updateProfile({ email: 'someone@example.com' }));
    expect(answer.ok ? 'ok' : answer.error.code).toBe('SESSION_LOCKED');
  });

  test('"Sign in as someone else" ends the session and leaves an empty sign-in screen', async ({ app }) => {
    await registerWhenReady(app, account('alice'));
    await app.getByRole('button', { name: 'Lock', exact: true }).click();
    await app.getByLabel('Password', { exact: true }).fill('half typed');

    await app.getByRole('button', { name: 'Sign in as someone else' }).click();

    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByRole('status')).toHaveText('You have been signed out.');
    await expect(app.getByLabel('Username or email')).toHaveValue('');
    await expect(app.getByLabel('Password', { exact: true })).toHaveValue('');
    await expect(app.getByText('alice')).toHaveCount(0);

    await app.reload();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByLabel('Username or email')).toHaveValue('');
  });

  test('wrong passwords at the lock screen count toward the lockout', async ({ app }) => {
    await registerWhenReady(app, account('alice'));
    await app.keyboard.press('Control+l');
    await expectLocked(app, 'alice');

    for (let attempt = 1; attempt <= 4; attempt++) {
      await unlockWith(app, `wrong ${attempt}`);
      await expect(app.getByRole('alert')).toHaveText('That password is not right.');
    }
    await unlockWith(app, 'wrong 5');
    const alert = app.getByRole('alert');
    await expect(alert).toContainText('Too many wrong passwords.');
    await expect(alert).toContainText(/It unlocks on .+\./u);

    // Locked out means locked out: the right password waits too.
    await unlockWith(app, PASSWORD);
    await expect(alert).toContainText('Too many wrong passwords.');
    await expect(lockScreenHeading(app)).toBeVisible();
  });

  test('the lock screen is accessible and sized for touch', async ({ app }) => {
    await registerWhenReady(app, account('alice'));
    await expectTouchSized(app.getByRole('button', { name: 'Lock', exact: true }));
    await app.getByRole('button', { name: 'Lock', exact: true }).click();
    await expectLocked(app, 'alice');
    expect(await seriousViolations(app)).toEqual([]);

    await unlockWith(app, 'wrong');
    await expect(app.getByRole('alert')).toBeVisible();
    expect(await seriousViolations(app)).toEqual([]);

    for (const control of [
      app.getByLabel('Password', { exact: true }),
      app.getByRole('button', { name: 'Show password' }),
      app.getByRole('button', { name: 'Unlock' }),
      app.getByRole('button', { name: 'Sign in as someone else' }),
    ]) {
      await expectTouchSized(control);
    }

    // Paste is never blocked in a password field.
    const blocked = await app.getByLabel('Password', { exact: true }).evaluate((input) => {
      const event = new ClipboardEvent('paste', { bubbles: true, cancelable: true });
      input.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(blocked).toBe(false);
  });
});
