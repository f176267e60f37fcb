/**
 * `gatehouse import FILE` (issue 14): accounts from CSV or JSON with the columns
 * `username,email,role,password_hash`. Every row is checked first and every problem reported
 * with its line; then all rows go in one transaction, so a file is imported whole or not at all.
 * An empty hash gets a one-time temporary password, written once to a file the administrator
 * names, created exclusively with mode 0600.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { normalizeEmail, normalizeUsername } from '../../shared/password-rules';
import { fail, ok, type Result } from '../../shared/result';
import type { Role } from '../../shared/user';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { parseImportedHash } from './imported-hashes';
import { accountFieldProblems, insertUser } from './new-user';
import { fromCsvCell } from './csv';
import { usernameSkeleton } from './usernames';
import { generateTemporaryPassword } from './temporary-password';
import type { ImportRequest, ImportSummary } from './types';

export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const COLUMNS = ['username', 'email', 'role', 'password_hash'] as const;

export interface ImportRow {
  /** Where the row starts in the file (CSV line; JSON entry number). */
  line: number;
  username: string;
  email: string;
  role: string;
  passwordHash: string;
}

export type ImportFormat = ImportRequest['format'];

type Parsed = { ok: true; rows: ImportRow[] } | { ok: false; problems: string[] };

/** A cell or field as text; readJson has refused anything but text or nothing. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * csv-parse says on which line a record ends; people look for where it starts. A quoted cell may
 * span lines, and the raw text carries any empty lines skipped before it.
 */
function startLine(raw: string, endLine: number): number {
  const record = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  return endLine - (record.match(/\n/g)?.length ?? 0);
}

function readCsv(text: string): Parsed {
  let records: { record: Record<string, unknown>; raw: string; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, info: true, raw: true, max_record_size: 10_000 }) as never;
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    return { ok: false, problems: [`${where ? `line ${where}: ` : ''}${(error as Error).message}`] };
  }
  const first = records[0]?.record;
  if (first) {
    const header = Object.keys(first);
    const unknown = header.filter((name) => !(COLUMNS as readonly string[]).includes(name));
    const missing = COLUMNS.filter((name) => name !== 'password_hash' && !header.includes(name));
    if (unknown.length > 0 || missing.length > 0) {
      return { ok: false, problems: [`line 1: the columns must be ${COLUMNS.join(',')} (missing: ${missing.join(', ') || 'none'}; unknown: ${unknown.join(', ') || 'none'}).`] };
    }
  }
  return {
    ok: true,
    // A cell `gatehouse export` guarded against spreadsheets (csvCell) is read back as it was.
    rows: records.map(({ record, raw, info }) => ({
      line: startLine(raw, info.lines),
      username: fromCsvCell(asText(record.username)),
      email: fromCsvCell(asText(record.email)),
      role: fromCsvCell(asText(record.role)),
      passwordHash: fromCsvCell(asText(record.password_hash)),
    })),
  };
}

function readJson(text: string): Parsed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`the file is not JSON: ${(error as Error).message}`] };
  }
  if (!Array.isArray(parsed)) return { ok: false, problems: ['the JSON must be an array of accounts.'] };
  const rows: ImportRow[] = [];
  const problems: string[] = [];
  parsed.forEach((entry: unknown, index) => {
    const line = index + 1;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`entry ${line}: not an object.`);
      return;
    }
    const unknown = Object.keys(entry).filter((key) => !(COLUMNS as readonly string[]).includes(key));
    if (unknown.length > 0) problems.push(`entry ${line}: unknown fields ${unknown.slice(0, 5).join(', ')}.`);
    const record = entry as Record<string, unknown>;
    // Text, or nothing: an array, object, number or boolean is refused, never turned into text
    // (`"role": ["admin"]` would read as "admin", and an object can throw while being converted).
    for (const column of COLUMNS) {
      const value = record[column];
      if (value !== undefined && value !== null && typeof value !== 'string') problems.push(`entry ${line}: ${column}: must be text.`);
    }
    rows.push({ line, username: asText(record.username), email: asText(record.email), role: asText(record.role), passwordHash: asText(record.password_hash) });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/**
 * The file's text: UTF-8 only, since a spreadsheet's Latin-1 or Windows-1252 CSV would otherwise
 * be read with its accented letters replaced (`josé@…` imported as `jos�@…`); a leading
 * byte-order mark (Notepad, Excel's "CSV UTF-8") is dropped, for JSON too.
 */
function decodeImportFile(file: string | Uint8Array, label: string): { ok: true; text: string } | { ok: false; problems: string[] } {
  const bytes = typeof file === 'string' ? null : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if ((bytes?.byteLength ?? Buffer.byteLength(file as string)) > MAX_IMPORT_BYTES) return { ok: false, problems: [`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`] };
  const text = bytes ? bytes.toString('utf8') : (file as string);
  if (bytes && !isUtf8(bytes)) {
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    return { ok: false, problems: [`the file is not UTF-8 (first at ${label} ${line}); save it as UTF-8 (in a spreadsheet: "CSV UTF-8").`] };
  }
  return { ok: true, text: text.replace(/^\uFEFF/, '') };
}

export function readImportFile(file: string | Uint8Array, format: ImportFormat): Parsed {
  const decoded = decodeImportFile(file, 'line');
  if (!decoded.ok) return decoded;
  const text = decoded.text;
  const parsed = format === 'json' ? readJson(text) : readCsv(text);
  if (parsed.ok && parsed.rows.length > MAX_IMPORT_ROWS) return { ok: false, problems: [`the file has more than ${MAX_IMPORT_ROWS} accounts.`] };
  if (parsed.ok && parsed.rows.length === 0) return { ok: false, problems: ['the file holds no accounts.'] };
  return parsed;
}

