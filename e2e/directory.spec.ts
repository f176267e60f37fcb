/**
 * Signing in with the organisation's directory (issue 16), online and then offline, through the
 * real renderer and the harness, against a real slapd started here. The directory is configured
 * the only way it can be, with the core's provisioning (what the CLI calls), before the harness
 * opens the data folder.
 */
import { openGatehouse } from '../src/main/core';
import { SLAPD_MISSING, startSlapd, testDirectoryConfig, type Slapd } from '../test/support/slapd';
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
