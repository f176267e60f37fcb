/** The audit log as an administrator reads it: what happened, filtered, exported. */
import { readFile } from 'node:fs/promises';
import { createUsersThroughBridge, goTo, registerAdmin } from './support/admin';
import { PASSWORD, expect, signIn, signOut, test } from './support/fixtures';

const CSV_HEADER = 'time,event,user_id,username,actor_id,actor,identifier,detail';

test.describe('Administration: audit log', () => {
  test('shows failed sign-ins with what was typed, filters by event and user, and exports the filtered CSV', async ({ app }) => {
    await registerAdmin(app);
    await signOut(app);
    await signIn(app, 'ghost@example.com', 'not a real account');
    await expect(app.getByRole('alert')).toBeVisible();
    await signIn(app, 'admin', 'not the right password');
    await expect(app.getByRole('alert')).toBeVisible();
    await signIn(app, 'admin', PASSWORD);
    await expect(app.getByRole('heading', { name: 'Welcome, admin' })).toBeVisible();

    await app.getByRole('link', { name: 'Audit log' }).click();
    await expect(app.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    const rows = app.getByRole('table').getByRole('row');
    // Newest first: the successful sign-in, then the two failures.
    await expect(rows.nth(1)).toContainText('Signed in');
    const ghost = rows.filter({ hasText: 'ghost@example.com' });
    await expect(ghost).toHaveCount(1);
    await expect(ghost).toContainText('Sign-in failed');

    await app.getByLabel('Event').selectOption({ label: 'Sign-in failed' });
    await expect(rows).toHaveCount(3); // header + two failures
    await expect(app.getByRole('cell', { name: 'Sign-in failed' })).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('admin');
    await expect(rows.nth(2)).toContainText('ghost@example.com');

    await app.getByLabel('User').selectOption({ label: 'admin' });
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('Sign-in failed');
    await expect(rows.nth(1)).not.toContainText('ghost');

    const download = app.waitForEvent('download');
    await app.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^gatehouse-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await file.path(), 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    // The export follows the filters on screen: one failed sign-in by admin.
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',"signin_failure",'); // every cell quoted (OWASP CSV injection)
    expect(lines[1]).toContain(',"admin",');
    await expect(app.getByRole('status').filter({ hasText: /Exported the log/ })).toBeVisible();

    await app.getByLabel('Event').selectOption({ label: 'All events' });
    await app.getByLabel('User').selectOption({ label: 'All users' });
    await expect(ghost).toHaveCount(1);
  });

  test('pages through twenty-five entries at a time, newest first', async ({ app }) => {
    await registerAdmin(app);
    await createUsersThroughBridge(app, Array.from({ length: 30 }, (_, i) => `person${String(i + 1).padStart(2, '0')}`));
    await goTo(app, '#/admin/audit');
    await app.getByLabel('Event').selectOption({ label: 'Admin created user' });

    const bodyRows = app.getByRole('table').locator('tbody tr');
    await expect(app.getByText('Page 1 of 2')).toBeVisible();
    await expect(bodyRows).toHaveCount(25);
    await expect(bodyRows.first()).toContainText('person30');
    await app.getByRole('button', { name: 'Next' }).click();
    await expect(app.getByText('Page 2 of 2')).toBeVisible();
    await expect(bodyRows).toHaveCount(5);
    await expect(bodyRows.last()).toContainText('person01');
    await expect(bodyRows.last()).toContainText('Role: User');
  });
});
