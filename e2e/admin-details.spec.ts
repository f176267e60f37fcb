/**
 * Issue 11, administrators: a details view for any account with its email editable, the own row
 * offering only what the core allows on oneself, and a deleted account's name kept by the audit
 * log (rows, filter, CSV).
 */
import { readFile } from 'node:fs/promises';
import { seriousViolations } from './support/axe';
import { createUserThroughDialog, goTo, openUsers, registerAdmin, userRow } from './support/admin';
import { expect, test } from './support/fixtures';

test.describe('Administration: user details and the own row', () => {
  test("the own row offers none of the actions refused on oneself; another row offers them all", async ({ app }) => {
    await registerAdmin(app);
    await openUsers(app);
    await createUserThroughDialog(app, 'grace');

    // Today's main offered Disable, Reset password, End sessions, Remove admin and Delete here, then refused them.
    await expect(userRow(app, 'admin').getByRole('button')).toHaveCount(0);
    await expect(userRow(app, 'admin').getByRole('cell').last()).toHaveText('None');

    await app.getByRole('button', { name: 'Actions for grace', exact: true }).click();
    const other = (await app.getByRole('menuitem').allTextContents()).map((t) => t.trim());
    expect(other).toEqual(['Disable', 'Reset password', 'End sessions', 'Make admin', 'Keep', 'Delete']);
    await app.keyboard.press('Escape');
  });

  test("an administrator opens an account's details and changes its email, with the registration rules", async ({ app }) => {
    await registerAdmin(app);
    await openUsers(app);
    await createUserThroughDialog(app, 'grace');

    await userRow(app, 'grace').getByRole('link', { name: 'grace' }).click();
    await expect(app.getByRole('heading', { name: 'grace', level: 1 })).toBeVisible();
    await expect(app.getByText('grace@example.com').first()).toBeVisible();
    expect(await seriousViolations(app)).toEqual([]);

    const email = app.getByLabel('Email', { exact: true });
    await email.fill('not an address');
    await app.getByRole('button', { name: 'Save email' }).click();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await email.fill('ADMIN@example.com');
    await app.getByRole('button', { name: 'Save email' }).click();
    await expect(app.getByText('An account with that email already exists.')).toBeVisible();
    expect(await seriousViolations(app)).toEqual([]);

    await email.fill('grace.hopper@example.com');
    await app.getByRole('button', { name: 'Save email' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'The email of grace is now grace.hopper@example.com.' })).toBeVisible();

    await app.getByRole('link', { name: 'Back to users' }).click();
    await expect(userRow(app, 'grace')).toContainText('grace.hopper@example.com');

    await goTo(app, '#/admin/audit');
    await app.getByLabel('Event').selectOption({ label: 'Profile changed' });
    const row = app.getByRole('table').locator('tbody tr').first();
    await expect(row).toContainText('grace');
    await expect(row).toContainText('admin');
    await expect(row).toContainText('grace.hopper@example.com');
  });

  test("a deleted user's name stays on their audit rows, in the user filter and in the CSV", async ({ app }) => {
    await registerAdmin(app);
    await openUsers(app);
    await createUserThroughDialog(app, 'grace');
    const dialog = app.getByRole('button', { name: 'Actions for grace', exact: true });
    await dialog.click();
    await app.getByRole('menuitem', { name: 'Delete', exact: true }).click();
    await app.getByRole('dialog').getByRole('textbox').fill('grace');
    await app.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(app.getByRole('status').filter({ hasText: 'grace was deleted.' })).toBeVisible();

    await goTo(app, '#/admin/audit');
    await expect(app.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await app.getByLabel('User').selectOption({ label: 'grace (deleted)' });
    const rows = app.getByRole('table').locator('tbody tr');
    await expect(rows).toHaveCount(2); // created, deleted
    for (const row of await rows.all()) await expect(row).toContainText('grace (deleted)');
    await expect(app.getByText(/Account \d+ \(deleted\)/)).toHaveCount(0);

    const download = app.waitForEvent('download');
    await app.getByRole('button', { name: 'Export CSV' }).click();
    const lines = (await readFile(await (await download).path(), 'utf8')).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line).toMatch(/^"[^"]+","admin_(create|delete)_user","\d+","grace",/);
  });
});
