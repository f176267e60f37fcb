import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result';
import type { PolicySettings } from '../../../shared/policy-settings';
import { createFakeCore, makeUser, type FakeCore } from '../test/fakeCore';
import { renderApp, tearDownApp } from '../test/renderApp';
import { STORED_POLICY } from '../test/storedPolicy';

let core: FakeCore;

const POLICY: PolicySettings = { ...STORED_POLICY };

afterEach(() => {
  expect(core.invalidPayloads).toEqual([]);
  tearDownApp();
});

describe('Settings: the organisation directory (issue 16)', () => {
  it('shows where the directory is and tests the connection without sending anything', async () => {
    core = createFakeCore({ signedIn: makeUser({ role: 'admin' }) });
    core.handle('admin:get-policy', () => ok({ policy: POLICY }));
    core.handle('admin:directory-status', () =>
      ok({
        status: {
          configured: true, url: 'ldaps://ldap.example.org', baseDn: 'dc=example,dc=org', userFilter: '(uid={username})', transport: 'ldaps',
          serviceAccount: null, caFile: null, adminGroup: 'cn=admins,dc=example,dc=org', offlineDays: 3, accounts: 4, cachedCredentials: 2,
        },
      }),
    );
    core.handle('admin:directory-test', () => ok({ test: { reachable: true, ms: 7, message: 'Connected over ldaps and read dc=example,dc=org in 7 ms.' } }));
    renderApp(core.api, '#/admin/settings');

    expect(await screen.findByText('ldaps://ldap.example.org')).toBeTruthy();
    expect(screen.getByText('TLS (ldaps)')).toBeTruthy();
    expect(screen.getByText('Within 3 days of the last online sign-in')).toBeTruthy();
    expect(screen.getByText('4 (2 can sign in offline)')).toBeTruthy();
    // Nothing to edit here: configuration is the command line's.
    expect(screen.queryByRole('textbox', { name: /server|url/i })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Test the connection' }));
    expect(await screen.findByText('Connected over ldaps and read dc=example,dc=org in 7 ms.')).toBeTruthy();
    expect(core.callsTo('admin:directory-test')).toEqual([{}]);
  });

  it('says when no directory is set up', async () => {
    core = createFakeCore({ signedIn: makeUser({ role: 'admin' }) });
    core.handle('admin:get-policy', () => ok({ policy: POLICY }));
    renderApp(core.api, '#/admin/settings');
    expect(await screen.findByText(/Not set up: only accounts on this computer can sign in/)).toBeTruthy();
  });
});

describe('Dashboard after an offline sign-in', () => {
  it('says Signed in offline', async () => {
    core = createFakeCore({ signedIn: makeUser({ signedInOffline: true }) });
    renderApp(core.api, '#/');
    expect(await screen.findByText(/Signed in offline/)).toBeTruthy();
  });
});
