/**
 * Makes sure the harness serves current code: rebuilds the production renderer (out/renderer)
 * and the bridge (out/harness/bridge.js) when any of their sources is newer than the output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const rendererOut = join(repoRoot, 'out/renderer');
export const bridgeOut = join(repoRoot, 'out/harness/bridge.js');
/** The bundled harness server and provisioning CLI (build-server.ts), which the browser suite runs. */
export const serverOut = join(repoRoot, 'out/harness-server/server.js');
export const cliOut = join(repoRoot, 'out/harness-server/cli.js');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale(output: string, sources: string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestMtime(join(repoRoot, source)) > built);
}

export function ensureRendererBuild(log: (line: string) => void = console.log): void {
  const sources = ['src/renderer', 'src/shared', 'vite.renderer.config.ts', 'package-lock.json'];
  if (!isStale(join(rendererOut, 'index.html'), sources)) return;
  log('harness: building the renderer (out/renderer is missing or older than its sources)…');
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error('harness: the renderer build failed (see above).');
}

export async function ensureBridgeBuild(log: (line: string) => void = console.log): Promise<void> {
  if (!isStale(bridgeOut, ['e2e/harness/bridge.ts', 'src/shared'])) return;
  log('harness: building the bridge…');
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry: join(repoRoot, 'e2e/harness/bridge.ts'), formats: ['iife'], name: 'gatehouseHarnessBridge' },
    },
  });
  const bundles = Array.isArray(output) ? output : [output];
  const chunk = bundles.flatMap((bundle) => ('output' in bundle ? bundle.output : [])).find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('harness: the bridge build produced no code.');
  mkdirSync(join(repoRoot, 'out/harness'), { recursive: true });
  writeFileSync(bridgeOut, chunk.code);
}
