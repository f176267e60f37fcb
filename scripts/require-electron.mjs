/**
 * Before `electron-vite dev`: fetches the Electron binary when it is missing, as `npm start`
 * does; exits 1 with one clear line when it cannot.
 */
import { ensureElectronBinary } from './electron-binary.mjs';

if ((await ensureElectronBinary()) === null) process.exit(1);
