/** Types for electron-binary.mjs, so TypeScript (e.g. the Electron Playwright config) can use it. */
export declare const ELECTRON_MISSING_MESSAGE: string;
/** The absolute path of the Electron executable, or null when it is not installed. */
export declare function findElectronBinary(electronDir?: string): string | null;
/** Where @electron/get downloads from (ELECTRON_MIRROR and friends, else GitHub releases). */
export declare function electronDownloadBase(env?: NodeJS.ProcessEnv): string;
/** Whether the download host answers within the timeout. */
export declare function downloadHostReachable(
  env?: NodeJS.ProcessEnv,
  timeoutMs?: number,
): Promise<{ ok: true } | { ok: false; host: string; cause: string }>;
/** The Electron executable, downloaded first when missing; null after one line saying why not. */
export declare function ensureElectronBinary(options?: {
  log?: (line: string) => void;
  fail?: (line: string) => void;
}): Promise<string | null>;
