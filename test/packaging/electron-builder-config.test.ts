/**
 * The packaging configuration, read and checked by electron-builder's own code (its loader and
 * its JSON schema), plus what the schema cannot know: the targets and kiosk options this project
 * promises, and that every file the configuration names exists. Nothing is packaged here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const require = createRequire(import.meta.url);

type Config = Record<string, unknown> & {
  directories: { output: string; buildResources: string };
  files: Array<{ filter: string[] }>;
  asarUnpack: string[];
  icon: string;
  linux: { target: string[]; executableName: string; desktop: { entry: Record<string, string>; desktopActions: Record<string, Record<string, string>> } };
  win: { target: string[] };
  nsis: { include: string; perMachine: boolean };
  mac: { target: string[] };
};

const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Config>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const quietLogger = { isEnabled: false, add() {} };

async function loadConfig(): Promise<Config> {
  return builderConfig.getConfig(repoRoot, null, null);
}

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1'), `${path} is a PNG`).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('is the file electron-builder finds, and passes its schema', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('org.gatehouse.app');
    await expect(builderConfig.validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
    // The schema really is checking: a misspelt option is refused.
    await expect(builderConfig.validateConfiguration({ ...config, nsis: { ...config.nsis, oneClik: false } }, quietLogger)).rejects.toThrow(/configuration\.nsis should be/);
  });

  it('builds AppImage and deb on Linux, NSIS on Windows and dmg on macOS', async () => {
    const config = await loadConfig();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    // One installation for every account of a shared machine.
    expect(config.nsis.perMachine).toBe(true);
  });

  it('ships only the built app and its static pages, with sql.js’s wasm outside the archive', async () => {
    const config = await loadConfig();
    // The browser harness builds into out/ too (its bridge, its bundled server): never shipped.
    expect(config.files).toEqual([
      { filter: ['out/**', 'resources/**', '!resources/build/**', '!out/**/*.map', '!out/harness/**', '!out/harness-server/**'] },
    ]);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main.replace(/^\.\//, '')).toMatch(/^out\//);
    for (const pattern of config.asarUnpack) expect(existsSync(join(repoRoot, pattern)), pattern).toBe(true);
    // What the shell loads from resources/ at run time is inside `files`.
    expect(existsSync(join(repoRoot, 'resources/recovery.html'))).toBe(true);
  });

  it('offers kiosk mode from the .desktop entry and from the Windows Start menu', async () => {
    const config = await loadConfig();
    const { entry, desktopActions } = config.linux.desktop;
    expect(entry.Actions).toBe('kiosk;');
    expect(desktopActions.kiosk).toEqual({ Name: 'Start in kiosk mode', Exec: `${config.linux.executableName} --kiosk` });
    const nsis = readFileSync(join(repoRoot, config.nsis.include), 'utf8');
    expect(nsis).toMatch(/!macro customInstall[\s\S]*CreateShortCut "\$SMPROGRAMS\\Gatehouse \(kiosk\)\.lnk" "\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" "--kiosk"/);
    expect(nsis).toMatch(/!macro customUnInstall[\s\S]*Delete "\$SMPROGRAMS\\Gatehouse \(kiosk\)\.lnk"/);
  });

  it('names only files that exist: the icon is a square PNG big enough for every platform', async () => {
    const config = await loadConfig();
    expect(statSync(join(repoRoot, config.directories.buildResources)).isDirectory()).toBe(true);
    // macOS wants at least 512×512 (1024 for Retina); Windows at least 256×256.
    expect(pngSize(join(repoRoot, config.icon))).toEqual({ width: 1024, height: 1024 });
    expect(existsSync(join(repoRoot, config.nsis.include))).toBe(true);
  });
});
