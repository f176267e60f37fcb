/**
 * Inactive accounts as an administrator sees them (issue 14): the Users screen lists the accounts
 * due within 7 days; marking one Keep takes it off the list.
 */
import { expect, signIn, test } from './support/fixtures';
import { confirmAction, createUsersThroughBridge, openUsers, registerAdmin, userRow } from './support/admin';

const DAY = 86_400_000;
const SHOTS = process.env.GATEHOUSE_SHOTS_DIR;

test.use({ harnessOptions: { policy: { removeInactiveAccounts: true, inactiveAccountAfterMs: 30 * DAY, inactiveGraceMs: 7 * DAY } } });

test('the Users screen lists accounts due for removal within 7 days, and Keep exempts one', async ({ app, harness }) => {
  const admin = await registerAdmin(app);
  await openUsers(app);
  const panel = app.getByRole('region', { name: 'Inactive accounts due within 7 days' });
  await expect(panel).toContainText('None');
  await createUsersThroughBridge(app, ['dora', 'emil']);

  await harness.advanceClock(25 * DAY);
  // The administrator's own session ended long ago (12 hours); sign in again.
  await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signIn(app, admin.username, admin.password);
  await openUsers(app);
  await expect(panel.getByRole('listitem')).toHaveCount(2);
  await expect(panel).toContainText(/dora will be disabled on/);
  await expect(panel).toContainText(/emil will be disabled on/);
  if (SHOTS) await app.screenshot({ path: `${SHOTS}/inactive-due.png`, fullPage: true });

  await confirmAction(app, 'dora', 'Keep', /dora is kept/);
  await expect(userRow(app, 'dora')).toContainText('Kept');
  await expect(panel.getByRole('listitem')).toHaveCount(1);
  await expect(panel).not.toContainText('dora');
  if (SHOTS) await app.screenshot({ path: `${SHOTS}/inactive-keep.png`, fullPage: true });
});
