import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../shared/result';
import { createFakeCore, makeUser, type FakeCore } from '../test/fakeCore';
import { currentRoute, renderApp, tearDownApp } from '../test/renderApp';

const IDLE_TIMEOUT = 15 * 60_000;
const PASSWORD = 'correct horse battery staple';
let core: FakeCore;

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  expect(core.invalidPayloads).toEqual([]);
  tearDownApp();
  vi.useRealTimers();
});

/**
 * A core that keeps a lock like the real one: lock sets it, the right password clears it, and
 * while locked everything but unlock, session, logout and info answers SESSION_LOCKED.
 */
function lockingCore(options: { locked?: boolean; role?: 'user' | 'admin'; kioskMode?: boolean } = {}) {
  const person = makeUser({ role: options.role ?? 'user' });
  let locked = options.locked ?? false;
  core = createFakeCore({ signedIn: person, policy: { idleTimeoutMs: IDLE_TIMEOUT, kioskMode: options.kioskMode ?? false } });
  core.handle('auth:session', () => ok({ user: person, locked, idleRemainingMs: core.idleRemainingMs() }));
  core.handle('session:activity', () =>
    locked ? fail('SESSION_LOCKED', 'Gatehouse is locked.') : ok({ idleTimeoutMs: IDLE_TIMEOUT }),
  );
  core.handle('session:lock', () => {
    locked = true;
    return ok({});
  });
  core.handle('session:unlock', (payload: { password: string }) => {
    if (payload.password !== PASSWORD) {
      return fail('INVALID_CREDENTIALS', 'That password is not right.', { fields: { password: 'That password is not right.' } });
    }
    locked = false;
    return ok({ user: person });
  });
  core.handle('auth:logout', () => {
    locked = false;
    return ok({});
  });
  return { lockFromOutside: () => (locked = true) };
}

function setup() {
  return userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
}

