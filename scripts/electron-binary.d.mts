/** Types for electron-binary.mjs, so TypeScript (e.g. the Electron Playwright config) can use it. */
export declare const ELECTRON_MISSING_MESSAGE: string;
/** The absolute path of the Electron executable, or null when it is not installed. */
export declare function findElectronBinary(electronDir?: string): string | null;
