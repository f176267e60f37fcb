/**
 * Signing in with the organisation's directory (issue 16), online and then offline, through the
 * real renderer and the harness, against a real slapd started here. The directory is configured
 * the only way it can be, with the core's provisioning (what the CLI calls), before the harness
 * opens the data folder.
 */
import { openGatehouse } from '../src/main/core';
import { SLAPD_MISSING, startSlapd, testDirectoryConfig, type Slapd } from '../test/support/slapd';
import { seriousViolations } from './support/axe';
import { expect, signIn, signOut, test } from './support/fixtures';

let slapd: Slapd | null = null;

test.skip(SLAPD_MISSING, 'slapd is not installed (apt-get install slapd ldap-utils)');
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  slapd = await startSlapd();
});
test.afterAll(async () => {
  await slapd?.destroy();
});

test.use({
  harnessOptions: {
    async prepare(dataDir) {
      const core = await openGatehouse({ dataDir, bcryptCost: 4, warn: () => {} });
      try {
        const keeper = await core.provisioning.createUser({ username: 'keeper', email: 'keeper@example.com', password: 'plum orchard lantern seventeen', admin: true });
        if (!keeper.ok) throw new Error(keeper.error.message);
        const set = await core.provisioning.directory.set(testDirectoryConfig(slapd!.url, { offlineDays: 3 }));
        if (!set.ok) throw new Error(set.error.message);
      } finally {
        await core.close();
      }
    },
  },
});

test('a directory person signs in online, then offline while the directory is down', async ({ app }, testInfo) => {
  await signIn(app, 'grace', 'grace directory password');
  await expect(app.getByRole('heading', { name: 'Welcome, grace' })).toBeVisible();
  await expect(app.getByText(/Signed in offline/)).toHaveCount(0);
  await app.screenshot({ path: testInfo.outputPath('directory-online.png') });
  await signOut(app);

  await slapd!.stop();
  try {
    await signIn(app, 'grace', 'not the password');
    await expect(app.getByRole('alert')).toContainText(/cannot be reached/);
    await signIn(app, 'grace', 'grace directory password');
    await expect(app.getByRole('heading', { name: 'Welcome, grace' })).toBeVisible();
    await expect(app.getByText(/Signed in offline/)).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath('directory-offline.png') });
    // A reload asks the core again: still offline.
    await app.reload();
    await expect(app.getByText(/Signed in offline/)).toBeVisible();
  } finally {
    await slapd!.start();
  }
});

test('an administrator sees the directory in Settings and tests the connection', async ({ app }, testInfo) => {
  await signIn(app, 'ada', 'ada directory password');
  await expect(app.getByRole('heading', { name: 'Welcome, ada' })).toBeVisible();
  await app.goto(new URL('#/admin/settings', app.url()).href);
  await expect(app.getByRole('heading', { name: 'Organisation directory' })).toBeVisible();
  await app.getByRole('button', { name: 'Test the connection' }).click();
  await expect(app.getByText(/Connected over plain-loopback/)).toBeVisible();
  await app.getByRole('heading', { name: 'Organisation directory' }).scrollIntoViewIfNeeded();
  await app.screenshot({ path: testInfo.outputPath('directory-settings.png'), fullPage: true });
});

test('the Users screen marks directory accounts and offers no password reset or role change for them', async ({ app }, testInfo) => {
  // The footer says where accounts live before anyone signs in.
  await expect(app.getByText("directory accounts sign in with your organisation's directory")).toBeVisible();
  await signIn(app, 'grace', 'grace directory password');
  await expect(app.getByRole('heading', { name: 'Welcome, grace' })).toBeVisible();
  await signOut(app);
  await signIn(app, 'keeper', 'plum orchard lantern seventeen');
  await expect(app.getByRole('heading', { name: 'Welcome, keeper' })).toBeVisible();
  await app.goto(new URL('#/admin/users', app.url()).href);

  const graceRow = app.getByRole('row', { name: /grace/ });
  const keeperRow = app.getByRole('row', { name: /keeper/ });
  await expect(graceRow.getByText('Directory account')).toBeVisible();
  await expect(keeperRow.getByText('Directory account')).toHaveCount(0);
  await graceRow.getByRole('button', { name: 'Actions for grace' }).click();
  await expect(app.getByRole('menuitem')).toHaveText(['Disable', 'End sessions', 'Keep', 'Delete']);
  await app.keyboard.press('Escape');
  expect(await seriousViolations(app)).toEqual([]);

  for (const [name, size] of [
    ['desktop', { width: 1440, height: 900 }],
    ['portrait', { width: 800, height: 1280 }],
  ] as const) {
    await app.setViewportSize(size);
    await expect(graceRow.getByText('Directory account')).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath(`directory-users-${name}.png`), fullPage: true });
  }

  await graceRow.getByRole('link', { name: 'grace' }).click();
  await expect(app.getByRole('heading', { name: 'grace' })).toBeVisible();
  await expect(app.getByText("The organisation's directory", { exact: true })).toBeVisible();
  await expect(app.getByText(/password and role belong to the organisation's directory/)).toBeVisible();
  expect(await seriousViolations(app)).toEqual([]);
  await app.screenshot({ path: testInfo.outputPath('directory-user-details-portrait.png'), fullPage: true });
  await app.setViewportSize({ width: 1440, height: 900 });
  await app.screenshot({ path: testInfo.outputPath('directory-user-details-desktop.png'), fullPage: true });
});
