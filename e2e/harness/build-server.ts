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
import { repoRoot, serverOut } from './build';

/**
 * Built on every run (about 0.2 s): a check of source times could miss a file the bundle takes in
 * from elsewhere (the CLI imports src/main/xdg-autostart.ts, esbuild reads tsconfig.json).
 */
export async function bundleServerAndCli(log: (line: string) => void = console.log): Promise<void> {
  log('harness: bundling the server and the CLI…');
  await bundleWithCheckpointWorker(repoRoot, 'harness-server', { server: 'e2e/harness/server.ts', cli: 'src/cli/main.ts' }, dirname(serverOut));
}
