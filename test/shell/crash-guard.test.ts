import { describe, expect, it } from 'vitest';
import { createCrashGuard, DEFAULT_CRASH_GUARD } from '../../src/main/crash-guard';

function guardAt(times: number[]) {
  let now = 0;
  const record = createCrashGuard({ ...DEFAULT_CRASH_GUARD, now: () => now });
  return times.map((t) => {
    now = t;
    return record();
  });
}

describe('crash guard', () => {
  it('reloads twice and gives up on the third crash within a minute', () => {
    expect(guardAt([0, 10_000, 59_999])).toEqual(['reload', 'reload', 'give-up']);
  });

  it('keeps giving up once it has', () => {
    expect(guardAt([0, 1, 2, 600_000, 1_200_000])).toEqual(['reload', 'reload', 'give-up', 'give-up', 'give-up']);
  });

  it('forgets crashes older than a minute', () => {
    expect(guardAt([0, 30_000, 60_000, 90_000, 120_000])).toEqual(['reload', 'reload', 'reload', 'reload', 'reload']);
  });
});
