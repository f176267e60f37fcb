/** Start at login: the Linux autostart file on a real disk, and the login item through the fake Electron. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, type AutostartContext } from '../../src/main/autostart';
import { autostartDir, desktopEntry, quoteExecArg } from '../../src/main/xdg-autostart';
import { app } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

let home = '';
let warnings: string[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'gatehouse-autostart-'));
  warnings = [];
  app.reset();
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function context(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): AutostartContext {
  return { platform, env: { XDG_CONFIG_HOME: join(home, 'config'), ...env }, execPath: '/opt/Gatehouse/gatehouse', warn: (m) => warnings.push(m) };
}

describe('the XDG autostart entry (Linux)', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config, and ignores a relative XDG_CONFIG_HOME', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/srv/conf' }, '/home/kim')).toBe('/srv/conf/autostart');
    expect(autostartDir({}, '/home/kim')).toBe('/home/kim/.config/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative/conf' }, '/home/kim')).toBe('/home/kim/.config/autostart');
  });

  it('is exactly a desktop entry that starts the packaged app in kiosk mode on its data folder', () => {
    app.isPackaged = true;
    applyStartAtLogin({ enabled: true, kiosk: true, dataDir: '/srv/gatehouse data' }, context('linux'));
    const path = join(home, 'config', 'autostart', 'gatehouse.desktop');
    expect(readFileSync(path, 'utf8')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Gatehouse',
        'Comment=Local user accounts for a shared workstation or kiosk',
        'Exec=/opt/Gatehouse/gatehouse --kiosk "--data-dir=/srv/gatehouse data"',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(warnings).toEqual([]);
  });

  it('starts an AppImage through its own file, and Electron with the app folder in development', () => {
    app.isPackaged = true;
    applyStartAtLogin({ enabled: true, kiosk: false, dataDir: null }, context('linux', { APPIMAGE: '/home/kim/Gatehouse.AppImage' }));
    const path = join(home, 'config', 'autostart', 'gatehouse.desktop');
    expect(readFileSync(path, 'utf8')).toContain('\nExec=/home/kim/Gatehouse.AppImage\n');
    app.isPackaged = false;
    applyStartAtLogin({ enabled: true, kiosk: false, dataDir: null }, context('linux'));
    expect(readFileSync(path, 'utf8')).toContain('\nExec=/opt/Gatehouse/gatehouse /nonexistent/app\n');
  });

  it('is removed when start at login is off, and removing twice is fine', () => {
    applyStartAtLogin({ enabled: true, kiosk: false, dataDir: null }, context('linux'));
    const path = join(home, 'config', 'autostart', 'gatehouse.desktop');
    expect(existsSync(path)).toBe(true);
    applyStartAtLogin({ enabled: false, kiosk: false, dataDir: null }, context('linux'));
    applyStartAtLogin({ enabled: false, kiosk: false, dataDir: null }, context('linux'));
    expect(existsSync(path)).toBe(false);
    expect(app.loginItemCalls).toEqual([]);
  });

  it('off leaves alone an entry that another installation (another data folder) wrote', () => {
    applyStartAtLogin({ enabled: true, kiosk: true, dataDir: '/srv/gatehouse' }, context('linux'));
    applyStartAtLogin({ enabled: false, kiosk: false, dataDir: '/tmp/trying-things' }, context('linux'));
    expect(readFileSync(join(home, 'config', 'autostart', 'gatehouse.desktop'), 'utf8')).toContain('--data-dir=/srv/gatehouse');
  });

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(quoteExecArg('/usr/bin/gatehouse')).toBe('/usr/bin/gatehouse');
    expect(quoteExecArg('a b')).toBe('"a b"');
    // Inside quotes " ` $ \ take a backslash, and the file format escapes each backslash again.
    expect(quoteExecArg('say "hi" $HOME\\x')).toBe('"say \\\\"hi\\\\" \\\\$HOME\\\\\\\\x"');
    expect(quoteExecArg('100%')).toBe('100%%');
    expect(desktopEntry({ executable: '/x', args: ['--kiosk'] })).toContain('Exec=/x --kiosk\n');
  });

  it('a folder it cannot write to is a warning, not a crash', () => {
    const blocked = join(home, 'file');
    rmSync(blocked, { force: true });
    writeFileSync(blocked, 'not a folder');
    applyStartAtLogin({ enabled: true, kiosk: false, dataDir: null }, context('linux', { XDG_CONFIG_HOME: blocked }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Could not change start at login: /);
  });
});

describe('the login item (macOS and Windows)', () => {
  it('Windows: registers the executable with kiosk and data-folder arguments, quoted where spaced', () => {
    app.isPackaged = true;
    applyStartAtLogin({ enabled: true, kiosk: true, dataDir: 'C:\\Gatehouse Data' }, context('win32'));
    const args = ['--kiosk', '"--data-dir=C:\\Gatehouse Data"'];
    expect(app.loginItemCalls).toEqual([{ openAtLogin: true, path: '/opt/Gatehouse/gatehouse', args }]);
    expect(app.getLoginItemSettings({ path: '/opt/Gatehouse/gatehouse', args }).openAtLogin).toBe(true);
    // Asked without the same arguments, Electron answers false (documented for Windows).
    expect(app.getLoginItemSettings({ path: '/opt/Gatehouse/gatehouse' }).openAtLogin).toBe(false);
    expect(existsSync(join(home, 'config', 'autostart'))).toBe(false);
  });

  it('macOS: turning it off removes the login item', () => {
    app.isPackaged = true;
    applyStartAtLogin({ enabled: true, kiosk: false, dataDir: null }, context('darwin'));
    applyStartAtLogin({ enabled: false, kiosk: false, dataDir: null }, context('darwin'));
    expect(app.loginItemCalls.map((call) => call.openAtLogin)).toEqual([true, false]);
    expect(app.getLoginItemSettings({ path: '/opt/Gatehouse/gatehouse' }).openAtLogin).toBe(false);
  });

  it('off does not remove a login item registered with other arguments (another installation)', () => {
    app.isPackaged = true;
    applyStartAtLogin({ enabled: true, kiosk: false, dataDir: 'D:\\kiosk' }, context('win32'));
    applyStartAtLogin({ enabled: false, kiosk: false, dataDir: null }, context('win32'));
    expect(app.loginItemCalls.map((call) => call.openAtLogin)).toEqual([true]);
  });

  it('elsewhere says it cannot, only when asked to turn it on', () => {
    applyStartAtLogin({ enabled: false, kiosk: false, dataDir: null }, context('freebsd'));
    applyStartAtLogin({ enabled: true, kiosk: false, dataDir: null }, context('freebsd'));
    expect(warnings).toEqual(['Start at login is not supported on freebsd.']);
  });
});