async function expectLockScreen() {
  expect(await screen.findByRole('heading', { name: 'Gatehouse is locked' })).toBeDefined();
  expect(screen.getByText('Signed in as', { exact: false }).textContent).toBe('Signed in as ada');
  // The screen that was open is gone from the page, not hidden behind the lock.
  expect(screen.queryByText('ada@example.com')).toBeNull();
  expect(screen.queryByRole('heading', { name: 'Welcome, ada' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Lock' })).toBeNull();
}

describe('lock screen', () => {
  it('shows at once when the core pushes a lock (the OS locked the screen), with no call and no reload', async () => {
    const { lockFromOutside } = lockingCore();
    renderApp(core.api, '#/dashboard');
    expect(await screen.findByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
    const callsBefore = core.calls.length;
    lockFromOutside();
    act(() => core.pushSessionState({ status: 'locked' }));
    await expectLockScreen();
    expect(core.calls.slice(callsBefore).map((c) => c.channel)).not.toContain('session:lock');
  });

  it("signs out with the core's reason when the core pushes an ending", async () => {
    lockingCore();
    renderApp(core.api, '#/dashboard');
    expect(await screen.findByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
    act(() => core.pushSessionState({ status: 'ended', message: 'You were signed out after 15 minutes without activity.' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.getByText('You were signed out after 15 minutes without activity.')).toBeDefined();
  });

  it('is what a reload shows when the core says the session is locked', async () => {
    lockingCore({ locked: true });
    renderApp(core.api, '#/dashboard');

    await expectLockScreen();
    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('autocomplete')).toBe('current-password');
    expect(document.activeElement).toBe(password);
    // A locked session is not kept alive by opening the app.
    expect(core.callsTo('session:activity')).toHaveLength(0);
  });

  it('locks with the Lock button and unlocks with the right password only', async () => {
    lockingCore();
    const user = setup();
    renderApp(core.api, '#/dashboard');
    await user.click(await screen.findByRole('button', { name: 'Lock' }));

    await expectLockScreen();
    expect(core.callsTo('session:lock')).toHaveLength(1);

    await user.type(screen.getByLabelText('Password'), 'not it');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('That password is not right.');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');

    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
    expect(core.callsTo('session:unlock')).toEqual([{ password: 'not it' }, { password: PASSWORD }]);
  });

  it('asks for the password before calling the core', async () => {
    lockingCore({ locked: true });
    const user = setup();
    renderApp(core.api, '#/dashboard');
    await user.click(await screen.findByRole('button', { name: 'Unlock' }));

    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(core.callsTo('session:unlock')).toHaveLength(0);
  });

  it('locks on Ctrl+L and on Cmd+L, from anywhere', async () => {
    lockingCore();
    const user = setup();
    renderApp(core.api, '#/change-password');
    await user.type(await screen.findByLabelText('Current password'), 'half typed');

    await user.keyboard('{Control>}l{/Control}');
    await expectLockScreen();
    // What was typed is gone with the screen.
    expect(screen.queryByDisplayValue('half typed')).toBeNull();

    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Change password' })).toBeDefined();
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');

    await user.keyboard('{Meta>}l{/Meta}');
    await expectLockScreen();
    expect(core.callsTo('session:lock')).toHaveLength(2);
  });

  it('does not lock on other shortcuts, and lets Ctrl+L through on a non-Latin layout', async () => {
    lockingCore();
    renderApp(core.api, '#/dashboard');
    await screen.findByRole('heading', { name: 'Welcome, ada' });

    const press = (init: KeyboardEventInit) => {
      const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
      act(() => {
        window.dispatchEvent(event);
      });
      return event;
    };
    expect(press({ key: 'l' }).defaultPrevented).toBe(false);
    expect(press({ key: 'l', ctrlKey: true, shiftKey: true }).defaultPrevented).toBe(false);
    expect(press({ key: 'k', ctrlKey: true }).defaultPrevented).toBe(false);
    expect(core.callsTo('session:lock')).toHaveLength(0);

    expect(press({ key: 'д', code: 'KeyL', ctrlKey: true }).defaultPrevented).toBe(true);
    await expectLockScreen();
  });

  it('shows the lock screen when any call answers SESSION_LOCKED (locked by the shell)', async () => {
    const { lockFromOutside } = lockingCore();
    const user = setup();
    renderApp(core.api, '#/dashboard');
    await screen.findByRole('heading', { name: 'Welcome, ada' });

    lockFromOutside();
    await user.keyboard('x');
    await act(() => vi.advanceTimersByTimeAsync(16_000));

    await expectLockScreen();
  });

  it('explains a lockout with the unlock time in the person’s locale', async () => {
    lockingCore({ locked: true });
    const unlocksAt = '2030-01-02T03:04:00.000Z';
    core.handle('session:unlock', () =>
      fail('ACCOUNT_LOCKED', 'Too many wrong passwords. Wait until the lock ends, or sign in as someone else.', { unlocksAt }),
    );
    const user = setup();
    renderApp(core.api, '#/dashboard');
    await user.type(await screen.findByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));

    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(unlocksAt));
    expect((await screen.findByRole('alert')).textContent).toBe(
      `Too many wrong passwords. Wait until the lock ends, or sign in as someone else. It unlocks on ${expected}.`,
    );
  });

  it('"Sign in as someone else" ends the session and leaves an empty sign-in screen', async () => {
    lockingCore({ locked: true });
    const user = setup();
    renderApp(core.api, '#/change-password');
    await user.type(await screen.findByLabelText('Password'), 'half');

    await user.click(screen.getByRole('button', { name: 'Sign in as someone else' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(core.callsTo('auth:logout')).toHaveLength(1);
    expect((screen.getByLabelText('Username or email') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(screen.queryByText('ada', { exact: false })).toBeNull();

    // The next person starts at their own dashboard, not at the previous person's screen.
    core.handle('auth:login', () => ok({ user: makeUser({ id: 2, username: 'grace' }) }));
    await user.type(screen.getByLabelText('Username or email'), 'grace');
    await user.type(screen.getByLabelText('Password'), 'another password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Welcome, grace' })).toBeDefined();
    await waitFor(() => expect(currentRoute()).toBe('#/dashboard'));
  });

  it('still times out while locked: the sign-in screen says why', async () => {
    lockingCore({ locked: true });
    renderApp(core.api, '#/dashboard');
    await expectLockScreen();

    // The core's clock warns over a lock screen too (it cannot tell who is looking)...
    act(() => core.pushSessionState({ status: 'warning', msLeft: 30_000 }));
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    // ...then ends the session, and the page shows why.
    act(() => core.pushSessionState({ status: 'ended', message: 'You were signed out after 15 minutes without activity.' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('You were signed out after 15 minutes without activity.');
    // No warning dialog over a lock screen: nobody can answer it without unlocking.
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});

describe('exit kiosk', () => {
  it('asks a kiosk’s administrator for their password, then says Gatehouse is leaving kiosk mode', async () => {
    lockingCore({ role: 'admin', kioskMode: true });
    core.handle('kiosk:exit', (payload: { password: string }) =>
      payload.password === PASSWORD ? ok({}) : fail('INVALID_CREDENTIALS', 'That password is not right.'),
    );
    const user = setup();
    renderApp(core.api, '#/dashboard');

    const opener = await screen.findByRole('button', { name: 'Exit kiosk' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Exit kiosk mode' });
    const password = screen.getByLabelText('Password');
    expect(document.activeElement).toBe(password);
    expect(password.getAttribute('autocomplete')).toBe('current-password');

    await user.type(password, 'wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Exit kiosk' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That password is not right.');

    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(within(dialog).getByRole('button', { name: 'Exit kiosk' }));
    expect(await within(dialog).findByText('Leaving kiosk mode…')).toBeDefined();
    expect(core.callsTo('kiosk:exit')).toEqual([{ password: 'wrong' }, { password: PASSWORD }]);
  });

  it('Cancel closes the dialog and sends nothing', async () => {
    lockingCore({ role: 'admin', kioskMode: true });
    const user = setup();
    renderApp(core.api, '#/dashboard');
    const opener = await screen.findByRole('button', { name: 'Exit kiosk' });
    await user.click(opener);

    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(core.callsTo('kiosk:exit')).toHaveLength(0);
  });

  it('is offered to administrators of a kiosk only', async () => {
    lockingCore({ role: 'user', kioskMode: true });
    renderApp(core.api, '#/dashboard');
    await screen.findByRole('heading', { name: 'Welcome, ada' });
    expect(screen.queryByRole('button', { name: 'Exit kiosk' })).toBeNull();
    tearDownApp();

    lockingCore({ role: 'admin', kioskMode: false });
    renderApp(core.api, '#/dashboard');
    await screen.findByRole('heading', { name: 'Welcome, ada' });
    expect(screen.queryByRole('button', { name: 'Exit kiosk' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Lock' })).toBeDefined();
  });
});
