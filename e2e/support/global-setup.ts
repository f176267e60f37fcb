/**
 * Before any test: make sure the browser is there (unpacked from npm on first use, ~4 s), build
 * the renderer and the bridge, and bundle the harness server once, so each test's harness starts
 * in under a second.
 */
import { ensureChromium } from '../../scripts/chromium.mjs';
import { ensureBridgeBuild, ensureRendererBuild } from '../harness/build';
import { bundleServerAndCli } from '../harness/build-server';

export default async function globalSetup(): Promise<void> {
  await ensureChromium({ log: (line) => console.log(line) });
  ensureRendererBuild();
  await ensureBridgeBuild();
  await bundleServerAndCli();
}
