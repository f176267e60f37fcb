/**
 * The keyboard shortcuts a kiosk swallows: reload, close, devtools and zoom. Everything else
 * (typing, Tab, Ctrl+C/V, the app's own Ctrl/Cmd+L lock) goes through.
 */

/** The fields of Electron's `Input` this decision needs. */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]$/;
const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0']);

/**
 * `key` is what the layout produces; when that is not a plain ASCII character (a Cyrillic
 * letter, or the dead key Option produces on macOS) fall back to the physical key, which is
 * what Chromium's own shortcuts react to. ASCII keys are trusted as they are, so AltGr+Q
 * typing '@' on a German keyboard is not mistaken for Ctrl+Q.
 */
function isLetter(input: KeyInput, letter: string): boolean {
  if (PRINTABLE_ASCII.test(input.key)) return input.key.toLowerCase() === letter;
  return input.code === `Key${letter.toUpperCase()}`;
}

export function isBlockedKioskShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown' && input.type !== 'keyUp') return false;

  if (input.key === 'F5' || input.key === 'F12') return true; // reload, devtools
  // Alt+F4 (Windows and most Linux desktops close the window) and Ctrl+F4.
  if (input.key === 'F4' && (input.alt || input.control)) return true;

  // Ctrl+Alt is how Windows reports AltGr, which types characters (@, €, ć) on many
  // layouts, so it is not treated as a shortcut modifier. macOS shortcuts use Cmd (meta).
  const command = input.meta || (input.control && !input.alt);
  if (!command) return false;

  if (isLetter(input, 'r')) return true; // reload, force reload
  if (isLetter(input, 'w') || isLetter(input, 'q')) return true; // close window, quit
  if (ZOOM_KEYS.has(input.key)) return true; // zoom in, out, reset
  // Ctrl+Shift+I/J/C (Windows, Linux) and Cmd+Alt+I/J/C (macOS) open devtools panels.
  const devtoolsModifier = input.shift || input.alt;
  return devtoolsModifier && (isLetter(input, 'i') || isLetter(input, 'j') || isLetter(input, 'c'));
}
