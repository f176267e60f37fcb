/**
 * The one place that decides which Chromium the browser suite, the e2e support code, `npm test`
 * and any screenshot script drive:
 *   - `GATEHOUSE_CHROMIUM=/path` when set (checked to exist; never guessed);
 *   - otherwise the headless Chromium pinned in package.json as `@sparticuz/chromium`, unpacked
 *     from node_modules into a per-user cache folder named after the package version.
 * A system Chromium (/usr/bin/chromium) is never picked up silently.
 *
 * Why not the package's own `executablePath()` as is: it unpacks into the machine-wide
 * /tmp/chromium and trusts whatever file already sits there, whoever put it there and whatever
 * its version. Here the package's own unpacking code runs in a child process whose TMPDIR is our
 * cache folder, and the result is trusted only once `--version` named the pinned major version
 * (recorded in a marker file, so a half-finished unpack is redone, not reused). The unpack goes
 * to a private sibling folder that is renamed into place once verified, so two test runs
 * starting at once on a clean cache never see each other's half-written files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
export const CHROMIUM_OVERRIDE_ENV = 'GATEHOUSE_CHROMIUM';
const MARKER = '.gatehouse-verified';

/** The installed @sparticuz/chromium version, e.g. "153.0.0". */
export function pinnedChromiumVersion() {
  const entry = createRequire(join(repoRoot, 'package.json')).resolve('@sparticuz/chromium');
  // entry is <package>/build/index.js; the package's `exports` hides package.json from resolve.
  return JSON.parse(readFileSync(join(dirname(dirname(entry)), 'package.json'), 'utf8')).version;
}

/** The per-user folder the pinned build unpacks into: $XDG_CACHE_HOME or ~/.cache. */
export function chromiumCacheDir(env = process.env, version = pinnedChromiumVersion()) {
  const cacheHome = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'gatehouse', `chromium-${version}`);
}

/**
 * The executable path, known without unpacking anything: synchronous, so a Playwright config can
 * use it. `ensureChromium()` must have run first (the browser suite's globalSetup does).
 */
export function chromiumExecutablePath(env = process.env) {
  return env[CHROMIUM_OVERRIDE_ENV] || join(chromiumCacheDir(env), 'chromium');
}

/** Whether `chromium --version` output names the expected major version. */
export function versionMatches(versionOutput, expectedMajor) {
  const match = /\bChrom(?:e|ium)\D*?(\d+)\.\d+\.\d+\.\d+/.exec(versionOutput);
  return match !== null && match[1] === String(expectedMajor);
}

/** The shared libraries the binary needs but the machine lacks (empty when ldd is unavailable). */
export function missingSharedLibraries(binary) {
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
  if (ldd.error || typeof ldd.stdout !== 'string') return [];
  return ldd.stdout
    .split('\n')
    .filter((line) => line.includes('=> not found'))
    .map((line) => line.trim().split(/\s+/)[0]);
}

/** Throws one line naming what is missing, so the suite does not fail test by test. */
function requireSharedLibraries(binary) {
  const missing = missingSharedLibraries(binary);
  if (missing.length > 0) {
    throw new Error(
      `Chromium (${binary}) cannot start: this machine lacks the shared libraries ${missing.join(', ')} (on Debian/Ubuntu: apt-get install libnss3 libnspr4 libexpat1).`,
    );
  }
}

function readVersion(binary) {
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return run.error ? `(${run.error.message})` : `${run.stdout}${run.stderr}`.trim();
}

/** Unpacks the package's brotli files into `dir` with the package's own code (see top). */
export function unpackWithPackage(dir) {
  const script = "import c from '@sparticuz/chromium'; process.stdout.write(await c.executablePath());";
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
      env: { ...process.env, TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`unpacking @sparticuz/chromium failed: ${err.trim()}`)),
    );
  });
}

/**
 * Makes sure the browser exists and is the one we meant; returns its path and where it came from.
 * Throws an Error whose message is one line saying what is wrong and what to do.
 */
export async function ensureChromium({ env = process.env, unpack = unpackWithPackage, log = () => {} } = {}) {
  const override = env[CHROMIUM_OVERRIDE_ENV];
  if (override) {
    if (!existsSync(override) || !statSync(override).isFile()) {
      throw new Error(`${CHROMIUM_OVERRIDE_ENV}=${override} is not a file. Unset it to use the Chromium from npm.`);
    }
    requireSharedLibraries(override);
    return { path: override, source: 'override' };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The npm Chromium (@sparticuz/chromium) is built for Linux x64 only; on ${process.platform}-${process.arch} set ${CHROMIUM_OVERRIDE_ENV}=/path/to/chromium.`,
    );
  }
  const version = pinnedChromiumVersion();
  const major = version.split('.')[0];
  const dir = chromiumCacheDir(env, version);
  const binary = join(dir, 'chromium');
  const marker = join(dir, MARKER);
  const verified = () => existsSync(binary) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === version;
  if (verified()) {
    // Checked every time (one ldd, milliseconds): libraries can go missing after the unpack.
    requireSharedLibraries(binary);
    return { path: binary, source: 'npm' };
  }

  const staging = `${dir}.unpacking-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    log(`Unpacking Chromium ${version} from npm into ${dir} (once)...`);
    const unpacked = await unpack(staging);
    const staged = join(staging, 'chromium');
    if (unpacked !== staged) throw new Error(`unpacking @sparticuz/chromium put the browser at ${unpacked}, not ${staged}`);

    requireSharedLibraries(staged);
    const reported = readVersion(staged);
    if (!versionMatches(reported, major)) {
      throw new Error(`The Chromium unpacked from @sparticuz/chromium ${version} reports "${reported}", not version ${major}.`);
    }
    writeFileSync(join(staging, MARKER), `${version}\n`);
    // Another run may have finished first; its verified folder is as good as ours.
    if (verified()) return { path: binary, source: 'npm' };
    // Whatever sits there unverified (half-written, or not ours) is replaced, never trusted.
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (!verified()) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { path: binary, source: 'npm' };
}
