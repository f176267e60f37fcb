/**
 * `npm run test:electron`: the Playwright `_electron` suite against the built app. Where the
 * Electron binary is missing it says so in one line and counts the suite as 1 skipped.
 *
 * Options:
 *   --summary-file=PATH  also write { passed, failed, skipped, note } as JSON (used by test.mjs)
 * The suite's config gets the binary's path as GATEHOUSE_ELECTRON_PATH.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.mjs';
import { bin, counts, onPath, repoRoot, runNode, runPlaywright, summaryLine } from './suite-runner.mjs';

const CONFIG = 'e2e/electron/playwright.config.ts';

async function electronSuite() {
  const electron = findElectronBinary();
  if (electron === null) {
    console.log('Electron suite skipped: Electron binary not installed (run npx install-electron)');
    return counts(0, 0, 1, 'Electron binary not installed');
  }
  if (!existsSync(join(repoRoot, CONFIG))) {
    console.log(`Electron suite skipped: ${CONFIG} does not exist yet`);
    return counts(0, 0, 1, `${CONFIG} missing`);
  }
  const buildCode = await runNode(bin.electronVite, ['build']);
  if (buildCode !== 0) return counts(0, 1, 0, 'electron-vite build failed');
  // Electron on Linux needs a display; borrow a virtual one (xvfb-run) when there is none.
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const xvfb = headless ? onPath('xvfb-run') : null;
  if (headless && !xvfb) console.log('No display and no xvfb-run found: Electron may fail to open a window.');
  return runPlaywright(CONFIG, {
    env: { GATEHOUSE_ELECTRON_PATH: electron },
    wrapper: xvfb ? [xvfb, '--auto-servernum'] : [],
  });
}

const summaryFile = process.argv.find((arg) => arg.startsWith('--summary-file='))?.slice('--summary-file='.length);
const result = await electronSuite();
// Under test.mjs the totals line belongs to test.mjs alone.
if (summaryFile) writeFileSync(summaryFile, JSON.stringify(result));
else console.log(summaryLine(result));
process.exitCode = result.failed > 0 ? 1 : 0;
