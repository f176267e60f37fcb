/**
 * What the computer locking or sleeping does to a Gatehouse session (issue 14): locked by
 * default; signed out once an administrator ticks the setting. The harness stands in for the
 * shell's powerMonitor signal.
 */
import type { Page } from '@playwright/test';
import { account, expect, registerThroughForm, test } from './support/fixtures';
import { expectLocked } from './support/safety';

const SHOTS = process.env.GATEHOUSE_SHOTS_DIR;

function windowIdOf(page: Page): Promise<number> {
  return page.evaluate(() => Number(sessionStorage.getItem('gatehouse-harness-window')));
}

test('the computer locking locks Gatehouse by default, and signs out once the setting says so', async ({ app, harness }) => {
  await registerThroughForm(app, account('root'));
  await harness.systemLock(await windowIdOf(app));
  await expectLocked(app, 'root');
  await app.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await app.getByRole('button', { name: 'Unlock' }).click();
  await expect(app.getByRole('heading', { name: 'Welcome, root' })).toBeVisible();

  await app.goto(new URL('#/admin/settings', app.url()).href);
  const setting = app.getByLabel('Sign out when the computer locks or sleeps');
  await expect(setting).not.toBeChecked();
  await setting.check();
  await app.getByRole('button', { name: 'Save settings' }).click();
  await expect(app.getByText('Settings saved.')).toBeVisible();
  if (SHOTS) await app.screenshot({ path: `${SHOTS}/settings-system-lock.png`, fullPage: true });

  await harness.systemLock(await windowIdOf(app));
  await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(app.getByText('You were signed out because the computer was locked or went to sleep.')).toBeVisible();
});
