/** The security event log. User ids are kept even after a delete. See audit-retention.ts for its size. */
import type { AuditEventName } from '../../shared/admin';
import { COALESCE_WINDOW_MS, NOISE_EVENTS, enforceAuditRetention, shortIdentifier } from './audit-retention';
import type { Store } from './store/database';

export interface AuditEntry {
  event: AuditEventName;
  userId?: number | null;
  actorId?: number | null;
  /** What was typed as the username or email, for sign-in events. */
  identifier?: string | null;
  detail?: Record<string, unknown>;
}

function insert(store: Store, at: number, entry: AuditEntry): void {
  store.run('INSERT INTO audit_log (at, event, user_id, actor_id, identifier, detail) VALUES (?, ?, ?, ?, ?, ?)', [
    at,
    entry.event,
    entry.userId ?? null,
    entry.actorId ?? null,
    shortIdentifier(entry.identifier),
    entry.detail ? JSON.stringify(entry.detail) : null,
  ]);
}

/** Adds one to the recent row for the same repeated attempt; false when there is none. */
function coalesce(store: Store, at: number, entry: AuditEntry): boolean {
  if (!NOISE_EVENTS.has(entry.event) || entry.detail) return false;
  // A known account's repeated attempts are one flood whatever was typed (its username, its
  // email, in any case); a name nobody owns is matched case-insensitively (SQLite's lower()
  // folds ASCII), after the NFKC of asCounted.
  const row =
    entry.userId != null
      ? store.get<{ id: number; at: number; detail: string | null }>(
          `SELECT id, at, detail FROM audit_log WHERE event = ? AND user_id = ? AND actor_id IS NULL AND at >= ?
           ORDER BY id DESC LIMIT 1`,
          [entry.event, entry.userId, at - COALESCE_WINDOW_MS],
        )
      : store.get<{ id: number; at: number; detail: string | null }>(
          `SELECT id, at, detail FROM audit_log WHERE event = ? AND lower(identifier) IS lower(?) AND user_id IS NULL
             AND actor_id IS NULL AND at >= ?
           ORDER BY id DESC LIMIT 1`,
          [entry.event, shortIdentifier(entry.identifier), at - COALESCE_WINDOW_MS],
        );
  if (!row) return false;
  let previous: { count?: unknown; firstSeen?: unknown } = {};
  try {
    previous = row.detail ? (JSON.parse(row.detail) as typeof previous) : {};
  } catch {
    return false;
  }
  const count = (typeof previous.count === 'number' ? previous.count : 1) + 1;
  const firstSeen = typeof previous.firstSeen === 'string' ? previous.firstSeen : new Date(row.at).toISOString();
  store.run('UPDATE audit_log SET at = ?, detail = ? WHERE id = ?', [Math.max(at, row.at), JSON.stringify({ count, firstSeen }), row.id]);
  return true;
}

/**
 * What was typed, as the lockout reads it (NFKC: a full-width `ｖictim` is `victim`), case kept
 * for the administrator; coalesce() matches it case-insensitively, so `Victim@…` and
 * `vIctim@…` are one flood, one row, not a new row per spelling.
 */
function asCounted(entry: AuditEntry): AuditEntry {
  if (!NOISE_EVENTS.has(entry.event) || !entry.identifier) return entry;
  return { ...entry, identifier: entry.identifier.normalize('NFKC').trim() };
}

export function recordAudit(store: Store, at: number, typed: AuditEntry): void {
  const entry = asCounted(typed);
  if (coalesce(store, at, entry)) return;
  insert(store, at, entry);
  enforceAuditRetention(store, at, (detail) => insert(store, at, { event: 'audit_pruned', detail }));
}
