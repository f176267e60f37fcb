/** Opens a real core on a fresh temp folder, with a clock the test moves by hand. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGatehouse, type GatehouseHandle, type GatehouseOptions } from '../../src/main/core';
import type { Channel, DataOf, PayloadOf } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';

export const TEST_COST = 4;

export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function manualClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): TestClock {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
}

export interface TestCore {
  dir: string;
  core: GatehouseHandle;
  clock: TestClock;
  /** Calls a channel as window `windowId` of the app's own page. */
  call<C extends Channel>(channel: C, payload: PayloadOf<C>, windowId?: number): Promise<Result<DataOf<C>>>;
  reopen(extra?: Partial<GatehouseOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function openTestCore(options: Partial<GatehouseOptions> = {}, dir = tempDir()): Promise<TestCore> {
  const clock = manualClock();
  const open = (extra: Partial<GatehouseOptions> = {}) =>
    openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, clock: clock.now, warn: () => {}, ...options, ...extra });
  const test: TestCore = {
    dir,
    clock,
    core: await open(),
    call: (channel, payload, windowId = 1) =>
      test.core.invoke(channel, payload, { windowId, fromAppPage: true }) as never,
    async reopen(extra) {
      await test.core.close();
      test.core = await open(extra);
    },
    async close() {
      await test.core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return test;
}

export const STRONG_PASSWORD = 'correct horse battery staple';

export function registration(username: string, password = STRONG_PASSWORD) {
  return { username, email: `${username}@example.com`, password, confirmPassword: password };
}

/** Unwraps a successful Result or fails the test with the error it carried. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

export function expectError<T>(result: Result<T>, code: string) {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  if (result.error.code !== code) throw new Error(`expected ${code}, got ${result.error.code}: ${result.error.message}`);
  return result.error;
}
