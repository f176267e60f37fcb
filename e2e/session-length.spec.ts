/**
 * The hard session limit as people see it (issue 14): the time left in the header during the
 * last 10 minutes, a last-minute countdown that nothing extends, then sign-out with the reason.
 * Everything shown comes from the core's pushed state; the test only moves the core's clock.
 */
import { account, expect, registerThroughForm, test } from './support/fixtures';

const MINUTE = 60_000;
const SHOTS = process.env.GATEHOUSE_SHOTS_DIR;

test.use({ harnessOptions: { policy: { sessionLifetimeMs: 12 * MINUTE, idleTimeoutMs: 60 * MINUTE } } });

test('the session limit shows its time left, warns for its last minute without a way to extend, then signs out', async ({ app, harness }) => {
  await registerThroughForm(app, account('alice'));
  const timeLeft = app.getByRole('timer', { name: 'Time left in this session' });
  await expect(timeLeft).toHaveCount(0);

  await harness.advanceClock(3 * MINUTE);
  await expect(timeLeft).toHaveText(/Session ends in (9|10) min/);
  if (SHOTS) await app.screenshot({ path: `${SHOTS}/session-time-left.png`, fullPage: true });

  await harness.advanceClock(8 * MINUTE + 15_000);
  const warning = app.getByRole('alertdialog', { name: 'Your session is ending' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/signed out in \d+ seconds/);
  await expect(warning.getByRole('button', { name: 'Stay signed in' })).toHaveCount(0);
  if (SHOTS) await app.screenshot({ path: `${SHOTS}/session-final-warning.png` });

  await harness.advanceClock(MINUTE);
  await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(app.getByText('Your session expired: it reached its time limit. Please sign in again.')).toBeVisible();
});
