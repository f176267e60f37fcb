/**
 * Text the CLI prints comes partly from the store (usernames, emails typed by strangers), so
 * control and invisible format characters are shown escaped: nothing stored can move the
 * cursor, clear the screen, reverse the text direction or hide itself on an administrator's
 * terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    const code = c.codePointAt(0)!;
    if (c === '\r') return '\\r';
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
