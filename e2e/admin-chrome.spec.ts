/**
 * Issue 11, administration: the admin header says who is signed in and has Sign out next to
 * Lock, and the tab strip between Users, Audit log and Settings (and a user's details) stays
 * exactly where it is from one screen to the next.
 */
import type { Page } from '@playwright/test';
import { createUsersThroughBridge, goTo, registerAdmin } from './support/admin';
import { expect, test } from './support/fixtures';

/** Each tab's box, rounded to the pixel. */
async function tabBoxes(page: Page): Promise<string[]> {
  const tabs = page.getByRole('navigation', { name: 'Administration' }).getByRole('link');
  await expect(tabs).toHaveCount(3);
  const boxes: string[] = [];
  for (const tab of await tabs.all()) {
    const box = (await tab.boundingBox())!;
    boxes.push(`${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  return boxes;
}

test.describe('Administration: the frame', () => {
  test('the tab strip does not move between the admin screens', async ({ app }) => {
    await registerAdmin(app);
    // Enough users and audit rows that some screens are taller than the window and others not.
    await createUsersThroughBridge(app, Array.from({ length: 25 }, (_, i) => `person${i + 1}`));
    const seen: Record<string, string[]> = {};
    for (const [hash, heading] of [
      ['#/admin/users', 'Users'],
      ['#/admin/audit', 'Audit log'],
      ['#/admin/settings', 'Settings'],
      ['#/admin/users/2', 'person1'],
      ['#/admin/users', 'Users'],
    ] as const) {
      await goTo(app, hash);
      await expect(app.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      seen[`${hash} ${heading}`] = await tabBoxes(app);
    }
    const first = Object.values(seen)[0];
    for (const [screen, boxes] of Object.entries(seen)) expect(boxes, screen).toEqual(first);
  });
});

test.describe('Administration: the header', () => {
  test('says who is signed in and has Sign out next to Lock on every admin screen', async ({ app }) => {
    await registerAdmin(app);
    for (const [hash, heading] of [
      ['#/admin/users', 'Users'],
      ['#/admin/audit', 'Audit log'],
      ['#/admin/settings', 'Settings'],
    ] as const) {
      await goTo(app, hash);
      await expect(app.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      const header = app.getByRole('banner');
      await expect(header).toContainText('Signed in as admin');
      const signOut = header.getByRole('button', { name: 'Sign out' });
      const lock = header.getByRole('button', { name: 'Lock', exact: true });
      const [a, b] = [(await signOut.boundingBox())!, (await lock.boundingBox())!];
      // Side by side on one line, Sign out just before Lock.
      expect(Math.abs(a.y - b.y)).toBeLessThan(2);
      expect(b.x - (a.x + a.width)).toBeLessThanOrEqual(16);
      expect(b.x).toBeGreaterThan(a.x);
    }
    await app.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(app.getByText('Signed in as admin')).toHaveCount(0);
  });
});
