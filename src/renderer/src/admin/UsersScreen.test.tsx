import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../shared/result';
import { createFakeCore, makeUser, type FakeCore } from '../test/fakeCore';
import { renderApp, tearDownApp } from '../test/renderApp';
import { makeAdminView, serveUsers } from './test/adminFixtures';

let core: FakeCore;


afterEach(() => {
  expect(core.invalidPayloads).toEqual([]);
  tearDownApp();
});

const ADMIN = makeAdminView({ id: 1, username: 'ada', email: 'ada@example.com', role: 'admin' });
const ALICE = makeAdminView({ id: 2, username: 'alice', email: 'alice@example.com' });

function openUsers(users = [ADMIN, ALICE], policy: { kioskMode?: boolean } = {}) {
  core = createFakeCore({ signedIn: makeUser({ id: 1, username: 'ada', role: 'admin' }), policy });
  serveUsers(core, users);
  renderApp(core.api, '#/admin/users');
}

async function chooseAction(user: ReturnType<typeof userEvent.setup>, username: string, action: string) {
  await user.click(await screen.findByRole('button', { name: `Actions for ${username}` }));
  await user.click(screen.getByRole('menuitem', { name: action }));
  return screen.getByRole('dialog');
}

describe('Users: delete', () => {
  it('deletes only after the username is typed exactly', async () => {
    openUsers();
    core.handle('admin:delete-user', () => ok({}));
    const user = userEvent.setup();

    const dialog = await chooseAction(user, 'alice', 'Delete');
    expect(within(dialog).getByRole('heading', { name: 'Delete alice?' })).toBeDefined();
    const typed = within(dialog).getByLabelText('Type alice to confirm');
    expect(document.activeElement).toBe(typed);

    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(typed.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('Type alice to confirm.')).toBeDefined();

    await user.type(typed, 'Alice');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(within(dialog).getByText('That is not alice. Type the username exactly.')).toBeDefined();
    expect(core.callsTo('admin:delete-user')).toEqual([]);

    await user.clear(typed);
    await user.type(typed, 'alice');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(core.callsTo('admin:delete-user')).toEqual([{ userId: 2 }]);
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'alice was deleted.')).toBe(true);
  });

  it('returns focus to the Actions button when the person cancels', async () => {
    openUsers();
    const user = userEvent.setup();

    const dialog = await chooseAction(user, 'alice', 'Delete');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Actions for alice' }));
    expect(core.callsTo('admin:delete-user')).toEqual([]);
  });
});

