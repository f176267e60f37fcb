/**
 * Builds the three Electron processes into out/:
 *   out/main/index.js      the shell and the account core (ESM)
 *   out/preload/index.cjs  one self-contained CommonJS file: a sandboxed preload can neither be
 *                          ESM nor require anything but electron
 *   out/renderer/          the React app (see vite.renderer.config.ts)
 *
 * `electron-vite build` reads only electron/package.json (for the version), never the binary,
 * so it works on machines where the Electron binary is not installed.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: resolve(repoRoot, 'out/main'),
      // Dependencies stay in node_modules and are loaded at runtime. sql.js in particular must
      // stay external: it finds sql-wasm.wasm next to its own file in node_modules.
      externalizeDeps: true,
      sourcemap: true,
      rolldownOptions: {
        // The store's checkpoint worker is its own entry: checkpointer.ts starts
        // out/main/checkpoint-worker.js, found next to the code that starts it, so shared code
        // goes to chunks beside them too (not into a subfolder, which would move that base).
        input: {
          index: resolve(repoRoot, 'src/main/index.ts'),
          'checkpoint-worker': resolve(repoRoot, 'src/main/core/store/checkpoint-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(repoRoot, 'out/preload'),
      // Bundle zod and src/shared into the file: the sandboxed preload cannot load them.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(repoRoot, 'src/preload/index.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          // One file, no chunks to require.
          codeSplitting: false,
        },
      },
    },
  },
  renderer: rendererConfig,
});
