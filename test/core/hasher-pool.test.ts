/**
 * The hasher is a pool: concurrent tasks go to different workers, one per core at most, and a
 * worker that dies fails only its own tasks. Watched through a counting Worker subclass.
 */
import type * as WorkerThreads from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { afterEach, expect, it, vi } from 'vitest';
import { createWorkerHasher } from '../../src/main/core/hasher';
import type { Hasher } from '../../src/main/core';

const workers = vi.hoisted(() => [] as { posts: number; terminate: () => Promise<number> }[]);

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof WorkerThreads>();
  class CountingWorker extends real.Worker {
    readonly record = { posts: 0, terminate: () => this.terminate() };
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      workers.push(this.record);
    }
    override postMessage(...args: Parameters<InstanceType<typeof real.Worker>['postMessage']>) {
      this.record.posts++;
      super.postMessage(...args);
    }
  }
  return { ...real, Worker: CountingWorker, default: { ...real, Worker: CountingWorker } };
});

let hasher: Hasher | undefined;
afterEach(async () => {
  await hasher?.close();
  hasher = undefined;
  workers.length = 0;
});

it('two concurrent hashes go to two different workers', async () => {
  hasher = createWorkerHasher(2);
  await Promise.all([hasher.hash('one', 4), hasher.hash('two', 4)]);
  expect(workers.map((w) => w.posts)).toEqual([1, 1]);
});

it('an idle worker is reused rather than another started', async () => {
  hasher = createWorkerHasher(2);
  await hasher.hash('one', 4);
  await hasher.hash('two', 4);
  await hasher.compare('two', await hasher.hash('three', 4));
  expect(workers.map((w) => w.posts)).toEqual([4]);
});

it('starts no more workers than the pool size, by default one per core', async () => {
  hasher = createWorkerHasher();
  await Promise.all(Array.from({ length: 6 }, (_, i) => hasher!.hash(`p${i}`, 4)));
  expect(workers).toHaveLength(Math.min(6, availableParallelism()));
  expect(workers.reduce((sum, w) => sum + w.posts, 0)).toBe(6);
});

it('a worker that dies fails its own task, and the next task gets a fresh worker', async () => {
  hasher = createWorkerHasher(1);
  const doomed = hasher.hash('x', 12);
  await vi.waitFor(() => expect(workers[0]?.posts).toBe(1));
  await workers[0]!.terminate();
  await expect(doomed).rejects.toThrow(/exited/);
  expect(await hasher.compare('y', await hasher.hash('y', 4))).toBe(true);
  expect(workers).toHaveLength(2);
});
