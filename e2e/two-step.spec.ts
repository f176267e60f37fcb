/**
 * Issue 13 in the browser: enrol by reading the Setup key and computing the code here, as a
 * phone would; sign out; sign in with a code; with a recovery code; turn it off. Axe on each new
 * screen, in light and dark, and screenshots (desktop, 800×1280 touch, dark) to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { GatehouseApi } from '../src/shared/api';
import { Secret, TOTP } from 'otpauth';
import { seriousViolations } from './support/axe';
import { chooseAction } from './support/admin';
import { PASSWORD, account, expect, registerThroughForm, signIn, signOut, test } from './support/fixtures';
import type { Harness } from './support/harness';

const SHOTS = 'test-results/two-step';
const STEP_MS = 30_000;

/** The phone: codes from the setup key, at the harness core's clock (real time plus what the test advanced). */
class Phone {
  private offsetMs = 0;
  constructor(
    private readonly harness: Harness,
    private readonly secret: string,
  ) {}
  code(): string {
    const totp = new TOTP({ secret: Secret.fromBase32(this.secret), algorithm: 'SHA1', digits: 6, period: 30 });
    return totp.generate({ timestamp: Date.now() + this.offsetMs });
  }
  /** A code is used once: the next one comes from a later 30-second step. */
  async nextStep(): Promise<void> {
    await this.harness.advanceClock(STEP_MS);
    this.offsetMs += STEP_MS;
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const { width, height } = page.viewportSize()!;
  await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png`, fullPage: true });
}

async function openTwoStep(page: Page): Promise<void> {
  // Someone policy holds at the setup screen is there already.
  const heading = page.getByRole('heading', { name: 'Two-step verification', level: 1 });
  if (!(await heading.isVisible())) await page.getByRole('link', { name: 'Two-step verification' }).click();
  await expect(page.getByRole('heading', { name: 'Two-step verification', level: 1 })).toBeVisible();
}

/** Set up → read the Setup key → Turn on with the phone's code → Recovery codes. Returns the phone and the codes. */
async function enrol(page: Page, harness: Harness, shots?: string): Promise<{ phone: Phone; recoveryCodes: string[] }> {
  await openTwoStep(page);
  await page.getByRole('button', { name: 'Set up' }).click();
  const key = page.locator('.setup-key__value');
  await expect(key).toBeVisible();
  await expect(page.getByText('Setup key', { exact: true })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const shown = (await key.textContent()) ?? '';
  // Grouped for reading aloud: blocks of four.
  expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  const phone = new Phone(harness, shown.replace(/\s+/g, ''));
  if (shots) {
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, `${shots}-setup`);
  }
  await page.getByLabel('6-digit code').fill(phone.code());
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('heading', { name: 'Recovery codes' })).toBeVisible();
  const recoveryCodes = (await page.getByRole('list', { name: 'Your recovery codes' }).locator('code').allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  // The setup key is gone from the page once it is on.
  await expect(page.locator('.setup-key__value')).toHaveCount(0);
  if (shots) {
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, `${shots}-recovery-codes`);
  }
  const done = page.getByRole('button', { name: 'Done' });
  await expect(done).toBeDisabled();
  await page.getByLabel('I have saved my recovery codes').check();
  await done.click();
  await expect(page.getByText('Two-step verification is on.', { exact: true })).toBeVisible();
  await expect(page.getByText('10 recovery codes are left.')).toBeVisible();
  await phone.nextStep();
  return { phone, recoveryCodes };
}

async function expectCodeStep(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
}

test.describe('Two-step verification', () => {
  test('enrol from the setup key, sign in with a code, then with a recovery code, then turn it off', async ({ app, harness }) => {
    await registerThroughForm(app, account('alice'));
    const { phone, recoveryCodes } = await enrol(app, harness, 'desktop');
    await expect(app.getByRole('button', { name: 'Turn off' })).toBeVisible();
    expect(await seriousViolations(app)).toEqual([]);
    await shoot(app, 'desktop-on');

    // Sign out; the password alone no longer signs in.
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);
    await signIn(app, 'alice', PASSWORD);
    await expectCodeStep(app);
    await expect(app.getByLabel('6-digit code')).toBeVisible();
    expect(await seriousViolations(app)).toEqual([]);
    await shoot(app, 'desktop-code');

    // Two wrong codes: the device's time appears.
    for (const wrong of ['000000', '111111']) {
      await app.getByLabel('6-digit code').fill(wrong);
      await app.getByRole('button', { name: 'Verify' }).click();
      await expect(app.getByRole('alert')).toContainText('not right');
    }
    await expect(app.getByText('This device’s time is')).toBeVisible();
    expect(await seriousViolations(app)).toEqual([]);
    await shoot(app, 'desktop-code-device-time');
    await app.getByLabel('6-digit code').fill(phone.code());
    await app.getByRole('button', { name: 'Verify' }).click();
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
    await phone.nextStep();

    // With a recovery code instead.
    await signOut(app);
    await signIn(app, 'alice', PASSWORD);
    await expectCodeStep(app);
    await app.getByRole('button', { name: 'Use a recovery code' }).click();
    await expect(app.getByLabel('6-digit code')).toHaveCount(0);
    await app.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    expect(await seriousViolations(app)).toEqual([]);
    await shoot(app, 'desktop-recovery-code');
    await app.getByRole('button', { name: 'Verify' }).click();
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();

    // Turn off: password plus a current code.
    await openTwoStep(app);
    await expect(app.getByText('9 recovery codes are left.')).toBeVisible();
    await app.getByRole('button', { name: 'Turn off' }).click();
    await app.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await app.getByLabel('6-digit code').fill(phone.code());
    expect(await seriousViolations(app)).toEqual([]);
    await shoot(app, 'desktop-turn-off');
    await app.getByRole('button', { name: 'Turn off' }).click();
    await expect(app.getByText('Two-step verification is off.', { exact: true })).toBeVisible();
    await expect(app.getByRole('button', { name: 'Set up' })).toBeVisible();

    // The password alone signs in again.
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);
    await signIn(app, 'alice', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, alice' })).toBeVisible();
  });

  test('Back to sign in forgets the half-done sign-in', async ({ app, harness }) => {
    await registerThroughForm(app, account('alice'));
    const { phone } = await enrol(app, harness);
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);
    await signIn(app, 'alice', PASSWORD);
    await expectCodeStep(app);
    await app.getByRole('button', { name: 'Back to sign in' }).click();
    await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    const answer = await app.evaluate(
      (code) => (window as unknown as { gatehouse: GatehouseApi }).gatehouse.verifySecondStep({ code }),
      phone.code(),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  test('an administrator resets another person’s, who then must set it up again before anything else', async ({ app, harness }) => {
    await registerThroughForm(app, account('admin'));
    await signOut(app);
    await app.getByRole('link', { name: 'Create an account' }).click();
    await registerThroughForm(app, account('bob'));
    await enrol(app, harness);
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);

    await signIn(app, 'admin', PASSWORD);
    await app.goto(new URL('#/admin/users', app.url()).href);
    const dialog = await chooseAction(app, 'bob', 'Reset two-step verification');
    await expect(dialog).toContainText('must set two-step verification up again');
    expect(await seriousViolations(app)).toEqual([]);
    await dialog.getByRole('button', { name: 'Reset two-step verification', exact: true }).click();
    await expect(app.getByRole('status').filter({ hasText: /Two-step verification of bob was reset/ })).toBeVisible();
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);

    await signIn(app, 'bob', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Two-step verification', level: 1 })).toBeVisible();
    await expect(app.getByText('Your administrator requires two-step verification')).toBeVisible();
    await app.goto(new URL('#/dashboard', app.url()).href);
    await expect(app.getByRole('heading', { name: 'Two-step verification', level: 1 })).toBeVisible();
    const bob = await enrol(app, harness);
    expect(bob.recoveryCodes).toHaveLength(10);
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await expect(app.getByRole('heading', { name: 'Welcome, bob' })).toBeVisible();
  });
});

test.describe('Two-step verification in the dark theme', () => {
  test('the new screens pass axe in dark mode', async ({ app, harness }) => {
    await app.emulateMedia({ colorScheme: 'dark' });
    await registerThroughForm(app, account('alice'));
    await enrol(app, harness, 'dark');
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);
    await signIn(app, 'alice', PASSWORD);
    await expectCodeStep(app);
    expect(await seriousViolations(app)).toEqual([]);
    await shoot(app, 'dark-code');
  });
});

test.describe('Two-step verification at 800×1280 with touch', () => {
  test.use({ viewport: { width: 800, height: 1280 }, hasTouch: true, isMobile: false });
  test('setup and the code step fit and pass axe', async ({ app, harness }) => {
    await registerThroughForm(app, account('alice'));
    await enrol(app, harness, 'touch');
    await app.getByRole('link', { name: 'Back to dashboard' }).click();
    await signOut(app);
    await signIn(app, 'alice', PASSWORD);
    await expectCodeStep(app);
    expect(await seriousViolations(app)).toEqual([]);
    await shoot(app, 'touch-code');
  });
});
