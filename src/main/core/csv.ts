/**
 * One CSV cell, following OWASP's CSV-injection guidance: every cell is wrapped in double quotes
 * (so a `,` or `;` inside it can never split it into a new cell that starts a formula, as in
 * `x;=1+1;@SUM(2)` opened with a `;` separator), inner quotes are doubled, and a cell starting
 * with = + - @ tab or carriage return gets a leading single quote so it is read as text.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (FORMULA_GUARDED.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Cells that get the leading quote: those that start like a formula, and (issue 14) those that
 * already start with quotes before one, so the quote can be taken off again exactly
 * (`gatehouse import` reads what `gatehouse export` writes: `-dash` and `=1+1@example.com` are
 * allowed names and emails, and must come back as they were, not as `'-dash`).
 */
const FORMULA_GUARDED = /^'*[=+\-@\t\r]/;

/** The value csvCell was given: one leading quote off a guarded cell; any other cell as it is. */
export function fromCsvCell(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
