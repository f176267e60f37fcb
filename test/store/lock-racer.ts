/**
 * A child for the writer-lock race: for each data folder read on stdin it tries to take the
 * lock, holds it briefly if it got it, and says when it held it (wall-clock ms).
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { acquireWriterLock } from '../../src/main/core/store/lock';

const now = () => performance.timeOrigin + performance.now();
const HOLD_MS = Number(process.argv[2] ?? 15);

createInterface({ input: process.stdin }).on('line', (dir) => {
  try {
    const release = acquireWriterLock(join(dir, 'gatehouse.lock'));
    const from = now();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, HOLD_MS);
    const to = now();
    release();
    process.stdout.write(`${JSON.stringify({ held: true, from, to })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ held: false, code: (error as { code?: string }).code })}\n`);
  }
});
process.stdout.write('READY\n');
