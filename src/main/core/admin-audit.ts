/** The administrator's view of the audit log: pages of it, and all of it as CSV. */
import type { AuditEntryView, AuditEventName } from '../../shared/admin';
import { ok } from '../../shared/result';
import { csvCell } from './csv';
import type { Handler } from './handler';

interface AuditRow {
  id: number;
  at: number;
  event: AuditEventName;
  user_id: number | null;
  username: string | null;
  user_deleted: number;
  actor_id: number | null;
  actor_name: string | null;
  actor_deleted: number;
  identifier: string | null;
  detail: string | null;
}

function auditQuery(filter: { userId?: number | undefined; event?: AuditEventName | undefined }) {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (filter.userId !== undefined) {
    clauses.push('(a.user_id = ? OR a.actor_id = ?)');
    params.push(filter.userId, filter.userId);
  }
  if (filter.event !== undefined) {
    clauses.push('a.event = ?');
    params.push(filter.event);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * A live account is named by its current username; a deleted one by the name it had when it was
 * deleted (deleted_users, issue 11), so its rows, the filter and the CSV keep saying who it was.
 */
const AUDIT_SELECT = `SELECT a.id, a.at, a.event, a.user_id,
    COALESCE(u.username, du.username) AS username, (u.id IS NULL AND du.id IS NOT NULL) AS user_deleted,
    a.actor_id, COALESCE(act.username, dact.username) AS actor_name, (act.id IS NULL AND dact.id IS NOT NULL) AS actor_deleted,
    a.identifier, a.detail
  FROM audit_log a
    LEFT JOIN users u ON u.id = a.user_id LEFT JOIN deleted_users du ON du.id = a.user_id
    LEFT JOIN users act ON act.id = a.actor_id LEFT JOIN deleted_users dact ON dact.id = a.actor_id`;

function toAuditView(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    event: row.event,
    userId: row.user_id,
    username: row.username,
    userDeleted: row.user_deleted === 1,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorDeleted: row.actor_deleted === 1,
    identifier: row.identifier,
    detail: row.detail,
  };
}

export const listAudit: Handler<'admin:audit'> = async (ctx, input) => {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 25;
  const { where, params } = auditQuery(input);
  const total = Number(ctx.store.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log a ${where}`, params)?.n ?? 0);
  const rows = ctx.store.all<AuditRow>(`${AUDIT_SELECT} ${where} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`, [
    ...params,
    pageSize,
    (page - 1) * pageSize,
  ]);
  const deletedAccounts = ctx.store.all<{ id: number; username: string }>(
    'SELECT d.id, d.username FROM deleted_users d WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = d.id) ORDER BY d.username',
  );
  return ok({ entries: rows.map(toAuditView), deletedAccounts, total, page, pageSize });
};

export const exportAuditCsv: Handler<'admin:audit-csv'> = async (ctx, input) => {
  const { where, params } = auditQuery(input);
  const rows = ctx.store.all<AuditRow>(`${AUDIT_SELECT} ${where} ORDER BY a.at DESC, a.id DESC`, params);
  const header = ['time', 'event', 'user_id', 'username', 'actor_id', 'actor', 'identifier', 'detail'];
  const lines = [header.join(',')];
  for (const row of rows) {
    lines.push(
      [new Date(row.at).toISOString(), row.event, row.user_id, row.username, row.actor_id, row.actor_name, row.identifier, row.detail]
        .map(csvCell)
        .join(','),
    );
  }
  const stamp = new Date(ctx.now()).toISOString().slice(0, 10);
  return ok({ csv: `${lines.join('\r\n')}\r\n`, filename: `gatehouse-audit-${stamp}.csv` });
};
