/**
 * `gatehouse export` (issue 14): the accounts as CSV or JSON, in the columns `gatehouse import`
 * reads. Without password hashes unless asked for; audited either way.
 */
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import { csvCell } from './csv';
import type { ExportRequest } from './types';
import type { UserRow } from './users';


/** The caller persists (the audit row). */
export function exportAccounts(ctx: CoreContext, request: ExportRequest): string {
  const rows = ctx.store.all<UserRow>('SELECT * FROM users ORDER BY username_norm');
  const accounts = rows.map((row) => ({
    username: row.username,
    email: row.email,
    role: row.role,
    ...(request.withHashes ? { password_hash: row.password_hash } : {}),
  }));
  recordAudit(ctx.store, ctx.now(), { event: 'accounts_exported', detail: { count: accounts.length, withHashes: request.withHashes } });
  if (request.format === 'json') return `${JSON.stringify(accounts, null, 2)}\n`;
  const columns = request.withHashes ? ['username', 'email', 'role', 'password_hash'] : ['username', 'email', 'role'];
  const lines = [columns.join(','), ...accounts.map((account) => columns.map((column) => csvCell((account as Record<string, string>)[column] ?? '')).join(','))];
  return `${lines.join('\n')}\n`;
}
