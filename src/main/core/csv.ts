/**
 * One CSV cell, following OWASP's CSV-injection guidance: every cell is wrapped in double quotes
 * (so a `,` or `;` inside it can never split it into a new cell that starts a formula, as in
 * `x;=1+1;@SUM(2)` opened with a `;` separator), inner quotes are doubled, and a cell starting
 * with = + - @ tab or carriage return gets a leading single quote so it is read as text.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}
