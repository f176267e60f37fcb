import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../shared/result';
import { createFakeCore, makeUser, type FakeCore } from '../test/fakeCore';
import { renderApp, tearDownApp } from '../test/renderApp';
import { OnScreenKeyboard } from './OnScreenKeyboard';

let core: FakeCore | null = null;

afterEach(() => {
  if (core) expect(core.invalidPayloads).toEqual([]);
  core = null;
  tearDownApp();
});

function keyboard() {
  return within(screen.getByRole('region', { name: 'On-screen keyboard' }));
}

async function tap(user: ReturnType<typeof userEvent.setup>, ...names: string[]) {
  for (const name of names) await user.click(keyboard().getByRole('button', { name }));
}

/** A controlled field, as the app's forms have, that shows what React holds. */
function Controlled({ type = 'text', inputMode, maxLength }: { type?: string; inputMode?: 'numeric'; maxLength?: number }) {
  const [value, setValue] = useState('');
  return (
    <form onSubmit={(event) => event.preventDefault()}>
      <label>
        Field
        <input type={type} inputMode={inputMode} maxLength={maxLength} value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <output aria-label="React state">{value}</output>
      <button type="button">Elsewhere</button>
    </form>
  );
}

describe('On-screen keyboard', () => {
  it('signs in typed only on its keys: focus stays in the field, React sees every key, Enter submits', async () => {
    core = createFakeCore({ policy: { onScreenKeyboard: true } });
    core.handle('auth:login', () => ok({ user: makeUser({ username: 'Ada' }) }));
    renderApp(core.api, '#/login');
    const user = userEvent.setup();
    const username = await screen.findByLabelText('Username or email');
    expect(screen.queryByRole('region', { name: 'On-screen keyboard' })).toBeNull();

    await user.click(username);
    await tap(user, 'Shift');
    expect(keyboard().getByRole('button', { name: 'Shift' }).getAttribute('aria-pressed')).toBe('true');
    await tap(user, 'A');
    // Shift lasts one character, like a phone keyboard.
    expect(keyboard().getByRole('button', { name: 'Shift' }).getAttribute('aria-pressed')).toBe('false');
    await tap(user, 'd', 'x', 'Backspace', 'a');
    expect(username).toHaveProperty('value', 'Ada');
    expect(document.activeElement).toBe(username);

    const password = screen.getByLabelText('Password');
    await user.click(password);
    await tap(user, 'p', 'w', 'Symbols', '!', '#', 'Letters', '9', 'Space', 'z');
    expect(password).toHaveProperty('value', 'pw!#9 z');
    await tap(user, 'Enter');

    expect(await screen.findByRole('heading', { name: 'Welcome, Ada' })).toBeDefined();
    expect(core.callsTo('auth:login')).toEqual([{ identifier: 'Ada', password: 'pw!#9 z', remember: false }]);
  });

  it('stays away when the setting is off', async () => {
    core = createFakeCore({ policy: { onScreenKeyboard: false } });
    renderApp(core.api, '#/login');
    await userEvent.setup().click(await screen.findByLabelText('Username or email'));
    expect(screen.queryByRole('region', { name: 'On-screen keyboard' })).toBeNull();
  });

  it('types at the caret, replaces a selection, and keeps to maxlength', async () => {
    render(
      <>
        <Controlled maxLength={4} />
        <OnScreenKeyboard />
      </>,
    );
    const user = userEvent.setup();
    const field = screen.getByLabelText('Field') as HTMLInputElement;
    await user.click(field);
    await tap(user, 'a', 'c');
    field.setSelectionRange(1, 1);
    await tap(user, 'b');
    expect(screen.getByLabelText('React state').textContent).toBe('abc');
    field.setSelectionRange(0, 3);
    await tap(user, 'x', 'y', 'z', 'w', 'v');
    expect(screen.getByLabelText('React state').textContent).toBe('xyzw');
    field.setSelectionRange(2, 2);
    await tap(user, 'Backspace');
    expect(screen.getByLabelText('React state').textContent).toBe('xzw');
  });

  it('shows digits only for a numeric field, and hides when focus leaves for a button', async () => {
    render(
      <>
        <Controlled inputMode="numeric" />
        <OnScreenKeyboard />
      </>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Field'));
    const names = keyboard()
      .getAllByRole('button')
      .map((key) => key.textContent);
    expect(names).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫Backspace', '0', '⏎Enter']);
    await tap(user, '4', '2');
    expect(screen.getByLabelText('React state').textContent).toBe('42');

    await user.click(screen.getByRole('button', { name: 'Elsewhere' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'On-screen keyboard' })).toBeNull());
  });

  it('marks a password field so its keys give no pressed-key echo, and never logs a key', async () => {
    const log = vi.spyOn(console, 'log');
    const info = vi.spyOn(console, 'info');
    render(
      <>
        <Controlled type="password" />
        <OnScreenKeyboard />
      </>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Field'));
    expect(screen.getByRole('region', { name: 'On-screen keyboard' }).classList.contains('osk--secret')).toBe(true);
    await tap(user, 's', 'e', 'c');
    expect(screen.getByLabelText('React state').textContent).toBe('sec');
    expect(log).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('stays until the tap that moved focus has clicked, so the page does not move under the finger', async () => {
    const clicked: string[] = [];
    render(
      <>
        <Controlled />
        <button type="button" onClick={() => clicked.push(screen.queryByRole('region', { name: 'On-screen keyboard' }) ? 'with keyboard' : 'gone')}>
          Go
        </button>
        <OnScreenKeyboard />
      </>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Field'));
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(clicked).toEqual(['with keyboard']);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'On-screen keyboard' })).toBeNull());
  });

  it('closes at once when focus moves on by the keyboard (Tab)', async () => {
    render(
      <>
        <Controlled />
        <OnScreenKeyboard />
      </>,
    );
    act(() => screen.getByLabelText('Field').focus());
    expect(screen.getByRole('region', { name: 'On-screen keyboard' })).toBeDefined();
    act(() => screen.getByRole('button', { name: 'Elsewhere' }).focus());
    expect(screen.queryByRole('region', { name: 'On-screen keyboard' })).toBeNull();
  });

  it('keeps its target when a screen-reader user moves focus onto a key', async () => {
    render(
      <>
        <Controlled />
        <OnScreenKeyboard />
      </>,
    );
    const user = userEvent.setup();
    const field = screen.getByLabelText('Field');
    await user.click(field);
    keyboard().getByRole('button', { name: 'q' }).focus();
    await user.keyboard('{Enter}');
    expect(screen.getByLabelText('React state').textContent).toBe('q');
  });
});
