/**
 * Fails at once, with the fix, when the suite is run without what it needs (for example
 * `npx playwright test --config e2e/electron/playwright.config.ts` straight after a clone).
 */
import { existsSync } from 'node:fs';
import { ELECTRON_MISSING_MESSAGE } from '../../../scripts/electron-binary.mjs';
import { builtMain, electronPath } from './gatehouse';

export default function globalSetup(): void {
  if (electronPath() === null) throw new Error(ELECTRON_MISSING_MESSAGE);
  if (!existsSync(builtMain)) {
    throw new Error(`The app is not built (${builtMain} is missing). Run \`npm run build\`, or use \`npm run test:electron\`.`);
  }
}
