/**
 * Issue 11, the portrait touch kiosk: at 800×1280 and 1080×1920 with touch the screens use the
 * space (larger type, a wider card, not stuck in the top fifth), the Users table's actions are
 * reachable without a sideways swipe at 800 px, and every target is at least 44×44 px.
 */
import type { Page } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { createUsersThroughBridge, goTo, openUsers, registerAdmin } from './support/admin';
import { account, expect, signOut, test } from './support/fixtures';
import { registerWhenReady } from './support/safety';

const SHOTS = process.env.GATEHOUSE_SHOTS; // a folder: save screenshots there to look at them

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Every control smaller than 44×44 px, named. */
function tooSmall(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, [role="menuitem"], [tabindex="0"]'))
      .filter((el) => el.getClientRects().length > 0 && !(el instanceof HTMLInputElement && el.type === 'checkbox'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ el, box }) => `${el.tagName} "${el.textContent?.trim() || el.getAttribute('aria-label') || ''}" ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
}

async function cardBox(page: Page) {
  return (await page.locator('.card').first().boundingBox())!;
}

for (const size of [
  { width: 800, height: 1280, minCard: 560, minFont: 20 },
  { width: 1080, height: 1920, minCard: 760, minFont: 24 },
]) {
  test.describe(`Portrait touch kiosk ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, hasTouch: true });

    test('sign-in uses the space: larger type, a wider card, in the middle of the screen', async ({ app }) => {
      // A fresh device opens on its first-run screen: set it up, then sign out to reach sign-in.
      await registerWhenReady(app, account('alice'));
      await signOut(app);
      await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      const card = await cardBox(app);
      // Today: a 440 px card whose top sits in the top fifth of the screen.
      expect(card.width).toBeGreaterThanOrEqual(size.minCard);
      expect(card.y).toBeGreaterThan(size.height * 0.2);
      const fontSize = await app.getByLabel('Username or email').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(size.minFont);
      expect(await tooSmall(app)).toEqual([]);
      expect(await seriousViolations(app)).toEqual([]);
      await shot(app, `portrait-${size.width}-sign-in`);
      for (const scheme of ['dark'] as const) {
        await app.emulateMedia({ colorScheme: scheme });
        await shot(app, `portrait-${size.width}-sign-in-${scheme}`);
        expect(await seriousViolations(app)).toEqual([]);
      }
    });

    test('every screen keeps its targets at least 44 px, and the Users actions need no sideways swipe', async ({ app }) => {
      await registerAdmin(app);
      expect(await tooSmall(app)).toEqual([]);
      await shot(app, `portrait-${size.width}-dashboard`);
      await createUsersThroughBridge(app, ['bob', 'margaret.hamilton-apollo']);
      await openUsers(app);
      const region = app.getByRole('region', { name: /All users/ });
      const overflow = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, 'the users list scrolls sideways').toBeLessThanOrEqual(0);
      for (const name of ['bob', 'margaret.hamilton-apollo']) {
        const actions = app.getByRole('button', { name: `Actions for ${name}`, exact: true });
        await actions.scrollIntoViewIfNeeded();
        const box = (await actions.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(size.width);
        expect(box.x).toBeGreaterThanOrEqual(0);
      }
      expect(await tooSmall(app)).toEqual([]);
      expect(await seriousViolations(app)).toEqual([]);
      await shot(app, `portrait-${size.width}-users`);
      await app.getByRole('button', { name: 'Actions for bob', exact: true }).tap();
      await expect(app.getByRole('menu')).toBeVisible();
      expect(await tooSmall(app)).toEqual([]);
      await shot(app, `portrait-${size.width}-users-menu`);
      await app.keyboard.press('Escape');

      for (const [hash, heading] of [
        ['#/admin/users/2', 'bob'],
        ['#/admin/audit', 'Audit log'],
        ['#/admin/settings', 'Settings'],
      ] as const) {
        await goTo(app, hash);
        await expect(app.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
        if (heading === 'Audit log') await expect(app.getByRole('table')).not.toHaveAttribute('aria-busy', 'true');
        expect(await tooSmall(app), heading).toEqual([]);
        expect(await seriousViolations(app), heading).toEqual([]);
        await shot(app, `portrait-${size.width}-${heading.replace(/\W+/gu, '-').toLowerCase()}`);
      }
      await app.emulateMedia({ colorScheme: 'dark' });
      await openUsers(app);
      expect(await seriousViolations(app)).toEqual([]);
      await shot(app, `portrait-${size.width}-users-dark`);
    });
  });
}
