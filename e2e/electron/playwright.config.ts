/**
 * The Electron suite: the built app (out/, from `electron-vite build`) launched by Playwright's
 * `_electron` with its own data folder per test. Run it with `npm run test:electron`, which
 * builds first, finds the binary without loading the `electron` package, and prints a skip line
 * where there is none. One worker: every test starts a whole Electron app.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [['list']],
  // Failure screenshots of the app's window are taken by the `launch` fixture (support/gatehouse.ts).
  outputDir: '../../test-results/electron',
});
