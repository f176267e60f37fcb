/** Steps the admin journeys share, done as an administrator would do them in the app. */
import type { Browser, Locator, Page } from '@playwright/test';
import type { GatehouseApi } from '../../src/shared/api';
import { PASSWORD, account, expect, registerThroughForm, signIn, type Account } from './fixtures';

export const ADMIN: Account = account('admin');
/** The page's window with the bridge the harness injects (the renderer's own typing is not in this project). */
export type BridgeWindow = Window & { gatehouse: GatehouseApi };

/** What people choose when a temporary password must be replaced. */
export const CHOSEN_PASSWORD = 'a password of my own choosing';

/**
 * registerThroughForm changes the hash while the app may still be starting; the start-up
 * redirect to sign-in can then win (seen about once in 30 runs). Waiting for the app to be up
 * first takes that race away.
 */
async function registerWhenReady(page: Page, who: Account): Promise<void> {
  await expect(page.getByRole('heading', { name: /Sign in|Welcome|Set up this device/ })).toBeVisible(); // issue 11: a fresh device opens on its first-run screen
  await registerThroughForm(page, who);
}

/** The first account on a fresh data folder is the administrator. Ends on the dashboard. */
export async function registerAdmin(page: Page): Promise<Account> {
  await registerWhenReady(page, ADMIN);
  await expect(page.getByRole('region', { name: 'Administration' })).toBeVisible();
  return ADMIN;
}

export async function goTo(page: Page, hash: string): Promise<void> {
  await page.goto(new URL(hash, page.url()).href);
}

export async function openUsers(page: Page): Promise<void> {
  await goTo(page, '#/admin/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByRole('table')).not.toHaveAttribute('aria-busy', 'true');
}

/** The users table row whose row header is exactly this username. */
export function userRow(page: Page, username: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${username}( \\(you\\))?$`) }) });
}

/** Opens a row's Actions menu, picks an item and returns the confirmation dialog. */
export async function chooseAction(page: Page, username: string, action: string): Promise<Locator> {
  await page.getByRole('button', { name: `Actions for ${username}`, exact: true }).click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Confirms an action and waits for the announcement that it was done. */
export async function confirmAction(page: Page, username: string, action: string, announced: RegExp): Promise<void> {
  const dialog = await chooseAction(page, username, action);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: announced })).toBeVisible();
}

/** Reads the temporary password from its dialog and closes it; the dialog must say it is shown once. */
export async function takeTemporaryPassword(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Temporary password' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('will not be shown again');
  const password = (await dialog.locator('code').textContent())?.trim() ?? '';
  expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return password;
}

/** Creates an account through the Create user dialog; returns its temporary password. */
export async function createUserThroughDialog(page: Page, username: string, role: 'User' | 'Administrator' = 'User'): Promise<string> {
  await page.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create user' });
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByLabel('Email').fill(`${username}@example.com`);
  await dialog.getByLabel('Role').selectOption({ label: role });
  await dialog.getByRole('button', { name: 'Create user' }).click();
  return takeTemporaryPassword(page);
}

/** Setup only: many accounts at once through the same bridge the app uses. */
export async function createUsersThroughBridge(page: Page, usernames: string[]): Promise<void> {
  const failures = await page.evaluate(async (names) => {
    const bridge = (window as unknown as BridgeWindow).gatehouse;
    const refused: string[] = [];
    for (const username of names) {
      const result = await bridge.createUser({ username, email: `${username}@example.com`, role: 'user' });
      if (!result.ok) refused.push(`${username}: ${result.error.message}`);
    }
    return refused;
  }, usernames);
  expect(failures).toEqual([]);
}

/** A second window (its own window id, so its own session) with someone registered and signed in. */
export async function registerInNewWindow(browser: Browser, url: string, who: Account): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  await registerWhenReady(page, who);
  return page;
}

/** Signs in with a temporary password and replaces it, as the forced change demands. */
export async function replaceTemporaryPassword(page: Page, username: string, temporary: string, chosen = CHOSEN_PASSWORD): Promise<void> {
  await signIn(page, username, temporary);
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await page.getByLabel('Current password').fill(temporary);
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('Confirm new password').fill(chosen);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: /password has been changed/i })).toBeVisible();
}

export { PASSWORD };
