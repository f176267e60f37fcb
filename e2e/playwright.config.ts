/**
 * The browser suite: the production renderer build in the npm-pinned headless Chromium
 * (scripts/chromium.mjs), talking to the real core through the harness. Playwright's own
 * browsers are never downloaded here.
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  testIgnore: ['electron/**'],
  globalSetup: './support/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  // One retry on CI only, for the noise of a loaded 2-core machine; a test that needed it is
  // reported as flaky in npm test's summary, never hidden.
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [['list']],
  outputDir: '../test-results/e2e',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1000, height: 760 },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