describe('Users: other actions', () => {
  it('says what disabling does, and shows the core’s refusal inside the dialog', async () => {
    openUsers();
    core.handle('admin:set-active', () => fail('CONFLICT', 'You cannot disable your own account. Ask another administrator.'));
    const user = userEvent.setup();

    const dialog = await chooseAction(user, 'ada', 'Disable');
    expect(within(dialog).getByRole('heading', { name: 'Disable ada?' })).toBeDefined();
    expect(within(dialog).getByText(/signed out everywhere at once/)).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe('You cannot disable your own account. Ask another administrator.');
    expect(core.callsTo('admin:set-active')).toEqual([{ userId: 1, active: false }]);
  });

  it('offers Unlock only for a locked account', async () => {
    openUsers([ADMIN, ALICE, makeAdminView({ id: 3, username: 'bob', email: 'bob@example.com', lockedUntil: '2030-01-01T00:00:00.000Z' })]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Actions for alice' }));
    expect(screen.queryByRole('menuitem', { name: 'Unlock' })).toBeNull();
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Actions for bob' }));
    expect(screen.getByRole('menuitem', { name: 'Unlock' })).toBeDefined();
    expect(screen.getByRole('row', { name: /bob/ }).textContent).toContain('Locked until');
  });

  it.each([
    [false, 1],
    [true, 0],
  ])('offers Copy for a temporary password only outside kiosk mode (kiosk: %s)', async (kioskMode, copyButtons) => {
    openUsers([ADMIN, ALICE], { kioskMode });
    core.handle('admin:reset-password', () => ok({ user: ALICE, temporaryPassword: 'abcd-efgh-jkmn-pqrs' }));
    const user = userEvent.setup(); // installs a clipboard, so Copy could be offered
    const confirm = await chooseAction(user, 'alice', 'Reset password');
    await user.click(within(confirm).getByRole('button', { name: /reset password/i }));
    const shown = await screen.findByRole('dialog', { name: 'Temporary password' });
    // A walk-up kiosk's clipboard is the next stranger's: the secret is read off the screen.
    expect(within(shown).queryAllByRole('button', { name: 'Copy' })).toHaveLength(copyButtons);
  });

  it('shows a new account’s temporary password once, and forgets it when the dialog closes', async () => {
    openUsers();
    core.handle('admin:create-user', () =>
      ok({ user: makeAdminView({ id: 9, username: 'grace', email: 'grace@example.com', mustChangePassword: true }), temporaryPassword: 'abcd-efgh-jkmn-pqrs' }),
    );
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Create user' }));
    const form = screen.getByRole('dialog');
    await user.type(within(form).getByLabelText('Username'), 'grace');
    await user.type(within(form).getByLabelText('Email'), 'grace@example.com');
    await user.selectOptions(within(form).getByLabelText('Role'), 'Administrator');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    const shown = await screen.findByRole('dialog', { name: 'Temporary password' });
    expect(within(shown).getByText('abcd-efgh-jkmn-pqrs')).toBeDefined();
    expect(shown.textContent).toMatch(/will not be shown again/);
    expect(shown.textContent).toMatch(/must change it at their first sign-in/);
    expect(core.callsTo('admin:create-user')).toEqual([{ username: 'grace', email: 'grace@example.com', role: 'admin' }]);

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.body.textContent).not.toContain('abcd-efgh-jkmn-pqrs');
  });

  it('puts the core’s field errors next to the create form’s fields', async () => {
    openUsers();
    core.handle('admin:create-user', () =>
      fail('VALIDATION_FAILED', 'Some fields need attention.', { fields: { username: 'That username is already taken.' } }),
    );
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Create user' }));
    const form = screen.getByRole('dialog');
    await user.type(within(form).getByLabelText('Username'), 'alice');
    await user.type(within(form).getByLabelText('Email'), 'other@example.com');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    const username = within(form).getByLabelText('Username');
    await waitFor(() => expect(username.getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText('That username is already taken.')).toBeDefined();
  });

  it('searches after the person stops typing, from page 1', async () => {
    openUsers();
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Search users'), 'ali');

    await waitFor(() => expect(core.callsTo('admin:list-users').at(-1)).toEqual({ query: 'ali', page: 1, pageSize: 20 }));
    // One request for the whole word, not one per key.
    expect(core.callsTo('admin:list-users').filter((p) => (p as { query?: string }).query !== undefined)).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: /ada/ })).toBeNull());
    expect(screen.getByRole('rowheader', { name: 'alice' })).toBeDefined();
  });
});

describe('Users: directory accounts (issue 16)', () => {
  const GRACE = makeAdminView({ id: 3, username: 'grace', email: 'grace@example.org', role: 'admin', fromDirectory: true });

  it('marks them with a text badge and offers only what the core allows (no password reset, no role change)', async () => {
    openUsers([ADMIN, ALICE, GRACE]);
    const user = userEvent.setup();
    const graceRow = await screen.findByRole('row', { name: /grace/ });
    expect(within(graceRow).getByText('Directory account')).toBeDefined();
    expect(within(screen.getByRole('row', { name: /alice/ })).queryByText('Directory account')).toBeNull();

    await user.click(within(graceRow).getByRole('button', { name: 'Actions for grace' }));
    const offered = screen.getAllByRole('menuitem').map((item) => item.textContent);
    expect(offered).toEqual(['Disable', 'End sessions', 'Delete']);
    // Deleting does not keep them out: the directory still has them.
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    expect(within(screen.getByRole('dialog')).getByText(/if they sign in again, a new account is made/)).toBeDefined();
  });

  it('the details view says where they sign in and what is changed in the directory', async () => {
    core = createFakeCore({ signedIn: makeUser({ id: 1, username: 'ada', role: 'admin' }) });
    core.handle('admin:get-user', () => ok({ user: GRACE }));
    renderApp(core.api, '#/admin/users/3');
    expect(await screen.findByRole('heading', { name: 'grace' })).toBeDefined();
    expect(screen.getByText('Administrator, from the directory\'s admin group')).toBeDefined();
    expect(screen.getByText("The organisation's directory")).toBeDefined();
    expect(screen.getByText('Directory account')).toBeDefined();
    expect(screen.getByText(/password and role belong to the organisation's directory/)).toBeDefined();
  });
});
