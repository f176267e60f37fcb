/** Helpers for the lock screen, the idle warning and kiosk journeys (e2e/safety*.spec.ts). */
import { expect, type Locator, type Page } from '@playwright/test';
import type { GatehouseApi } from '../../src/shared/api';
import { registerThroughForm, startScreenHeading, type Account } from './fixtures';

/** The page's window as the bridge leaves it, for calls a person could make from the console. */
export type BridgeWindow = Window & { gatehouse: GatehouseApi };

export function lockScreenHeading(page: Page): Locator {
  return page.getByRole('heading', { name: 'Gatehouse is locked' });
}

export function idleWarning(page: Page): Locator {
  return page.getByRole('alertdialog', { name: 'Are you still there?' });
}

/** The lock screen for `username`, with nothing of the screen it replaced left in the page. */
export async function expectLocked(page: Page, username: string): Promise<void> {
  await expect(lockScreenHeading(page)).toBeVisible();
  await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
  await expect(page.getByText(`${username}@example.com`)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `Welcome, ${username}` })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toHaveCount(0);
}

export async function unlockWith(page: Page, password: string): Promise<void> {
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** Touch kiosks: every control at least 44×44 CSS pixels. */
export async function expectTouchSized(control: Locator): Promise<void> {
  const box = await control.boundingBox();
  expect(box, 'the control is on screen').not.toBeNull();
  expect(box!.width, 'width').toBeGreaterThanOrEqual(44);
  expect(box!.height, 'height').toBeGreaterThanOrEqual(44);
}

/** The countdown's number of seconds, read from the warning's accessible description. */
export async function countdownSeconds(dialog: Locator): Promise<number> {
  const text = await dialog.evaluate((element) => {
    const id = element.getAttribute('aria-describedby') ?? '';
    return document.getElementById(id)?.textContent ?? '';
  });
  const match = /You will be signed out in (\d+) seconds?\./u.exec(text);
  if (!match) throw new Error(`No countdown in: ${text}`);
  return Number(match[1]);
}

/**
 * registerThroughForm, once the app has settled on the sign-in screen: a hash change made while
 * the start-up redirects (/ → /dashboard → /login) are still running can be overtaken by them.
 */
export async function registerWhenReady(page: Page, who: Account): Promise<void> {
  await expect(startScreenHeading(page)).toBeVisible();
  await registerThroughForm(page, who);
}
