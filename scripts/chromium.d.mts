/** Types for chromium.mjs, so the Playwright config, its globalSetup and tests can use it. */
export declare const CHROMIUM_OVERRIDE_ENV: 'GATEHOUSE_CHROMIUM';
export declare function pinnedChromiumVersion(): string;
export declare function chromiumCacheDir(env?: NodeJS.ProcessEnv, version?: string): string;
export declare function chromiumExecutablePath(env?: NodeJS.ProcessEnv): string;
export declare function versionMatches(versionOutput: string, expectedMajor: string | number): boolean;
export declare function missingSharedLibraries(binary: string): string[];
export declare function unpackWithPackage(dir: string): Promise<string>;
export declare function ensureChromium(options?: {
  env?: NodeJS.ProcessEnv;
  unpack?: (dir: string) => Promise<string>;
  log?: (line: string) => void;
}): Promise<{ path: string; source: 'override' | 'npm' }>;
