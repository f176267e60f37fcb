/**
 * Finds the Electron executable without loading the `electron` package: its index.js starts a
 * download when the binary is missing, which hangs or fails on machines without GitHub access.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

export const ELECTRON_MISSING_MESSAGE =
  'Gatehouse needs the Electron binary, which is not installed here. Run `npx install-electron` (needs internet access to GitHub releases), then try again.';

/** Where the executable sits inside an Electron dist folder, as electron/install.js lays it out. */
function platformExecutable() {
  switch (process.platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** The absolute path of the Electron executable, or null when it is not installed. */
export function findElectronBinary(electronDir = join(repoRoot, 'node_modules', 'electron')) {
  const pathFile = join(electronDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? join(override, recorded || platformExecutable())
    : recorded
      ? join(electronDir, 'dist', recorded)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}
