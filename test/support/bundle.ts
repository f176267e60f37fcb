/**
 * The bench and the soak run the core as the app runs it: bundled JavaScript, with the store's
 * checkpoint worker built as its own file beside the code that starts it (as electron-vite builds
 * out/main/checkpoint-worker.js). Run from source instead, every checkpoint starts its worker
 * through tsx (a module-loader thread and a TypeScript transform in each new worker): work the
 * app never does, which on this machine's two cores landed in the middle of the writes being
 * measured, and cost the soak about 8 s a round.
 *
 * Dependencies stay external (electron-vite's externalizeDeps does the same), so the output goes
 * under node_modules/.cache, where Node finds them by walking up.
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bundles each of `entries` (output name → source file, from the repository root) and the
 * checkpoint worker into node_modules/.cache/<cacheName>; returns that folder.
 */
export async function bundleWithCheckpointWorker(root: string, cacheName: string, entries: Record<string, string>): Promise<string> {
  const outdir = join(root, 'node_modules', '.cache', cacheName);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const entryPoints: Record<string, string> = { 'checkpoint-worker': join(root, 'src/main/core/store/checkpoint-worker.ts') };
  for (const [name, source] of Object.entries(entries)) entryPoints[name] = join(root, source);
  await build({ entryPoints, outdir, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
  writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
  return outdir;
}
