/**
 * The browser suite starts a harness per test, about 150 a run, and the provisioning CLI for
 * many. Through tsx each harness start took 1-1.3 s (the whole core transformed and loaded
 * through tsx's module loader), every checkpoint started its worker through tsx as well, and in
 * one run 2 of about 40 CLI runs under tsx ended with exit code 13 and no message (Node's code
 * for a top-level await left unsettled with nothing else to run; not reproduced in 18 runs
 * outside the suite, cause not found). Bundled once, as the app is built
 * (test/support/bundle.ts), a harness starts in about 0.75 s and the CLI needs no loader.
 * `npm run harness` and `npm run gatehouse` still run the source.
 */
import { dirname } from 'node:path';
import { bundleWithCheckpointWorker } from '../../test/support/bundle';
import { cliOut, isStale, repoRoot, serverOut } from './build';

export async function ensureServerBuild(log: (line: string) => void = console.log): Promise<void> {
  const sources = ['e2e/harness', 'src/main/core', 'src/shared', 'src/cli', 'test/support/bundle.ts', 'package-lock.json'];
  if (!isStale(serverOut, sources) && !isStale(cliOut, sources)) return;
  log('harness: bundling the server and the CLI…');
  await bundleWithCheckpointWorker(repoRoot, 'harness-server', { server: 'e2e/harness/server.ts', cli: 'src/cli/main.ts' }, dirname(serverOut));
}
