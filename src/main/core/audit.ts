/** The security event log. Rows are never updated; user ids are kept even after a delete. */
import type { AuditEventName } from '../../shared/admin';
import type { Store } from './store/database';

export interface AuditEntry {
  event: AuditEventName;
  userId?: number | null;
  actorId?: number | null;
  /** What was typed as the username or email, for sign-in events. */
  identifier?: string | null;
  detail?: Record<string, unknown>;
}

export function recordAudit(store: Store, at: number, entry: AuditEntry): void {
  store.run(
    'INSERT INTO audit_log (at, event, user_id, actor_id, identifier, detail) VALUES (?, ?, ?, ?, ?, ?)',
    [
      at,
      entry.event,
      entry.userId ?? null,
      entry.actorId ?? null,
      entry.identifier ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ],
  );
}
