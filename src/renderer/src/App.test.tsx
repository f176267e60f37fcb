import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/result';
import { createFakeCore, makeUser, type FakeCore } from './test/fakeCore';
import { currentRoute, renderApp, tearDownApp } from './test/renderApp';

let core: FakeCore;

afterEach(() => {
  expect(core.invalidPayloads).toEqual([]);
  tearDownApp();
});

async function signIn(identifier: string, password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Username or email'), identifier);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('route guard', () => {
  it('sends a signed-out person from a protected screen to sign-in and back after signing in', async () => {
    core = createFakeCore();
    core.handle('auth:login', () => ok({ user: makeUser() }));
    renderApp(core.api, '#/change-password');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(currentRoute()).toBe('#/login');

    await signIn('ada', 'correct horse');

    expect(await screen.findByRole('heading', { name: 'Change password' })).toBeDefined();
    expect(currentRoute()).toBe('#/change-password');
    expect(core.callsTo('auth:login')).toEqual([{ identifier: 'ada', password: 'correct horse', remember: false }]);
  });

  it('asks the core who is signed in before routing, and skips sign-in for a remembered person', async () => {
    core = createFakeCore({ signedIn: makeUser({ username: 'grace' }) });
    renderApp(core.api, '#/login');

    expect(screen.getByRole('status').textContent).toBe('Starting Gatehouse…');
    expect(await screen.findByRole('heading', { name: 'Welcome, grace' })).toBeDefined();
    expect(currentRoute()).toBe('#/dashboard');
  });

  it('keeps a person who must change their password on the change-password screen', async () => {
    core = createFakeCore({ signedIn: makeUser({ mustChangePassword: true }) });
    renderApp(core.api, '#/dashboard');

    expect(await screen.findByRole('heading', { name: 'Change password' })).toBeDefined();
    expect(currentRoute()).toBe('#/change-password');
    expect(screen.queryByRole('link', { name: 'Back to dashboard' })).toBeNull();
  });
});

describe('session end', () => {
  it('sends the person to sign-in with the reason when any call answers SESSION_EXPIRED', async () => {
    core = createFakeCore({ signedIn: makeUser() });
    core.handle('auth:change-password', () =>
      fail('SESSION_EXPIRED', 'You were signed out after 15 minutes without activity.'),
    );
    core.handle('auth:login', () => ok({ user: makeUser() }));
    const user = userEvent.setup();
    renderApp(core.api, '#/change-password');

    await user.type(await screen.findByLabelText('Current password'), 'old password 1');
    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase');
    await user.type(screen.getByLabelText('Confirm new password'), 'a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe(
      'You were signed out after 15 minutes without activity.',
    );
    expect(currentRoute()).toBe('#/login');

    // The expired screen is remembered: signing in again returns there.
    await signIn('ada', 'old password 1');
    expect(await screen.findByRole('heading', { name: 'Change password' })).toBeDefined();
  });

  it('says the session expired when the core gives no reason, e.g. for a remembered session at start', async () => {
    core = createFakeCore();
    core.handle('auth:session', () => fail('SESSION_EXPIRED', ''));
    renderApp(core.api, '#/dashboard');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('Your session expired. Please sign in again.');
  });

  it('signs out to an empty sign-in screen that remembers nothing of the person', async () => {
    core = createFakeCore({ signedIn: makeUser() });
    const user = userEvent.setup();
    renderApp(core.api, '#/dashboard');

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('You have been signed out.');
    expect((screen.getByLabelText('Username or email') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(core.callsTo('auth:logout')).toHaveLength(1);

    // The next person lands on their dashboard, not on wherever the previous one was.
    core.handle('auth:login', () => ok({ user: makeUser({ id: 2, username: 'grace' }) }));
    await signIn('grace', 'another password');
    expect(await screen.findByRole('heading', { name: 'Welcome, grace' })).toBeDefined();
    await waitFor(() => expect(currentRoute()).toBe('#/dashboard'));
  });
});

describe('an encrypted store that needs its passphrase (issue 12)', () => {
  it('asks before anything else, says why a wrong answer failed, and carries on once the store is open', async () => {
    core = createFakeCore();
    let open = false;
    const tries: unknown[] = [];
    core.handle('store:unlock-state', () => ok(open ? { state: 'open' } : { state: 'asking', kind: 'passphrase', wrongAnswer: null }));
    core.handle('store:unlock', (payload: { secret: string }) => {
      tries.push(payload.secret);
      if (payload.secret !== 'the right passphrase') return fail('INVALID_CREDENTIALS', 'That passphrase does not open this store.');
      open = true;
      return ok({ state: 'open' });
    });
    const user = userEvent.setup();
    renderApp(core.api, '#/dashboard');

    expect(await screen.findByRole('heading', { name: 'Unlock Gatehouse' })).toBeDefined();
    const field = screen.getByLabelText('Passphrase or recovery key');
    expect(document.activeElement).toBe(field);
    // Nothing else was asked of the core while it is locked.
    expect(core.calls.map((call) => call.channel)).toEqual(['store:unlock-state']);

    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(screen.getByText('Type the passphrase or the recovery key.')).toBeDefined();
    expect(tries).toEqual([]);

    await user.type(field, 'a wrong one{Enter}');
    expect((await screen.findByRole('alert')).textContent).toContain('That passphrase does not open this store.');
    expect((field as HTMLInputElement).value).toBe('');

    await user.type(field, 'the right passphrase{Enter}');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(tries).toEqual(['a wrong one', 'the right passphrase']);
  });

  it('asks for the recovery key when the keyring lost the key, and repeats the last wrong answer after a reload', async () => {
    core = createFakeCore();
    core.handle('store:unlock-state', () => ok({ state: 'asking', kind: 'recovery', wrongAnswer: 'That recovery key does not open this store.' }));
    renderApp(core.api, '#/login');

    expect(await screen.findByRole('heading', { name: 'Unlock Gatehouse' })).toBeDefined();
    expect(screen.getByLabelText('Recovery key')).toBeDefined();
    expect(screen.getByText(/eight groups of four letters and digits/)).toBeDefined();
    expect((await screen.findByRole('alert')).textContent).toContain('That recovery key does not open this store.');
  });
});
