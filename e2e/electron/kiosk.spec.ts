/**
 * Kiosk mode in the real app: provisioned with the CLI (registration is closed on a kiosk),
 * started with --kiosk, locked down against ordinary users, and left only by an administrator
 * who types their password again.
 */
import type { ElectronApplication, Page } from '@playwright/test';
import { PASSWORD, account, signIn } from '../support/fixtures';
import { expect, isKiosk, provisionAccount, test, windowCount } from './support/gatehouse';

const admin = account('warden');

/** Records the keys the page receives, so a swallowed shortcut can be told from a delivered one. */
async function recordKeys(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenKeys: string[] }).seenKeys = seen;
    window.addEventListener(
      'keydown',
      (event) => {
        if (['Control', 'Alt', 'Shift', 'Meta'].includes(event.key)) return;
        seen.push(`${event.ctrlKey ? 'Control+' : ''}${event.altKey ? 'Alt+' : ''}${event.shiftKey ? 'Shift+' : ''}${event.key}`);
      },
      true,
    );
  });
  return () => page.evaluate(() => [...(window as unknown as { seenKeys: string[] }).seenKeys]);
}

/**
 * A refused close leaves nothing to wait for, so give a close that was not refused time to
 * happen before looking.
 */
async function stillOpenAfterAMoment(electron: ElectronApplication, page: Page): Promise<void> {
  await page.waitForTimeout(1_000);
  expect(await windowCount(electron)).toBe(1);
  expect(await isKiosk(electron)).toBe(true);
}

test.describe('Kiosk', () => {
  test.beforeEach(async ({ dataDir }) => {
    await provisionAccount(dataDir, admin, true);
  });

  test('runs full screen with registration closed, devtools off, and no way to close it', async ({ launch }) => {
    const { electron, page } = await launch({ kiosk: true });
    expect(await isKiosk(electron)).toBe(true);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Create an account' })).toHaveCount(0);

    // Devtools are off: the devtools shortcut is swallowed, and even the main process asking
    // cannot open them. (Electron no longer reports webPreferences.devTools, so ask the window.)
    await page.keyboard.press('Control+Shift+I');
    await page.keyboard.press('F12');
    await electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.openDevTools());
    await page.waitForTimeout(1_000); // opening devtools is asynchronous
    const devtoolsOpened = await electron.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]!.webContents.isDevToolsOpened(),
    );
    expect(devtoolsOpened).toBe(false);

    // Close, quit, reload, devtools and zoom shortcuts never reach the page; the app's own
    // Ctrl+L (lock) does.
    const seenKeys = await recordKeys(page);
    for (const shortcut of ['Control+w', 'Alt+F4', 'Control+q', 'F5', 'Control+r', 'Control+Shift+I', 'F12', 'Control+=', 'Control+l']) {
      await page.keyboard.press(shortcut);
    }
    expect(await seenKeys()).toEqual(['Control+l']);
    await stillOpenAfterAMoment(electron, page);

    // Neither the window manager's close (BrowserWindow.close) nor the page's window.close() closes it.
    await electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    await stillOpenAfterAMoment(electron, page);
    await page.evaluate(() => window.close());
    await stillOpenAfterAMoment(electron, page);
  });

  test('Ctrl+L locks the session, the lock survives a reload, and someone else can sign in', async ({ launch }) => {
    const { page } = await launch({ kiosk: true });
    await signIn(page, admin.username, PASSWORD);
    await expect(page.getByRole('heading', { name: `Welcome, ${admin.username}` })).toBeVisible();

    await page.keyboard.press('Control+l');
    await expect(page.getByRole('button', { name: 'Sign in as someone else' })).toBeVisible();
    await expect(page.getByRole('heading', { name: `Welcome, ${admin.username}` })).toHaveCount(0);
    // The lock is kept by the main process: a reloaded page is still locked.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign in as someone else' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign in as someone else' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('an administrator leaves kiosk mode with their password, and the app quits', async ({ launch }) => {
    const { electron, page } = await launch({ kiosk: true });
    await signIn(page, admin.username, PASSWORD);
    await expect(page.getByRole('heading', { name: `Welcome, ${admin.username}` })).toBeVisible();

    await page.getByRole('button', { name: 'Exit kiosk' }).click();
    const prompt = page.getByRole('dialog');
    await prompt.getByLabel('Password', { exact: true }).fill('not the admin password');
    await prompt.getByRole('button', { name: 'Exit kiosk' }).click();
    await expect(prompt.getByRole('alert')).toBeVisible();
    expect(await isKiosk(electron)).toBe(true);

    const child = electron.process();
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    await prompt.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await prompt.getByRole('button', { name: 'Exit kiosk' }).click();
    expect(await exited).toBe(0);
  });
});