/** Every problem of every row, against the store and against the file's other rows. */
function rowProblems(ctx: CoreContext, rows: readonly ImportRow[], label: string): string[] {
  const problems: string[] = [];
  const seenNames = new Map<string, number>();
  // Look-alikes of an earlier row (usernames.ts), named here with the rest rather than one at a
  // time by the insert.
  const seenSkeletons = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  for (const row of rows) {
    const where = `${label} ${row.line}`;
    const username = row.username.normalize('NFKC');
    const email = row.email.normalize('NFKC').trim();
    for (const [field, message] of Object.entries(accountFieldProblems(ctx, { username, email }))) problems.push(`${where}: ${field}: ${message}`);
    if (row.role !== 'user' && row.role !== 'admin') problems.push(`${where}: role: must be user or admin.`);
    if (row.passwordHash !== '') {
      const hash = parseImportedHash(row.passwordHash);
      if (typeof hash === 'string') problems.push(`${where}: password_hash: ${hash}`);
    }
    const earlierName = seenNames.get(normalizeUsername(username));
    const earlierLookalike = seenSkeletons.get(usernameSkeleton(username));
    if (earlierName !== undefined) problems.push(`${where}: username: the same as ${label} ${earlierName}.`);
    else if (earlierLookalike !== undefined) problems.push(`${where}: username: looks like the name on ${label} ${earlierLookalike}.`);
    else seenNames.set(normalizeUsername(username), row.line);
    if (earlierLookalike === undefined) seenSkeletons.set(usernameSkeleton(username), row.line);
    const earlierEmail = seenEmails.get(normalizeEmail(email));
    if (earlierEmail !== undefined) problems.push(`${where}: email: the same as ${label} ${earlierEmail}.`);
    else seenEmails.set(normalizeEmail(email), row.line);
  }
  return problems;
}

/** Created new, never opened if already there (O_EXCL, and O_NOFOLLOW where it exists), mode 0600, fsynced. */
export function writeSecretFileExclusively(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

class RowRefused extends Error {}

/** The caller persists; `persist` is passed so the temporary-password file is removed when saving fails. */
export async function importAccounts(ctx: CoreContext, request: ImportRequest, persist: () => Promise<void>): Promise<Result<ImportSummary>> {
  const label = request.format === 'json' ? 'entry' : 'line';
  const parsed = readImportFile(request.text, request.format);
  if (!parsed.ok) return fail('VALIDATION_FAILED', `Nothing was imported:\n${parsed.problems.join('\n')}`);
  const problems = rowProblems(ctx, parsed.rows, label);
  if (problems.length > 0) return fail('VALIDATION_FAILED', `Nothing was imported; fix these rows:\n${problems.join('\n')}`);
  const needTemporary = parsed.rows.filter((row) => row.passwordHash === '');
  if (needTemporary.length > 0 && !request.temporaryPasswordsPath) {
    return fail('VALIDATION_FAILED', `Nothing was imported: ${needTemporary.length} row(s) have no password hash (${label} ${needTemporary.map((row) => row.line).slice(0, 10).join(', ')}); name a file for their temporary passwords with --temporary-passwords FILE.`);
  }

  const temporary = new Map<number, { password: string; hash: string }>();
  for (const row of needTemporary) {
    const password = generateTemporaryPassword();
    temporary.set(row.line, { password, hash: await ctx.hasher.hash(password, ctx.bcryptCost) });
  }
  if (temporary.size > 0) {
    const lines = needTemporary.map((row) => `${row.username.normalize('NFKC')}\t${temporary.get(row.line)!.password}`);
    try {
      writeSecretFileExclusively(request.temporaryPasswordsPath!, `# Gatehouse temporary passwords: each works once. Delete this file after handing them out.\n${lines.join('\n')}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail('VALIDATION_FAILED', `Nothing was imported: ${request.temporaryPasswordsPath} ${code === 'EEXIST' ? 'already exists (it is never overwritten)' : `could not be created (${code ?? 'error'})`}.`);
    }
  }

  try {
    ctx.store.transaction(() => {
      for (const row of parsed.rows) {
        const made = temporary.get(row.line);
        const inserted = insertUser(ctx, {
          username: row.username.normalize('NFKC'),
          email: row.email.normalize('NFKC').trim(),
          role: row.role as Role,
          passwordHash: made ? made.hash : row.passwordHash,
          mustChangePassword: made !== undefined,
          createdBy: { self: false, actorId: null },
        });
        if (!inserted.ok) {
          const fields = Object.entries(inserted.error.fields ?? {}).map(([field, message]) => `${field}: ${message}`);
          throw new RowRefused(`${label} ${row.line}: ${fields.join('; ') || inserted.error.message}`);
        }
        if (!made) ctx.store.run('UPDATE users SET password_imported = 1 WHERE id = ?', [inserted.data.id]);
      }
      recordAudit(ctx.store, ctx.now(), {
        event: 'accounts_imported',
        detail: { count: parsed.rows.length, temporaryPasswords: temporary.size, usernames: parsed.rows.slice(0, 200).map((row) => row.username.normalize('NFKC')) },
      });
    });
    await persist();
  } catch (error) {
    if (temporary.size > 0) rmSync(request.temporaryPasswordsPath!, { force: true });
    if (error instanceof RowRefused) return fail('VALIDATION_FAILED', `Nothing was imported; fix this row:\n${error.message}`);
    throw error;
  }
  return ok({ imported: parsed.rows.length, withTemporaryPassword: temporary.size });
}
