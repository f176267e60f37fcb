#!/usr/bin/env node
/**
 * `npm run bench [-- --quick | --sizes=1000,10000 | --ops=30]`: runs bench/run.ts under tsx.
 * Not part of `npm test`: it takes minutes and its figures depend on the machine. The method and
 * the last results are in bench/README.md.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/run.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => {
  process.exitCode = signal ? 1 : (code ?? 1);
});
