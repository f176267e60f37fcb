/** The browser suite's fixtures: every test gets its own harness and data folder. */
import { test as base, expect, type Page } from '@playwright/test';
import { startHarness, type Harness, type HarnessOptions } from './harness';

export const PASSWORD = 'correct horse battery staple';

export const test = base.extend<{ harnessOptions: HarnessOptions; harness: Harness; app: Page }>({
  harnessOptions: [{}, { option: true }],
  harness: async ({ harnessOptions }, use) => {
    const harness = await startHarness(harnessOptions);
    await use(harness);
    await harness.stop();
  },
  /** The app, opened at its start page. */
  app: async ({ page, harness }, use) => {
    await page.goto(harness.url);
    // Started: a fresh data folder means nobody is signed in (and, outside kiosk mode, the
    // first-run screen, issue 11). Navigating before this would race the start-up redirects.
    await expect(startScreenHeading(page)).toBeVisible();
    await use(page);
  },
});

export { expect };

export interface Account {
  username: string;
  email: string;
  password: string;
}

export function account(username: string, password = PASSWORD): Account {
  return { username, email: `${username}@example.com`, password };
}

/**
 * The screen a person finds when nobody is signed in: sign-in, or on a device nobody has set up
 * yet the first-run screen (issue 11), whose form is registration's, or at a kiosk "ask staff".
 */
export function startScreenHeading(page: Page) {
  return page.getByRole('heading', { name: /^(Sign in|Set up this device|Not set up yet — ask staff)$/u });
}

/** Creates an account through the form, as a person would (the first one on the first-run screen); ends on the dashboard. */
export async function registerThroughForm(page: Page, who: Account): Promise<void> {
  await page.goto(new URL('#/register', page.url()).href);
  await expect(page.getByRole('heading', { name: /^(Create account|Set up this device)$/u })).toBeVisible();
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByLabel('Confirm password').fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${who.username}` })).toBeVisible();
}

export async function signIn(page: Page, identifier: string, password: string, remember = false): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username or email').fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (remember) await page.getByLabel('Remember me').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Wait for the answer (the button reads "Signing in…" while busy), so a next attempt never
  // types into a form that is still busy with this one.
  await expect(page.getByRole('button', { name: 'Signing in…' })).toHaveCount(0);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}
