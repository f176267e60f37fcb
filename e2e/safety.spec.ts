/**
 * Idle sign-out with two clocks: harness.advanceClock moves the core's time, which alone decides
 * the warning and the sign-out (pushed to the page); Playwright's page.clock moves the page's by
 * the same amount, which paces its throttled input reports, its polling for the push and the
 * countdown it draws between pushes.
 */
import { seriousViolations } from './support/axe';
import { PASSWORD, account, expect, test } from './support/fixtures';
import { countdownSeconds, expectTouchSized, idleWarning, registerWhenReady } from './support/safety';

const IDLE_TIMEOUT = 2 * 60_000;

test.use({ harnessOptions: { policy: { idleTimeoutMs: IDLE_TIMEOUT } } });

test.describe('Idle sign-out', () => {
  test('a minute before the deadline a warning counts down; "Stay signed in" keeps the session', async ({ page, harness }) => {
    await page.clock.install();
    await page.goto(harness.url);
    await registerWhenReady(page, account('alice'));

    await harness.advanceClock(IDLE_TIMEOUT - 62_000);
    await page.clock.fastForward(IDLE_TIMEOUT - 62_000);
    await expect(idleWarning(page)).toHaveCount(0);

    await harness.advanceClock(4_000);
    await page.clock.fastForward(4_000);
    const warning = idleWarning(page);
    await expect(warning).toBeVisible();
    const stay = warning.getByRole('button', { name: 'Stay signed in' });
    await expect(stay).toBeFocused();
    const first = await countdownSeconds(warning);
    expect(first).toBeGreaterThanOrEqual(57);
    expect(first).toBeLessThanOrEqual(60);

    await harness.advanceClock(10_000);
    await page.clock.fastForward(10_000);
    await expect.poll(() => countdownSeconds(warning)).toBeLessThanOrEqual(first - 10);

    // A real modal (showModal): the rest of the page is inert behind it.
    expect(await warning.evaluate((dialog) => dialog.matches(':modal'))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await expectTouchSized(stay);

    await stay.click();
    await expect(warning).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();

    // A full timeout starts again from the answer, by both clocks: 100 s on, the core still has
    // the session, so the second "Stay signed in" is answered and the person stays.
    await harness.advanceClock(100_000);
    await page.clock.fastForward(100_000);
    await expect(warning).toBeVisible();
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await expect(warning).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('nobody answers: signed out, and the sign-in screen says why and remembers no one', async ({ page, harness }) => {
    await page.clock.install();
    await page.goto(harness.url);
    await registerWhenReady(page, account('alice'));

    await harness.advanceClock(70_000);
    await page.clock.fastForward(70_000);
    await expect(idleWarning(page)).toBeVisible();
    // Typing while the warning is open is not an answer (Space or Enter would press its button).
    await page.keyboard.type('hello');
    await page.mouse.click(5, 5);
    // Nor does Escape dismiss it (Chromium force-closes on a second Escape; it opens again).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(idleWarning(page)).toBeVisible();
    await expect(idleWarning(page).getByRole('button', { name: 'Stay signed in' })).toBeFocused();
    await harness.advanceClock(55_000);
    await page.clock.fastForward(55_000);

    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('You were signed out after 2 minutes without activity.');
    await expect(idleWarning(page)).toHaveCount(0);
    await expect(page.getByLabel('Username or email')).toHaveValue('');
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

    // The core ended the session too: a reload does not bring alice back.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.getByLabel('Username or email').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('activity in the app keeps the session without a warning', async ({ page, harness }) => {
    await page.clock.install();
    await page.goto(harness.url);
    await registerWhenReady(page, account('alice'));

    // Someone reading and scrolling: a key now and then, passed on to the core every 15 s.
    for (let step = 0; step < 6; step++) {
      await page.keyboard.press('Shift');
      await harness.advanceClock(30_000);
      await page.clock.fastForward(30_000);
      await expect(idleWarning(page)).toHaveCount(0);
    }
    // Three minutes on both clocks, past the two-minute timeout, and still signed in at the core.
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await page.getByLabel('Confirm new password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Your password has been changed.')).toBeVisible();
  });

  test('the core alone signs out a renderer that stops reporting', async ({ page, harness }) => {
    await page.clock.install();
    await page.goto(harness.url);
    await registerWhenReady(page, account('alice'));

    // Only the core's time passes the timeout: the renderer believes it has plenty left, and its
    // next activity report (15 s on) is refused.
    await harness.advanceClock(IDLE_TIMEOUT + 60_000);
    await page.keyboard.press('Shift');
    await page.clock.fastForward(16_000);

    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('You were signed out after 2 minutes without activity.');
  });
});
