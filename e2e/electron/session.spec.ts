/**
 * Sessions in the real app: remember-me across a relaunch, the idle sign-out with its warning,
 * and the operating system locking the screen.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectronApplication } from '@playwright/test';
import { keyStoreInUse } from '../../src/main/key-store';
import { PASSWORD, account, registerThroughForm, signIn, signOut } from '../support/fixtures';
import { emitPowerEvent, expect, pretendMachineIsIdle, provisionAccount, setPolicy, test } from './support/gatehouse';

const alice = account('alice');

/**
 * Whether safeStorage can really encrypt here, judged by the app's own function
 * (src/main/key-store.ts), run inside the app's main process: no second copy of the rule.
 */
function keyringAvailable(electron: ElectronApplication): Promise<boolean> {
  return electron.evaluate(keyStoreInUse);
}

function storedSettings(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dataDir, 'machine-settings.json'), 'utf8')) as Record<string, unknown>;
}

test.describe('Remember me', () => {
  test('keeps you signed in across a relaunch where the token can be encrypted, never in plain text', async ({
    launch,
    dataDir,
  }) => {
    const first = await launch();
    await registerThroughForm(first.page, alice);
    // Remember me is off until an administrator allows it (issue 11); alice is the first account.
    const allowed = await first.page.evaluate(() =>
      (window as unknown as { gatehouse: { setPolicy: (p: unknown) => Promise<{ ok: boolean }> } }).gatehouse.setPolicy({ policy: { rememberAllowed: true } }),
    );
    expect(allowed.ok).toBe(true);
    await signOut(first.page);
    await signIn(first.page, 'alice', PASSWORD, true);
    await expect(first.page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    const encrypted = await keyringAvailable(first.electron);
    test.info().annotations.push({
      type: 'keyring',
      description: encrypted ? 'safeStorage encrypts: remember-me survives a relaunch' : 'no keyring: remember-me lasts until quit',
    });
    await first.electron.close();

    const token = storedSettings(dataDir).rememberTokenEncrypted;
    const second = await launch();
    if (encrypted) {
      expect(typeof token).toBe('string');
      await expect(second.page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
      await signOut(second.page);
      await second.electron.close();
      // Signing out forgets the remembered sign-in.
      const third = await launch();
      await expect(third.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    } else {
      // Without a keyring the token is never written, so the next launch asks again.
      expect(token).toBeUndefined();
      await expect(second.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    }
  });

  test('without remember me a relaunch asks to sign in again', async ({ launch }) => {
    const first = await launch();
    await registerThroughForm(first.page, alice);
    await first.electron.close();
    const second = await launch();
    await expect(second.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});

test.describe('Leaving the machine', () => {
  test('an idle session warns, then signs out and the sign-in screen says why', async ({ launch, dataDir }) => {
    // One minute (the shortest policy allowed) plus the time to launch and sign in.
    test.setTimeout(180_000);
    await provisionAccount(dataDir, alice, false);
    await setPolicy(dataDir, 'idleTimeoutMs', '1m');

    const { electron, page } = await launch();
    await pretendMachineIsIdle(electron);
    await signIn(page, 'alice', PASSWORD);
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    // The countdown covers the last 60 seconds, which is the whole of a one-minute timeout.
    await expect(page.getByRole('button', { name: 'Stay signed in' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 100_000 });
    await expect(page.getByText(/without activity|expired/i)).toBeVisible();
  });

  test('the operating system locking the screen locks the session behind its password', async ({ launch }) => {
    const { electron, page } = await launch();
    await registerThroughForm(page, alice);
    await emitPowerEvent(electron, 'lock-screen');
    // The shell reloads the page; the renderer asks who is signed in and is told: locked.
    await expect(page.getByRole('button', { name: 'Sign in as someone else' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Sign in as someone else' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('the machine going to sleep locks the session too', async ({ launch }) => {
    const { electron, page } = await launch();
    await registerThroughForm(page, alice);
    await emitPowerEvent(electron, 'suspend');
    await expect(page.getByRole('button', { name: 'Sign in as someone else' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toHaveCount(0);
  });
});
