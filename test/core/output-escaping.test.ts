/**
 * Issue 10 §4: text that leaves Gatehouse for another program stays inert. CSV cells follow
 * OWASP's CSV-injection guidance, the CLI prints control characters escaped, and emails with
 * control characters are refused in the first place.
 */
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/main/core/csv';
import { printable } from '../../src/cli/cli-text';
import { checkEmail } from '../../src/shared/password-rules';

describe('CSV export cells (OWASP CSV injection)', () => {
  it('quotes every cell, so a separator inside a cell cannot start a new formula cell', () => {
    expect(csvCell('x;=1+1;@SUM(2)')).toBe('"x;=1+1;@SUM(2)"');
    expect(csvCell('alice')).toBe('"alice"');
    expect(csvCell(12)).toBe('"12"');
    expect(csvCell(null)).toBe('""');
  });

  it('prefixes cells that start like a formula, and doubles quotes', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe('CLI text output', () => {
  it('escapes control characters instead of sending them to the terminal', () => {
    expect(printable('ad\u001b[2Jmin\r\n\u0007')).toBe('ad\\x1b[2Jmin\\r\\n\\x07');
    expect(printable('ad\u202emin\u200b')).toBe('ad\\u202emin\\u200b');
    expect(printable('zoë')).toBe('zoë');
  });
});

describe('emails', () => {
  it('refuse control and invisible format characters', () => {
    for (const bad of ['a\u0000b@example.com', 'a\u001b@example.com', 'a\u007f@example.com', 'a\u200b@example.com', 'a@exam\u202eple.com']) {
      expect(checkEmail(bad), JSON.stringify(bad)).not.toBeNull();
    }
    expect(checkEmail('zoë@example.com')).toBeNull();
  });
});
