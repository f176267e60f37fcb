/**
 * Before any test: make sure the browser is there (unpacked from npm on first use, ~4 s) and
 * build the renderer and the bridge once, so each test's harness starts in a second or two.
 */
import { ensureChromium } from '../../scripts/chromium.mjs';
import { ensureBridgeBuild, ensureRendererBuild } from '../harness/build';

export default async function globalSetup(): Promise<void> {
  await ensureChromium({ log: (line) => console.log(line) });
  ensureRendererBuild();
  await ensureBridgeBuild();
}
