/**
 * Issue 10 §6: the writer lock after a crash. Two processes (the app and the CLI, say) that
 * start together over a stale lock must never both hold it; and the lock file never exists
 * empty or half-written, so it is never mistaken for a stale one.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';

const RACER = join(__dirname, 'lock-racer.ts');
const ROUNDS = Number(process.env.GATEHOUSE_LOCK_RACES ?? 150);
const DEAD_PID = 999_999;

interface Racer {
  child: ChildProcessWithoutNullStreams;
  next: () => Promise<string>;
}

function startRacer(): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', RACER, '15'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Interface = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => (waiting.length ? waiting.shift()!(line) : queue.push(line)));
  return { child, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve))) };
}

const racers: Racer[] = [];
afterAll(() => {
  for (const racer of racers) racer.child.kill();
});

type Answer = { held: true; from: number; to: number } | { held: false; code?: string };

it(`two processes racing over a stale lock never both hold it (${ROUNDS} races)`, async () => {
  expect(() => process.kill(DEAD_PID, 0)).toThrow();
  const [a, b] = [startRacer(), startRacer()];
  racers.push(a, b);
  expect(await a.next()).toBe('READY');
  expect(await b.next()).toBe('READY');
  let both = 0;
  let taken = 0;
  const started = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-lock-'));
    writeFileSync(join(dir, 'gatehouse.lock'), `${DEAD_PID}\n`);
    a.child.stdin.write(`${dir}\n`);
    b.child.stdin.write(`${dir}\n`);
    const [x, y] = (await Promise.all([a.next(), b.next()])).map((line) => JSON.parse(line) as Answer);
    if (x!.held && y!.held && x!.from < y!.to && y!.from < x!.to) both++;
    if (x!.held || y!.held) taken++;
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`writer lock: ${ROUNDS} races in ${Date.now() - started} ms, both held in ${both}, taken over in ${taken}`);
  expect(both).toBe(0);
  expect(taken).toBe(ROUNDS);
}, 120_000);

it('the lock file is never empty: it names its owner from the moment it exists', async () => {
  const { acquireWriterLock, lockOwnerPid } = await import('../../src/main/core/store/lock');
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-lock-'));
  const release = acquireWriterLock(join(dir, 'gatehouse.lock'));
  const text = readFileSync(join(dir, 'gatehouse.lock'), 'utf8');
  expect(lockOwnerPid(text)).toBe(process.pid);
  expect(text.split('\n')[1]).toMatch(/^[0-9a-f]{32}$/);
  release();
  // A fresh empty lock (a writer mid-way) is respected, not taken for stale.
  writeFileSync(join(dir, 'gatehouse.lock'), '');
  expect(() => acquireWriterLock(join(dir, 'gatehouse.lock'))).toThrow(/already using this data folder/);
  rmSync(dir, { recursive: true, force: true });
});
