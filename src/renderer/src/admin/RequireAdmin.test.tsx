import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore, makeUser, type FakeCore } from '../test/fakeCore';
import { currentRoute, renderApp, tearDownApp } from '../test/renderApp';
import { makeAdminView, serveUsers } from './test/adminFixtures';

let core: FakeCore;


afterEach(() => {
  expect(core.invalidPayloads).toEqual([]);
  tearDownApp();
});

describe('RequireAdmin', () => {
  it.each(['#/admin/users', '#/admin/audit', '#/admin/settings', '#/admin'])(
    'shows a signed-in user "Not allowed" at %s, and asks the core for nothing',
    async (hash) => {
      core = createFakeCore({ signedIn: makeUser({ role: 'user' }) });
      renderApp(core.api, hash);

      expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeDefined();
      expect(screen.getByText(/for administrators/)).toBeDefined();
      expect(screen.getByRole('link', { name: 'Back to dashboard' }).getAttribute('href')).toBe('#/dashboard');
      expect(core.calls.filter((c) => c.channel.startsWith('admin:'))).toEqual([]);
    },
  );

  it('lets an administrator in', async () => {
    core = createFakeCore({ signedIn: makeUser({ role: 'admin' }) });
    serveUsers(core, [makeAdminView()]);
    renderApp(core.api, '#/admin/users');

    expect(await screen.findByRole('heading', { name: 'Users' })).toBeDefined();
    expect(await screen.findByRole('rowheader', { name: 'alice' })).toBeDefined();
  });

  it('sends a signed-out person to sign-in first', async () => {
    core = createFakeCore();
    renderApp(core.api, '#/admin/users');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(currentRoute()).toBe('#/login');
  });

  it('shows the Administration links on the dashboard to administrators only', async () => {
    core = createFakeCore({ signedIn: makeUser({ role: 'admin' }) });
    renderApp(core.api, '#/dashboard');
    const section = await screen.findByRole('region', { name: 'Administration' });
    expect(section).toBeDefined();
    expect(screen.getByRole('link', { name: 'Users' }).getAttribute('href')).toBe('#/admin/users');
    expect(screen.getByRole('link', { name: 'Audit log' }).getAttribute('href')).toBe('#/admin/audit');
    expect(screen.getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('#/admin/settings');
    tearDownApp();

    core = createFakeCore({ signedIn: makeUser({ role: 'user' }) });
    renderApp(core.api, '#/dashboard');
    expect(await screen.findByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
    expect(screen.queryByRole('region', { name: 'Administration' })).toBeNull();
  });
});
