/**
 * The browser resolver (scripts/chromium.mjs): the override wins and is checked, the pinned build
 * unpacks into a per-user cache folder, and nothing there is trusted until --version named the
 * pinned major. The unpack step is replaced by one that writes a tiny fake `chromium` script, so
 * these run in milliseconds; the real unpack runs in the browser suite's globalSetup.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  chromiumCacheDir,
  chromiumExecutablePath,
  ensureChromium,
  missingSharedLibraries,
  pinnedChromiumVersion,
  versionMatches,
} from '../../scripts/chromium.mjs';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const version = pinnedChromiumVersion();
const major = version.split('.')[0]!;

/** An unpack that writes a shell script answering --version with `reported`. */
function fakeUnpack(reported: string, calls: string[] = []) {
  return async (dir: string) => {
    calls.push(dir);
    const binary = join(dir, 'chromium');
    writeFileSync(binary, `#!/bin/sh\necho "${reported}"\n`);
    chmodSync(binary, 0o755);
    return binary;
  };
}

describe('browser resolver', () => {
  it('pins the version installed from npm', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('caches per user under XDG_CACHE_HOME, else ~/.cache, in a folder named for the version', () => {
    expect(chromiumCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '153.0.0')).toBe('/x/cache/gatehouse/chromium-153.0.0');
    expect(chromiumCacheDir({ HOME: '/home/ann' }, '153.0.0')).toBe('/home/ann/.cache/gatehouse/chromium-153.0.0');
    expect(chromiumExecutablePath({ XDG_CACHE_HOME: '/x/cache' })).toBe(`/x/cache/gatehouse/chromium-${version}/chromium`);
  });

  it('never falls back to a system Chromium', () => {
    expect(chromiumExecutablePath({ HOME: home })).not.toBe('/usr/bin/chromium');
    expect(chromiumExecutablePath({ HOME: home }).startsWith(home)).toBe(true);
  });

  it('uses GATEHOUSE_CHROMIUM when set, and refuses one that does not exist', async () => {
    const own = join(home, 'my-chromium');
    writeFileSync(own, '');
    expect(chromiumExecutablePath({ GATEHOUSE_CHROMIUM: own })).toBe(own);
    await expect(ensureChromium({ env: { GATEHOUSE_CHROMIUM: own }, unpack: fakeUnpack('never') })).resolves.toEqual({
      path: own,
      source: 'override',
    });
    await expect(ensureChromium({ env: { GATEHOUSE_CHROMIUM: join(home, 'nope') } })).rejects.toThrow(
      /GATEHOUSE_CHROMIUM=.*nope is not a file/,
    );
  });

  it('unpacks once, checks the version, then reuses the verified folder', async () => {
    const env = { XDG_CACHE_HOME: home };
    const calls: string[] = [];
    const unpack = fakeUnpack(`Chromium ${major}.0.8010.0`, calls);
    const first = await ensureChromium({ env, unpack });
    expect(first).toEqual({ path: join(chromiumCacheDir(env), 'chromium'), source: 'npm' });
    await ensureChromium({ env, unpack });
    // Unpacked once, into a private folder beside the cache folder, then moved into place.
    expect(calls).toEqual([`${chromiumCacheDir(env)}.unpacking-${process.pid}`]);
    expect(readdirSync(join(home, 'gatehouse'))).toEqual([`chromium-${version}`]);
  });

  it('refuses a binary that reports another version, and trusts nothing it did not verify', async () => {
    const env = { XDG_CACHE_HOME: home };
    await expect(ensureChromium({ env, unpack: fakeUnpack('Chromium 120.0.1.2') })).rejects.toThrow(
      /reports "Chromium 120\.0\.1\.2", not version/,
    );
    // A refused unpack leaves nothing a later run could mistake for a browser.
    expect(readdirSync(join(home, 'gatehouse'))).toEqual([]);
    // A chromium left by someone else (no marker) is replaced, not reused.
    const dir = chromiumCacheDir(env);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'chromium'), 'stale');
    const calls: string[] = [];
    await ensureChromium({ env, unpack: fakeUnpack(`Chromium ${major}.0.1.2`, calls) });
    expect(calls).toHaveLength(1);
    expect(readFileSync(join(dir, 'chromium'), 'utf8')).toContain(`Chromium ${major}`);
    expect(existsSync(join(dir, '.gatehouse-verified'))).toBe(true);
  });

  it('names the missing shared libraries in one line (from ldd)', async () => {
    // A stand-in ldd on PATH, printing what ldd prints on a machine without NSS.
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'ldd'),
      '#!/bin/sh\nprintf "\\tlinux-vdso.so.1 (0x00007ffd)\\n\\tlibnss3.so => not found\\n\\tlibnspr4.so => not found\\n\\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\\n"\n',
    );
    chmodSync(join(bin, 'ldd'), 0o755);
    vi.stubEnv('PATH', `${bin}:${process.env.PATH ?? ''}`);
    const own = join(home, 'my-chromium');
    writeFileSync(own, '');
    expect(missingSharedLibraries(own)).toEqual(['libnss3.so', 'libnspr4.so']);
    await expect(ensureChromium({ env: { GATEHOUSE_CHROMIUM: own } })).rejects.toThrow(
      /^Chromium \(.*my-chromium\) cannot start: this machine lacks the shared libraries libnss3\.so, libnspr4\.so \(on Debian\/Ubuntu: apt-get install libnss3 libnspr4 libexpat1\)\.$/,
    );
  });

  it('reads Chromium version lines', () => {
    expect(versionMatches('Chromium 153.0.8010.0', 153)).toBe(true);
    expect(versionMatches('Google Chrome 153.0.8010.0 unknown', '153')).toBe(true);
    expect(versionMatches('Chromium 1530.0.8010.0', 153)).toBe(false);
    expect(versionMatches('Chromium 152.0.8010.0', 153)).toBe(false);
    expect(versionMatches('', 153)).toBe(false);
    expect(versionMatches('bash: chromium: not found', 153)).toBe(false);
  });
});
