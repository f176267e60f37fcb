/**
 * Who writes checkpoints. The worker (the default) keeps every O(size) step (reading the
 * snapshot, replaying, export(), sealing, the write) off the main process's event loop; the main
 * thread only posts a message and later deletes journals the new snapshot made obsolete.
 * "inline" does the same work on the calling thread: for a codec that cannot cross to a worker
 * (no spec) and for tests of the writer itself. The keys travel with each request, so a
 * checkpoint always seals with the key that writes when it starts.
 *
 * Starting the worker: the bundle has out/main/checkpoint-worker.js beside the code that starts
 * it (a second entry in electron.vite.config.ts). Run from source (vitest, tsx, the harness and the
 * CLI), this module's URL ends in .ts and the worker is started through tsx's loader instead.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SqlJsStatic } from 'sql.js';
import { writeCheckpoint } from './checkpoint';
import { specOfSealing, type SealingSpec } from './codec-spec';
import type { Sealing } from './sealed-file';
import type { StorePaths } from './files';

export interface CheckpointJob {
  id: number;
  dir: string;
  storeId: string;
  uptoSeq: number;
  rewrite: boolean;
  sealing: SealingSpec | null;
  sqlWasmPath?: string;
}

export interface CheckpointRequest {
  storeId: string;
  uptoSeq: number;
  /** The keys to read with and the one to write with, as they are when the checkpoint starts. */
  sealing: Sealing | null;
  /** Write even when the snapshot covers `uptoSeq` already (a reseal). */
  rewrite?: boolean;
}

export interface Checkpointer {
  /** Resolves once the snapshot at `uptoSeq` is durable; rejects if it could not be written. */
  write(request: CheckpointRequest): Promise<void>;
  close(): Promise<void>;
}

export function inlineCheckpointer(SQL: SqlJsStatic, paths: StorePaths): Checkpointer {
  return {
    write: ({ storeId, uptoSeq, sealing, rewrite }) => writeCheckpoint(SQL, paths, sealing, storeId, uptoSeq, rewrite),
    close: async () => undefined,
  };
}

function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./checkpoint-worker.js', here));
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const program = new URL('./checkpoint-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(program)}); })`, {
    eval: true,
  });
}

/**
 * `fallback` takes over for good if the worker itself cannot run (its program fails to load, e.g.
 * a packaging mistake): checkpoints then stall the main thread, but the store stays durable and
 * its journal bounded. `warn` says so once.
 */
export function workerCheckpointer(
  dir: string,
  sqlWasmPath: string | undefined,
  fallback: Checkpointer,
  warn: (message: string) => void,
): Checkpointer {
  let worker: Worker | null = null;
  let broken = false;
  let nextId = 1;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
    worker = null;
  };
  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const started = startWorker();
    started.on('message', (reply: { id: number; ok: boolean; error?: string }) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) {
        // Idle: let it go. Its WebAssembly memory (a whole database and its export) never shrinks
        // while it lives, and checkpoints are minutes apart; starting one is off the main thread.
        worker = null;
        void started.terminate();
      }
      if (reply.ok) waiter?.resolve();
      else waiter?.reject(new Error(reply.error ?? 'the checkpoint failed'));
    });
    started.on('error', (error) => {
      if (!broken) warn(`Gatehouse: the checkpoint worker failed (${error.message}); checkpoints now run on the main thread.`);
      broken = true;
      failAll(error);
    });
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`the checkpoint worker exited (${code})`));
    });
    started.unref(); // only work in flight keeps the process alive (ref below), never an idle worker
    worker = started;
    return started;
  };
  return {
    write(request) {
      const sealing = specOfSealing(request.sealing);
      // A key that cannot cross to a worker (only a test builds one) is checkpointed here.
      if (broken || sealing === 'not-portable') return fallback.write(request);
      const running = ensureWorker();
      const id = nextId++;
      running.ref(); // until it answers: a CLI awaiting close must not exit under it
      const { storeId, uptoSeq } = request;
      const job: CheckpointJob = { id, dir, storeId, uptoSeq, rewrite: request.rewrite ?? false, sealing, ...(sqlWasmPath ? { sqlWasmPath } : {}) };
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        running.postMessage(job);
      });
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}
