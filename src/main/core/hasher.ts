/**
 * bcrypt in worker threads. bcryptjs is pure JavaScript: a cost-12 hash is a few hundred
 * milliseconds of CPU, which on the main process's event loop would freeze every window.
 * One worker per core, started on first use, so concurrent sign-ins hash in parallel.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Hasher } from './types';

/** The worker's whole program. Inline (eval) so it runs the same from source, tests and the bundle. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
parentPort.on('message', (task) => {
  try {
    const result = task.op === 'hash'
      ? bcrypt.hashSync(task.password, task.cost)
      : bcrypt.compareSync(task.password, task.hash);
    parentPort.postMessage({ id: task.id, result });
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: String((error && error.message) || error) });
  }
});
`;

type Task =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'compare'; password: string; hash: string };

interface Pending {
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export function bcryptCostOf(hash: string): number | null {
  const match = /^\$2[abxy]\$(\d{2})\$/.exec(hash);
  return match ? Number(match[1]) : null;
}

export function createWorkerHasher(size = availableParallelism()): Hasher {
  const bcryptPath = createRequire(import.meta.url).resolve('bcryptjs');
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const startSlot = (): Slot => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } });
    worker.unref(); // an idle pool must not keep a CLI or test process alive
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (message: { id: number; result?: string | boolean; error?: string }) => {
      const pending = slot.pending.get(message.id);
      if (!pending) return;
      slot.pending.delete(message.id);
      if (slot.pending.size === 0) worker.unref();
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result!);
    });
    const failAll = (error: Error) => {
      for (const pending of slot.pending.values()) pending.reject(error);
      slot.pending.clear();
      slots.splice(slots.indexOf(slot), 1);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (slots.includes(slot)) failAll(new Error(`bcrypt worker exited (${code})`));
    });
    slots.push(slot);
    return slot;
  };

  /** The least busy worker, starting another while there are cores to spare. */
  const pickSlot = (): Slot => {
    const idle = slots.find((slot) => slot.pending.size === 0);
    if (idle) return idle;
    if (slots.length < Math.max(1, size)) return startSlot();
    return slots.reduce((best, slot) => (slot.pending.size < best.pending.size ? slot : best));
  };

  const run = (task: Task): Promise<string | boolean> => {
    if (closed) return Promise.reject(new Error('The hasher is closed.'));
    const slot = pickSlot();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref(); // work in flight keeps the process alive until it answers
      slot.worker.postMessage({ id, ...task });
    });
  };

  return {
    hash: async (password, cost) => (await run({ op: 'hash', password, cost })) as string,
    compare: async (password, hash) => (await run({ op: 'compare', password, hash })) as boolean,
    async close() {
      closed = true;
      const stopping = slots.splice(0).map((slot) => {
        for (const pending of slot.pending.values()) pending.reject(new Error('The hasher is closed.'));
        return slot.worker.terminate();
      });
      await Promise.all(stopping);
    },
  };
}
