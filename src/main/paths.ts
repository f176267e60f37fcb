/**
 * Where things are: the data directory, the kiosk switch, the dev server and the built files.
 * Plain functions over argv/env so they can be tested without Electron.
 */
import { isAbsolute, join, resolve } from 'node:path';

const DATA_DIR_FLAG = '--data-dir';

/**
 * The value of `--data-dir=PATH` or `--data-dir PATH`, resolved against the working directory,
 * or null when the flag is absent. A flag without a path throws: silently falling back to the
 * default directory would open somebody else's accounts.
 */
export function dataDirFromArgs(argv: readonly string[], cwd: string = process.cwd()): string | null {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === DATA_DIR_FLAG) {
      value = argv[i + 1];
      if (value?.startsWith('--')) value = undefined;
    } else if (arg?.startsWith(`${DATA_DIR_FLAG}=`)) {
      value = arg.slice(DATA_DIR_FLAG.length + 1);
    } else {
      continue;
    }
    if (!value) throw new Error(`${DATA_DIR_FLAG} needs a directory, for example ${DATA_DIR_FLAG}=/srv/gatehouse`);
    return isAbsolute(value) ? value : resolve(cwd, value);
  }
  return null;
}

export interface DataDirChoice {
  dataDir: string;
  /** True when argv or env chose it, false for Electron's per-user default. */
  explicit: boolean;
}

/** `--data-dir`, else GATEHOUSE_DATA_DIR, else Electron's userData directory. */
export function resolveDataDir(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaultDir: () => string,
  cwd: string = process.cwd(),
): DataDirChoice {
  const fromArgs = dataDirFromArgs(argv, cwd);
  if (fromArgs) return { dataDir: fromArgs, explicit: true };
  const fromEnv = env.GATEHOUSE_DATA_DIR;
  if (fromEnv) return { dataDir: resolve(cwd, fromEnv), explicit: true };
  return { dataDir: defaultDir(), explicit: false };
}

/** `--kiosk` or GATEHOUSE_KIOSK=1. (A policy setting can also ask for kiosk mode: issue 5.) */
export function isKioskRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--kiosk') || env.GATEHOUSE_KIOSK === '1';
}

/**
 * A development run gets devtools and Electron's default menu (reload, toggle devtools):
 * `npm run dev` (electron-vite sets ELECTRON_RENDERER_URL) or an explicit `--dev-tools`. An
 * unpackaged `npm start` is how the app really runs, so it is not one; a packaged app never is.
 */
export function isDevelopmentRun(argv: readonly string[], env: NodeJS.ProcessEnv, isPackaged: boolean): boolean {
  if (isPackaged) return false;
  return argv.includes('--dev-tools') || Boolean(env.ELECTRON_RENDERER_URL);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The electron-vite dev server the renderer comes from during development, or null to load the
 * built files. Ignored in a packaged app, and only ever a loopback http URL: an environment
 * variable must not be able to point the app at remote content.
 */
export function devServerUrl(env: NodeJS.ProcessEnv, isPackaged: boolean): URL | null {
  const raw = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ELECTRON_RENDERER_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`ELECTRON_RENDERER_URL must be an http URL on this machine (localhost), not ${raw}`);
  }
  return url;
}

/** The built files the shell loads, found from the directory of the main bundle (out/main). */
export interface AppFiles {
  preload: string;
  rendererDir: string;
  rendererHtml: string;
  /** Static files shipped with the app (resources/), such as the crash recovery page. */
  resourcesDir: string;
  recoveryHtml: string;
}

export function resolveAppFiles(mainDir: string): AppFiles {
  const rendererDir = join(mainDir, '..', 'renderer');
  const resourcesDir = join(mainDir, '..', '..', 'resources');
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir,
    rendererHtml: join(rendererDir, 'index.html'),
    resourcesDir,
    recoveryHtml: join(resourcesDir, 'recovery.html'),
  };
}
