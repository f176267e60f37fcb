/**
 * `npm start`: build the app, then launch it. Extra arguments go to the app, e.g.
 *   npm start -- --data-dir=/srv/gatehouse --kiosk
 * Fetches the Electron binary first when it is missing (electron's own install.js, progress
 * shown); offline, that fails within seconds in one line that says what to do, before any build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronBinary } from './electron-binary.mjs';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

const electron = await ensureElectronBinary();
if (electron === null) process.exit(1);

const build = spawnSync(process.execPath, [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('Gatehouse could not be built (see the errors above), so it was not started.');
  process.exit(build.status ?? 1);
}

// ELECTRON_RUN_AS_NODE would turn the app into a plain Node process; never inherit it.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;

const app = spawn(electron, [repoRoot, ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (app.exitCode === null && app.signalCode === null) app.kill(signal);
  });
}
app.on('error', (error) => {
  console.error(`Gatehouse could not be launched: ${error.message}`);
  process.exit(1);
});
// A signal death is a failure, not a clean exit.
app.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
