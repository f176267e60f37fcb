/** Kiosk mode in the browser: what ordinary people and administrators see, and Exit kiosk. */
import { seriousViolations } from './support/axe';
import { PASSWORD, account, expect, signIn, signOut, test } from './support/fixtures';
import { type BridgeWindow, expectTouchSized, registerWhenReady } from './support/safety';

test.describe('Kiosk mode', () => {
  test.describe('started as a kiosk', () => {
    test.use({ harnessOptions: { policy: { kioskMode: true }, setUpBy: account('staff') } });

    test('nobody can create an account at the kiosk', async ({ app }) => {
      await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      await expect(app.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
    });
  });

  test('an administrator leaves kiosk mode with their password; an ordinary user cannot', async ({ app }) => {
    const admin = account('root');
    const kim = account('kim');
    // The first account is the administrator; both are made while sign-up is still open.
    await registerWhenReady(app, admin);
    await signOut(app);
    await registerWhenReady(app, kim);
    await signOut(app);
    await signIn(app, admin.username, admin.password);
    await expect(app.getByRole('heading', { name: 'Welcome, root' })).toBeVisible();
    const set = await app.evaluate(() => (window as unknown as BridgeWindow).gatehouse.setPolicy({ policy: { kioskMode: true } }));
    expect(set.ok).toBe(true);
    await app.reload();

    const exit = app.getByRole('button', { name: 'Exit kiosk' });
    await expect(exit).toBeVisible();
    await expectTouchSized(exit);
    await exit.click();
    const dialog = app.getByRole('dialog', { name: 'Exit kiosk mode' });
    await expect(dialog).toBeVisible();
    const password = dialog.getByLabel('Password', { exact: true });
    await expect(password).toBeFocused();
    await expect(password).toHaveAttribute('autocomplete', 'current-password');
    expect(await seriousViolations(app)).toEqual([]);
    for (const control of [password, dialog.getByRole('button', { name: 'Exit kiosk' }), dialog.getByRole('button', { name: 'Cancel' })]) {
      await expectTouchSized(control);
    }

    // Cancel (or Escape) leaves everything as it was.
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(exit).toBeFocused();

    await exit.click();
    await password.fill('not my password');
    await dialog.getByRole('button', { name: 'Exit kiosk' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('That password is not right.');

    await password.fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Exit kiosk' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Leaving kiosk mode…');

    // In the browser nothing quits; the next person signs in as an ordinary user.
    await app.reload();
    await signOut(app);
    await expect(app.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
    await signIn(app, kim.username, kim.password);
    await expect(app.getByRole('heading', { name: 'Welcome, kim' })).toBeVisible();
    await expect(app.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
    await expect(app.getByRole('button', { name: 'Exit kiosk' })).toHaveCount(0);
    const refused = await app.evaluate(() => (window as unknown as BridgeWindow).gatehouse.exitKiosk({ password: 'correct horse battery staple' }));
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
  });
});
