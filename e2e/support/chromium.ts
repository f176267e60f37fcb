/**
 * The browser every Playwright suite drives: the pinned npm Chromium, or GATEHOUSE_CHROMIUM
 * (scripts/chromium.mjs decides; globalSetup unpacks and checks it before any test starts).
 * Launched with this project's own flags, never @sparticuz/chromium's `args`: those add
 * --disable-web-security, --allow-running-insecure-content and --single-process, which would
 * hollow out the suite's security checks.
 */
import { chromiumExecutablePath } from '../../scripts/chromium.mjs';

export const CHROMIUM_PATH = chromiumExecutablePath();

export function chromiumLaunchOptions() {
  return {
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
