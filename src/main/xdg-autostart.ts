/**
 * Linux start-at-login: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/gatehouse.desktop`
 * (~/.config/autostart by default), which desktop sessions run when the person logs in. Plain
 * Node, no Electron: the app and the provisioning CLI both write it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const AUTOSTART_FILE_NAME = 'gatehouse.desktop';

/** The autostart folder, as the XDG Base Directory spec defines it (a relative XDG_CONFIG_HOME is ignored). */
export function autostartDir(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME;
  return join(configHome && isAbsolute(configHome) ? configHome : join(home, '.config'), 'autostart');
}

export function autostartPath(env: NodeJS.ProcessEnv, home?: string): string {
  return join(autostartDir(env, home), AUTOSTART_FILE_NAME);
}

/**
 * One argument of an Exec line, quoted as the Desktop Entry spec asks: inside double quotes,
 * `"`, `` ` ``, `$` and `\` are escaped with a backslash; `%` is doubled everywhere (field codes).
 */
export function quoteExecArg(arg: string): string {
  const plain = /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg);
  const quoted = plain ? arg : `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  // In a .desktop value a backslash is itself escaped once more (the string type's rule).
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export interface LaunchCommand {
  /** The program to run: the installed binary, the AppImage, or Electron in development. */
  executable: string;
  args: readonly string[];
}

export function desktopEntry(command: LaunchCommand): string {
  const exec = [command.executable, ...command.args].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Gatehouse',
    'Comment=Local user accounts for a shared workstation or kiosk',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes (or rewrites) the entry; returns its path. */
export function writeAutostartEntry(command: LaunchCommand, env: NodeJS.ProcessEnv, home?: string): string {
  const path = autostartPath(env, home);
  mkdirSync(autostartDir(env, home), { recursive: true });
  writeFileSync(path, desktopEntry(command), { mode: 0o644 });
  return path;
}

/**
 * Removes the entry if there is one; returns its path. With `onlyIf`, only an entry that starts
 * that very command is removed: the entry is per OS user while the setting is per data folder,
 * so a second installation (another --data-dir) must not delete the first one's entry.
 */
export function removeAutostartEntry(env: NodeJS.ProcessEnv, home?: string, onlyIf?: LaunchCommand): string {
  const path = autostartPath(env, home);
  if (onlyIf) {
    let current: string;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      return path;
    }
    if (current !== desktopEntry(onlyIf)) return path;
  }
  rmSync(path, { force: true });
  return path;
}

/** What Gatehouse is started with at login: kiosk mode and a chosen data directory carry over. */
export function launchArgs(options: { kiosk: boolean; dataDir: string | null }): string[] {
  return [...(options.kiosk ? ['--kiosk'] : []), ...(options.dataDir ? [`--data-dir=${options.dataDir}`] : [])];
}
