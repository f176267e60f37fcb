/**
 * The checkpoint worker's program: one request at a time, from the store's main thread.
 * Built as its own entry (electron.vite.config.ts) so the bundle has out/main/checkpoint-worker.js
 * beside index.js; from source (tests, tsx) checkpointer.ts starts it through tsx.
 */
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { writeCheckpoint } from './checkpoint';
import { sealingFromSpec } from './codec-spec';
import type { CheckpointJob } from './checkpointer';
import { storePaths } from './files';
import { loadSqlJs } from './sqlite-file';

/**
 * A checkpoint is background work: on Linux this thread gives way to the main thread and the
 * bcrypt workers (a thread is a task there, and /proc/thread-self names this one), so a
 * checkpoint at 100,000 accounts (about a second of CPU) does not slow the sign-ins going on
 * meanwhile. Elsewhere it runs at normal priority.
 */
function yieldToForegroundWork(): void {
  if (process.platform !== 'linux') return;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(threadId) && threadId > 0) setPriority(threadId, constants.priority.PRIORITY_LOW);
  } catch {
    // No /proc, or not allowed: normal priority.
  }
}
yieldToForegroundWork();

parentPort!.on('message', (job: CheckpointJob) => {
  void (async () => {
    try {
      const SQL = await loadSqlJs(job.sqlWasmPath);
      await writeCheckpoint(SQL, storePaths(job.dir), sealingFromSpec(job.sealing), job.storeId, job.uptoSeq, job.rewrite);
      parentPort!.postMessage({ id: job.id, ok: true });
    } catch (error) {
      parentPort!.postMessage({ id: job.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
