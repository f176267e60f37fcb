import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirFromArgs, devServerUrl, isDevelopmentRun, isKioskRequested, resolveAppFiles, resolveDataDir } from '../../src/main/paths';

const cwd = resolve('/home/kiosk');
const userData = () => resolve('/home/kiosk/.config/Gatehouse');

describe('data directory', () => {
  it('reads --data-dir=PATH and --data-dir PATH', () => {
    expect(dataDirFromArgs(['electron', '.', `--data-dir=${resolve('/srv/a')}`], cwd)).toBe(resolve('/srv/a'));
    expect(dataDirFromArgs(['electron', '.', '--data-dir', resolve('/srv/b')], cwd)).toBe(resolve('/srv/b'));
  });

  it('resolves a relative directory against the working directory', () => {
    expect(dataDirFromArgs(['--data-dir=data'], cwd)).toBe(join(cwd, 'data'));
  });

  it('refuses the flag without a directory instead of quietly using the default', () => {
    expect(() => dataDirFromArgs(['--data-dir='], cwd)).toThrow(/needs a directory/);
    expect(() => dataDirFromArgs(['--data-dir'], cwd)).toThrow(/needs a directory/);
    expect(() => dataDirFromArgs(['--data-dir', '--kiosk'], cwd)).toThrow(/needs a directory/);
  });

  it('prefers the argument, then GATEHOUSE_DATA_DIR, then userData', () => {
    const env = { GATEHOUSE_DATA_DIR: resolve('/srv/env') };
    expect(resolveDataDir(['--data-dir=/srv/arg'], env, userData, cwd)).toEqual({
      dataDir: resolve('/srv/arg'),
      explicit: true,
    });
    expect(resolveDataDir(['electron', '.'], env, userData, cwd)).toEqual({ dataDir: resolve('/srv/env'), explicit: true });
    expect(resolveDataDir(['electron', '.'], {}, userData, cwd)).toEqual({ dataDir: userData(), explicit: false });
  });

  it('ignores flags that merely start with the same letters', () => {
    expect(dataDirFromArgs(['--data-directory=/x'], cwd)).toBeNull();
  });
});

describe('kiosk switch', () => {
  it('is on with --kiosk or GATEHOUSE_KIOSK=1 only', () => {
    expect(isKioskRequested(['electron', '.', '--kiosk'], {})).toBe(true);
    expect(isKioskRequested(['electron', '.'], { GATEHOUSE_KIOSK: '1' })).toBe(true);
    expect(isKioskRequested(['electron', '.'], { GATEHOUSE_KIOSK: '0' })).toBe(false);
    expect(isKioskRequested(['electron', '.', '--kiosk=no'], {})).toBe(false);
    expect(isKioskRequested(['electron', '.'], {})).toBe(false);
  });
});

describe('development run', () => {
  it('is npm run dev (the dev server) or an explicit --dev-tools, never npm start or a packaged app', () => {
    expect(isDevelopmentRun(['electron', '.'], {}, false)).toBe(false);
    expect(isDevelopmentRun(['electron', '.'], { ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false)).toBe(true);
    expect(isDevelopmentRun(['electron', '.', '--dev-tools'], {}, false)).toBe(true);
    expect(isDevelopmentRun(['electron', '.', '--dev-tools'], {}, true)).toBe(false);
    expect(isDevelopmentRun(['electron', '.'], { ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, true)).toBe(false);
  });
});

describe('dev server', () => {
  it('is used only when unpackaged and set', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(devServerUrl(env, false)?.origin).toBe('http://localhost:5173');
    expect(devServerUrl(env, true)).toBeNull();
    expect(devServerUrl({}, false)).toBeNull();
  });

  it('must be a loopback http URL', () => {
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' }, false)?.port).toBe('5173');
    expect(() => devServerUrl({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toThrow(/on this machine/);
    expect(() => devServerUrl({ ELECTRON_RENDERER_URL: 'file:///tmp/x.html' }, false)).toThrow(/on this machine/);
    expect(() => devServerUrl({ ELECTRON_RENDERER_URL: 'not a url' }, false)).toThrow(/not a URL/);
  });
});

describe('built files', () => {
  it('are found next to the main bundle in out/', () => {
    const root = resolve('/opt/gatehouse');
    const found = resolveAppFiles(join(root, 'out', 'main'));
    expect(found).toEqual({
      preload: join(root, 'out', 'preload', 'index.cjs'),
      rendererDir: join(root, 'out', 'renderer'),
      rendererHtml: join(root, 'out', 'renderer', 'index.html'),
      resourcesDir: join(root, 'resources'),
      recoveryHtml: join(root, 'resources', 'recovery.html'),
    });
  });
});
