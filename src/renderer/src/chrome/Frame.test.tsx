import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result';
import { createFakeCore, POLICY } from '../test/fakeCore';
import { renderApp, tearDownApp } from '../test/renderApp';

afterEach(() => tearDownApp());

describe('the footer says where accounts live', () => {
  it.each([
    [false, 'Accounts on this device stay on this device.'],
    [true, "Accounts made on this device stay on it; directory accounts sign in with your organisation's directory."],
  ])('directory configured: %s', async (directoryConfigured, words) => {
    const core = createFakeCore();
    core.handle('app:info', () => ok({ policy: POLICY, rememberedUsername: null, setUp: true, directoryConfigured }));
    renderApp(core.api, '#/');
    expect(await screen.findByRole('heading', { name: /sign in/i })).toBeDefined();
    const footer = screen.getByText(words);
    expect(footer.tagName).toBe('FOOTER');
    expect(document.body.textContent).not.toContain(directoryConfigured ? 'stay on this device.' : 'directory');
  });

  it('says nothing while it cannot know: on the unlock screen of a locked store', async () => {
    const core = createFakeCore();
    core.handle('store:unlock-state', () => ok({ state: 'asking', kind: 'passphrase', wrongAnswer: null }));
    renderApp(core.api, '#/');
    expect(await screen.findByRole('heading', { name: 'Unlock Gatehouse' })).toBeDefined();
    expect(document.querySelector('footer')?.textContent).toBe('');
  });
});
