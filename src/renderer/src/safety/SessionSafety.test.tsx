import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../shared/result';
import { createFakeCore, makeUser, type FakeCore } from '../test/fakeCore';
import { currentRoute, renderApp, tearDownApp } from '../test/renderApp';

const IDLE_TIMEOUT = 2 * 60_000;
let core: FakeCore;

beforeEach(() => {
  // Fake Date and timers that still move with real time, so Testing Library's waits work.
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  expect(core.invalidPayloads).toEqual([]);
  tearDownApp();
  vi.useRealTimers();
});

/** A signed-in person on the dashboard, with a core that confirms activity reports. */
async function startSignedIn() {
  core = createFakeCore({ signedIn: makeUser(), policy: { idleTimeoutMs: IDLE_TIMEOUT } });
  core.handle('session:activity', () => ok({ idleTimeoutMs: IDLE_TIMEOUT }));
  renderApp(core.api, '#/dashboard');
  expect(await screen.findByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
  // Opening the app reported activity, so the core's idle clock starts now.
  expect(core.callsTo('session:activity')).toHaveLength(1);
  return userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
}

function secondsIn(text: string): number {
  const match = /^You will be signed out in (\d+) seconds\.$/u.exec(text);
  if (!match) throw new Error(`Not a countdown: ${text}`);
  return Number(match[1]);
}

async function advance(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

/** The core's clock pushes a state, as the shell's one timer does. */
function push(state: unknown) {
  act(() => core.pushSessionState(state));
}

function countdown(): string {
  const dialog = screen.getByRole('alertdialog', { name: 'Are you still there?' });
  return document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
}

describe('the idle warning shows the core\'s pushed state', () => {
  it('keeps no clock of its own: without a push nothing warns and nobody is signed out', async () => {
    await startSignedIn();
    await advance(3 * IDLE_TIMEOUT);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
    expect(core.callsTo('auth:logout')).toHaveLength(0);
    expect(core.callsTo('auth:session')).toHaveLength(1);
  });

  it('opens on a pushed warning, counts down from its msLeft between pushes, with "Stay signed in" focused', async () => {
    await startSignedIn();
    push({ status: 'warning', msLeft: 45_000 });
    expect(secondsIn(countdown())).toBe(45);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Stay signed in' }));

    await advance(18_000);
    expect(countdown()).toBe('You will be signed out in 27 seconds.');
    // The core's next push is the truth, whatever the local countdown said.
    push({ status: 'warning', msLeft: 20_000 });
    expect(countdown()).toBe('You will be signed out in 20 seconds.');
    push({ status: 'active' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('says a remembered session will lock, not sign out, when the core says so', async () => {
    await startSignedIn();
    push({ status: 'warning', msLeft: 45_000, then: 'lock' });
    expect(countdown()).toBe('Gatehouse will lock in 45 seconds.');
    push({ status: 'locked' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('speaks the countdown politely at 30 and 10 seconds, not every second', async () => {
    await startSignedIn();
    push({ status: 'warning', msLeft: 59_500 });
    const live = screen.getByRole('alertdialog').querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('');

    await advance(25_000);
    expect(live.textContent).toBe('');
    await advance(5_000);
    expect(live.textContent).toBe('You will be signed out in 30 seconds.');
    await advance(5_000);
    expect(live.textContent).toBe('You will be signed out in 30 seconds.');
    await advance(15_000);
    expect(live.textContent).toBe('You will be signed out in 10 seconds.');
  });

  it('"Stay signed in" reports activity, closes the warning and gives focus back to where it was', async () => {
    const user = await startSignedIn();
    const lock = screen.getByRole('button', { name: 'Lock' });
    lock.focus();
    push({ status: 'warning', msLeft: 30_000 });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Stay signed in' }));

    await user.click(screen.getByRole('button', { name: 'Stay signed in' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(core.callsTo('session:activity')).toHaveLength(2);
    expect(document.activeElement).toBe(lock);
    expect(core.callsTo('auth:logout')).toHaveLength(0);
  });

  it('shows sign-in with the core\'s reason when it pushes the ending', async () => {
    await startSignedIn();
    push({ status: 'warning', msLeft: 1_000 });
    await advance(5_000);
    // The countdown stops at 0 and waits for the core: the page never signs out by itself.
    expect(countdown()).toBe('You will be signed out in 0 seconds.');
    expect(core.callsTo('auth:logout')).toHaveLength(0);

    push({ status: 'ended', message: 'You were signed out after 2 minutes without activity.' });

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('You were signed out after 2 minutes without activity.');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect((screen.getByLabelText('Username or email') as HTMLInputElement).value).toBe('');
    expect(currentRoute()).toBe('#/login');
  });

  it('does not take typing or clicking inside the warning as an answer', async () => {
    const user = await startSignedIn();
    await advance(20_000);
    push({ status: 'warning', msLeft: 40_000 });
    const dialog = screen.getByRole('alertdialog');

    await user.keyboard('hello');
    await user.click(dialog);
    await advance(20_000);

    expect(core.callsTo('session:activity')).toHaveLength(1);
    expect(screen.getByRole('alertdialog')).toBeDefined();
  });

  it('a warning over input the core has not heard of yet reports it at once instead of warning', async () => {
    const user = await startSignedIn();
    await user.keyboard('a');
    // Held back by the 15 s throttle when the core starts warning.
    push({ status: 'warning', msLeft: 50_000 });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(core.callsTo('session:activity')).toHaveLength(2);
  });

  it('passes input on to the core at most every 15 seconds, and not at all without input', async () => {
    const user = await startSignedIn();

    await user.keyboard('a');
    await advance(10_000);
    // Not yet: the app reported when it opened, and reports go at most every 15 s.
    expect(core.callsTo('session:activity')).toHaveLength(1);
    await advance(6_000);
    expect(core.callsTo('session:activity')).toHaveLength(2);

    await advance(30_000);
    expect(core.callsTo('session:activity')).toHaveLength(2);

    await user.keyboard('a');
    await advance(1_000);
    expect(core.callsTo('session:activity')).toHaveLength(3);

    await user.keyboard('b');
    await user.pointer({ keys: '[MouseLeft]', target: document.body });
    await advance(5_000);
    expect(core.callsTo('session:activity')).toHaveLength(3);
    await advance(10_000);
    expect(core.callsTo('session:activity')).toHaveLength(4);

    await advance(30_000);
    expect(core.callsTo('session:activity')).toHaveLength(4);
  });
});
