/**
 * Unit and integration tests. Two projects:
 *   node      test/**\/*.test.ts and src/**\/*.test.ts (except the renderer): core, shell, tooling
 *   renderer  src/renderer/**\/*.test.{ts,tsx} in jsdom with the React plugin (and
 *             src/renderer/src/test/setup.ts for what jsdom lacks)
 * Real bcrypt runs in these tests, at the lowest cost (4) unless a test asks for more.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // bcrypt, sql.js file writes and worker threads on a 2-core machine: be patient.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { GATEHOUSE_BCRYPT_COST: '4' },
    restoreMocks: true,
    unstubEnvs: true,
    unstubGlobals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['src/renderer/**', '**/node_modules/**', '**/.git/**', 'out/**', 'e2e/**'],
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          setupFiles: ['src/renderer/src/test/setup.ts'],
          include: ['src/renderer/**/*.test.ts', 'src/renderer/**/*.test.tsx'],
        },
      },
    ],
  },
});
