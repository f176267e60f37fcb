/** Exits 1 with one clear line when the Electron binary is missing; used before `electron-vite dev`. */
import { ELECTRON_MISSING_MESSAGE, findElectronBinary } from './electron-binary.mjs';

if (findElectronBinary() === null) {
  console.error(ELECTRON_MISSING_MESSAGE);
  process.exit(1);
}
