/**
 * The bench, the soak, the browser harness and the crash tests' children run the core as the app
 * runs it: bundled JavaScript, with the store's checkpoint worker built as its own file beside
 * the code that starts it (as electron-vite builds out/main/checkpoint-worker.js). Run from
 * source instead, every checkpoint starts its worker through tsx (a module-loader thread and a
 * TypeScript transform in each new worker): work the app never does, which on this machine's two
 * cores landed in the middle of the writes being measured, and cost the soak about 8 s a round.
 *
 * Dependencies stay external (electron-vite's externalizeDeps does the same), so the output must
 * sit inside the repository, where Node finds them by walking up: under node_modules/.cache
 * unless the caller says where.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bundles each of `entries` (output name → source file, from the repository root) and the
 * checkpoint worker into `outdir` (emptied first; default node_modules/.cache/<name>); returns it.
 */
export async function bundleWithCheckpointWorker(
  root: string,
  name: string,
  entries: Record<string, string>,
  outdir = join(root, 'node_modules', '.cache', name),
): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const entryPoints: Record<string, string> = { 'checkpoint-worker': join(root, 'src/main/core/store/checkpoint-worker.ts') };
  for (const [output, source] of Object.entries(entries)) entryPoints[output] = join(root, source);
  await build({ entryPoints, outdir, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
  writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
  return outdir;
}

/**
 * `source` (from the repository root) bundled with the checkpoint worker, in a folder of its own
 * (node_modules/.cache/gatehouse-<name>-XXXXXX), so two runs at once never rebuild under each
 * other's children: the file to hand `node`. The caller removes its folder when done.
 */
export async function bundledProgram(root: string, name: string, source: string): Promise<string> {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = await bundleWithCheckpointWorker(root, name, { program: source }, mkdtempSync(join(cache, `gatehouse-${name}-`)));
  return join(outdir, 'program.js');
}
