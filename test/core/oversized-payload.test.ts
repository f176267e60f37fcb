/** A payload stuffed with unknown keys is a typed refusal, never a crash of the router. */
import { afterEach, expect, it } from 'vitest';
import { expectError, openTestCore, type TestCore } from '../support/core';

let test: TestCore | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

it('200,000 unknown keys answer VALIDATION_FAILED, not INTERNAL', async () => {
  test = await openTestCore();
  const payload: Record<string, string> = { identifier: 'someone', password: 'x' };
  for (let i = 0; i < 200_000; i++) payload[`k${i}`] = 'v';
  const result = await test.core.invoke('auth:login', payload, { windowId: 1, fromAppPage: true });
  const error = expectError(result, 'VALIDATION_FAILED');
  expect(error.message.length).toBeLessThan(400);
});
