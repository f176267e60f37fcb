import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../shared/result';
import { createFakeCore, makeUser, type FakeCore } from '../test/fakeCore';
import { renderApp, tearDownApp } from '../test/renderApp';

let core: FakeCore;

afterEach(() => {
  expect(core.invalidPayloads).toEqual([]);
  tearDownApp();
});

const WRONG = 'That code is not right. Enter the code your app shows now.';

async function toCodeStep() {
  core = createFakeCore();
  core.handle('auth:login', () => fail('SECOND_STEP_REQUIRED', 'Enter the 6-digit code from your authenticator app.'));
  renderApp(core.api, '#/login');
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Username or email'), 'ada');
  await user.type(screen.getByLabelText('Password'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  expect(await screen.findByRole('heading', { name: 'Enter your code' })).toBeDefined();
  return user;
}

describe('Enter your code (issue 13)', () => {
  it('the right code signs in; the code goes to the core as typed', async () => {
    const user = await toCodeStep();
    core.handle('auth:verify-second-step', () => ok({ user: makeUser() }));
    await user.type(screen.getByLabelText('6-digit code'), '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
    expect(core.callsTo('auth:verify-second-step')).toEqual([{ code: '123 456' }]);
  });

  it('Use a recovery code swaps the field; two refused codes show the device’s time', async () => {
    const user = await toCodeStep();
    core.handle('auth:verify-second-step', () => fail('INVALID_CREDENTIALS', WRONG, { fields: { code: WRONG } }));
    for (const code of ['000000', '111111']) {
      await user.type(screen.getByLabelText('6-digit code'), code);
      expect(screen.queryByText(/This device’s time is/)).toBeNull();
      await user.click(screen.getByRole('button', { name: 'Verify' }));
      await screen.findByRole('alert');
    }
    expect(await screen.findByText(/This device’s time is/)).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Use a recovery code' }));
    expect(screen.queryByLabelText('6-digit code')).toBeNull();
    await user.type(screen.getByLabelText('Recovery code'), 'abcde-12345');
    core.handle('auth:verify-second-step', () => ok({ user: makeUser() }));
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('heading', { name: 'Welcome, ada' })).toBeDefined();
    expect(core.callsTo('auth:verify-second-step').at(-1)).toEqual({ recoveryCode: 'abcde-12345' });
  });

  it('an expired half-done sign-in goes back to the password with the core’s reason', async () => {
    const user = await toCodeStep();
    core.handle('auth:verify-second-step', () => fail('SESSION_EXPIRED', 'The sign-in timed out after 5 minutes. Please sign in again.'));
    await user.type(screen.getByLabelText('6-digit code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.getAllByText(/timed out after 5 minutes/).length).toBeGreaterThan(0);
  });
});
