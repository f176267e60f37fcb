#!/usr/bin/env node
/**
 * `npm run soak [-- --rounds 1000]`: SIGKILL rounds against the store, kills during checkpoints
 * included; reports acknowledged writes lost (must be 0). Runs bench/soak.ts under tsx. Not part
 * of `npm test` (CI keeps the 30 rounds of test/reliability/crash.test.ts).
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/soak.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => {
  process.exitCode = signal ? 1 : (code ?? 1);
});
