/**
 * The checkpoint worker's program: one request at a time, from the store's main thread.
 * Built as its own entry (electron.vite.config.ts) so the bundle has out/main/checkpoint-worker.js
 * beside index.js; from source (tests, tsx) checkpointer.ts starts it through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { writeCheckpoint } from './checkpoint';
import { sealingFromSpec } from './codec-spec';
import type { CheckpointJob } from './checkpointer';
import { storePaths } from './files';
import { loadSqlJs } from './sqlite-file';

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
