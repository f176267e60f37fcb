/**
 * Finds the Electron executable without loading the `electron` package (its index.js starts a
 * download when the binary is missing), and fetches it when asked (`ensureElectronBinary`):
 * the same download as `npx install-electron`, electron's own install.js, progress shown.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

export const ELECTRON_MISSING_MESSAGE =
  'Gatehouse needs the Electron binary, which is not installed here. Run `npx install-electron` (needs internet access to GitHub releases), then try again.';

/** Where @electron/get downloads from: its mirror settings, else GitHub releases. */
export function electronDownloadBase(env = process.env) {
  return (
    env.ELECTRON_MIRROR ||
    env.electron_config_mirror ||
    env.npm_config_electron_mirror ||
    'https://github.com/electron/electron/releases/download/'
  );
}

/**
 * Whether the download host answers at all (any HTTP status will do), within `timeoutMs`.
 * Offline, this fails in a second or two where install.js would end in a stack trace.
 * Behind a proxy (which Node's fetch does not use) the probe is skipped: install.js knows it.
 */
export async function downloadHostReachable(env = process.env, timeoutMs = 8_000) {
  if (env.ELECTRON_GET_USE_PROXY || env.HTTPS_PROXY || env.https_proxy || env.GLOBAL_AGENT_HTTPS_PROXY) return { ok: true };
  const url = electronDownloadBase(env);
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    return { ok: true };
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error);
    return { ok: false, host: new URL(url).host, cause };
  }
}

/**
 * The Electron executable, fetched first when it is missing. Returns the path, or null after
 * printing one line that says why not and what to do.
 */
export async function ensureElectronBinary({ log = console.log, fail = console.error } = {}) {
  const found = findElectronBinary();
  if (found) return found;
  const electronDir = join(repoRoot, 'node_modules', 'electron');
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
  const reachable = await downloadHostReachable();
  if (!reachable.ok) {
    fail(
      `Gatehouse needs the Electron ${version} binary, which is not installed, and ${reachable.host} cannot be reached (${reachable.cause}). ` +
        'Connect to the internet (or set ELECTRON_MIRROR) and run the same command again.',
    );
    return null;
  }
  log(`Electron ${version} is not installed yet: downloading it once (about 110 MB) with electron's own install.js...`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (status) => resolve(status ?? 1));
  });
  const installed = findElectronBinary();
  if (code !== 0 || installed === null) {
    fail(`Downloading Electron ${version} failed (see above). ${ELECTRON_MISSING_MESSAGE}`);
    return null;
  }
  return installed;
}

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
