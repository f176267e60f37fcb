/**
 * Start at login, as the `startAtLogin` policy setting says. Linux has no login-item API in
 * Electron, so an XDG autostart entry is written (see xdg-autostart.ts); macOS and Windows get
 * the login item through app.setLoginItemSettings. Applied when the app starts and again as it
 * quits, so a change made in Settings holds by the next login.
 */
import { app } from 'electron';
import { launchArgs, removeAutostartEntry, writeAutostartEntry, type LaunchCommand } from './xdg-autostart';

export interface AutostartChoice {
  enabled: boolean;
  kiosk: boolean;
  /** The data directory when one was chosen (flag or environment); null for the default. */
  dataDir: string | null;
}

export interface AutostartContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  warn: (message: string) => void;
}

/**
 * What to run at login. An AppImage is started through its own file ($APPIMAGE), not the
 * temporary mount execPath points into; in development Electron needs the app's folder.
 */
export function launchCommand(choice: AutostartChoice, context: AutostartContext): LaunchCommand {
  const args = launchArgs(choice);
  if (context.env.APPIMAGE) return { executable: context.env.APPIMAGE, args };
  if (!app.isPackaged) return { executable: context.execPath, args: [app.getAppPath(), ...args] };
  return { executable: context.execPath, args };
}

export function applyStartAtLogin(choice: AutostartChoice, context: AutostartContext): void {
  try {
    if (context.platform === 'linux') {
      const command = launchCommand(choice, context);
      if (choice.enabled) writeAutostartEntry(command, context.env);
      else removeAutostartEntry(context.env, undefined, command);
      return;
    }
    if (context.platform === 'darwin' || context.platform === 'win32') {
      const command = launchCommand(choice, context);
      // On Windows `path` and `args` make the Run entry; macOS ignores them and opens the bundle.
      // Windows keeps one command line, so an argument with a space is wrapped in quotes.
      const args = command.args.map((arg) => (context.platform === 'win32' && /\s/.test(arg) ? `"${arg}"` : arg));
      const item = { path: command.executable, args };
      // Off removes only a login item this installation made (same executable and arguments).
      if (!choice.enabled && !app.getLoginItemSettings(item).openAtLogin) return;
      app.setLoginItemSettings({ openAtLogin: choice.enabled, ...item });
      return;
    }
    if (choice.enabled) context.warn(`Start at login is not supported on ${context.platform}.`);
  } catch (error) {
    // A read-only home folder must not stop the app from starting.
    context.warn(`Could not change start at login: ${error instanceof Error ? error.message : String(error)}`);
  }
}
