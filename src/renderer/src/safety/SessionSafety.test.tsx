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
  // Opening the app reported activity, so both idle clocks start now.
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

describe('idle warning and sign-out', () => {
  it('warns a minute before the deadline, with a countdown and "Stay signed in" focused', async () => {
    await startSignedIn();

    await advance(IDLE_TIMEOUT - 61_000);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await advance(2_000);
    const dialog = screen.getByRole('alertdialog', { name: 'Are you still there?' });
    const description = () => document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
    const first = secondsIn(description());
    // The clock ticks once a second, so the warning opens within a second of the last minute.
    expect(first).toBeGreaterThanOrEqual(59);
    expect(first).toBeLessThanOrEqual(60);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Stay signed in' }));

    await advance(18_000);
    expect(description()).toBe(`You will be signed out in ${first - 18} seconds.`);
  });

  it('speaks the countdown politely at 30 and 10 seconds, not every second', async () => {
    await startSignedIn();
    await advance(IDLE_TIMEOUT - 59_500);
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

  it('"Stay signed in" reports activity, closes the warning and moves the deadline', async () => {
    const user = await startSignedIn();
    await advance(IDLE_TIMEOUT - 30_000);

    await user.click(screen.getByRole('button', { name: 'Stay signed in' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(core.callsTo('session:activity')).toHaveLength(2);
    // A full timeout from the answer, not from the first report.
    await advance(IDLE_TIMEOUT - 65_000);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(core.callsTo('auth:logout')).toHaveLength(0);
    await advance(10_000);
    expect(screen.getByRole('alertdialog')).toBeDefined();
  });

  it('signs out when nobody answers, and the sign-in screen says after how long', async () => {
    await startSignedIn();

    await advance(IDLE_TIMEOUT + 1_000);

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(core.callsTo('auth:logout')).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('You were signed out after 2 minutes without activity.');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect((screen.getByLabelText('Username or email') as HTMLInputElement).value).toBe('');
    expect(currentRoute()).toBe('#/login');
  });

  it('does not take typing or clicking inside the warning as an answer', async () => {
    const user = await startSignedIn();
    await advance(IDLE_TIMEOUT - 40_000);
    const dialog = screen.getByRole('alertdialog');

    await user.keyboard('hello');
    await user.click(dialog);
    await advance(20_000);

    expect(core.callsTo('session:activity')).toHaveLength(1);
    await advance(21_000);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
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

  it('never counts on more time than the core grants: a shorter timeout in its answer applies at once', async () => {
    const user = await startSignedIn();
    // An administrator shortens the timeout; the core's next answers say so.
    core.setPolicy({ idleTimeoutMs: 60_000 });
    core.handle('session:activity', () => ok({ idleTimeoutMs: 60_000 }));

    await user.keyboard('a');
    // The next report is due 15 s after the first; its answer says one minute.
    await advance(15_000);
    expect(core.callsTo('session:activity')).toHaveLength(2);
    // A one-minute timeout warns for its last half.
    await advance(29_000);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await advance(2_000);
    expect(screen.getByRole('alertdialog')).toBeDefined();
    await advance(30_000);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('You were signed out after 1 minute without activity.');
  });

  it('asks the core before warning: input the Electron shell saw elsewhere moves the deadline', async () => {
    await startSignedIn();
    // The shell reported system input 30 s ago as far as the core is concerned.
    let shellSawInputAt = 0;
    core.handle('auth:session', () =>
      ok({ user: makeUser(), locked: false, idleRemainingMs: Math.max(0, shellSawInputAt + IDLE_TIMEOUT - Date.now()) }),
    );
    await advance(30_000);
    shellSawInputAt = Date.now();
    // Our own deadline would warn at 60 s; the core's (input at 30 s) warns at 90 s.
    await advance(32_000);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(core.callsTo('auth:session').length).toBeGreaterThan(1);
    await advance(30_000);
    expect(screen.getByRole('alertdialog', { name: 'Are you still there?' })).toBeDefined();
  });

  it('a remembered session, which the core keeps without an idle limit, is never warned or signed out', async () => {
    await startSignedIn();
    core.handle('auth:session', () => ok({ user: makeUser(), locked: false, idleRemainingMs: null }));
    await advance(3 * IDLE_TIMEOUT);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
    expect(core.callsTo('auth:logout')).toHaveLength(0);
  });
});
