/** Build the renderer and the bridge once, so each test's harness starts in a second or two. */
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium';
import { ensureBridgeBuild, ensureRendererBuild } from '../harness/build';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  }
  ensureRendererBuild();
  await ensureBridgeBuild();
}
