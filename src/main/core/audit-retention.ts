/**
 * How big the audit log may get. Strangers can make Gatehouse write audit rows (every failed
 * sign-in does), so the log is bounded three ways:
 * - repeated failures and blocked attempts for one identifier are one row with a count, a
 *   first-seen and a last-seen time (`at` is the last seen, so the newest-first list shows it);
 * - stored identifiers are cut to IDENTIFIER_MAX characters;
 * - a retention policy (administrator settings): rows past the age limit go, whatever they are;
 *   past the row limit the oldest noise goes first (failures, blocked attempts), then ordinary
 *   events, and administrator, policy and store events are kept until their age limit, so
 *   nobody can push evidence out by flooding. Each pruning is itself an audit row.
 */
import type { AuditEventName } from '../../shared/admin';
import type { Store } from './store/database';

export const IDENTIFIER_MAX = 64;
/** Attempts within this time of the last one join its row. */
export const COALESCE_WINDOW_MS = 60 * 60_000;
/** Pruning by count goes down to this share of the limit, so it runs once per many inserts. */
const PRUNE_TO = 0.9;

/** Events a stranger can cause over and over: coalesced, and pruned first. */
export const NOISE_EVENTS: ReadonlySet<AuditEventName> = new Set([
  'signin_failure',
  'signin_blocked',
  'unlock_failure',
  'password_change_failure',
  'lockout',
]);

/** Kept until their age limit, never pruned for room. */
const EVIDENCE_PREFIXES = ['admin_', 'policy_', 'store_', 'audit_', 'username_', 'kiosk_'];

export interface RetentionLimits {
  auditMaxAgeMs: number;
  auditMaxEntries: number;
}

const limitsByStore = new WeakMap<Store, () => RetentionLimits>();

/** Wired once by openGatehouse: the limits are policy settings, read on every use. */
export function useAuditRetention(store: Store, limits: () => RetentionLimits): void {
  limitsByStore.set(store, limits);
}

export function shortIdentifier(identifier: string | null | undefined): string | null {
  if (identifier === null || identifier === undefined) return null;
  const points = Array.from(identifier);
  return points.length <= IDENTIFIER_MAX ? identifier : `${points.slice(0, IDENTIFIER_MAX - 1).join('')}…`;
}

/** Kept by triggers (migrations.ts): one row read, however long the log. */
const auditRows = (store: Store) => Number(store.get<{ n: number }>('SELECT entries AS n FROM audit_log_size')?.n ?? 0);

const evidenceClause = EVIDENCE_PREFIXES.map(() => "event LIKE ? ESCAPE '\\'").join(' OR ');
const evidenceParams = EVIDENCE_PREFIXES.map((prefix) => `${prefix.replace(/_/g, '\\_')}%`);
const noiseList = [...NOISE_EVENTS].map(() => '?').join(', ');

/** Removes what the limits say must go; returns how many rows by age and by count. */
export function pruneAudit(store: Store, now: number, limits: RetentionLimits): { byAge: number; byCount: number } {
  const byAge = store.run('DELETE FROM audit_log WHERE at < ?', [now - limits.auditMaxAgeMs]).changes;
  let byCount = 0;
  if (auditRows(store) > limits.auditMaxEntries) {
    const target = Math.floor(limits.auditMaxEntries * PRUNE_TO);
    // Noise first, then ordinary events; evidence never (until its age limit).
    const tiers: [string, (string | number)[]][] = [
      [`event IN (${noiseList})`, [...NOISE_EVENTS]],
      [`NOT (${evidenceClause})`, evidenceParams],
    ];
    for (const [where, params] of tiers) {
      const excess = auditRows(store) - target;
      if (excess <= 0) break;
      byCount += store.run(
        `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE ${where} ORDER BY at, id LIMIT ?)`,
        [...params, excess],
      ).changes;
    }
  }
  return { byAge, byCount };
}

/** Called after each new audit row: prunes when a limit is passed, and records that it did. */
export function enforceAuditRetention(store: Store, now: number, insert: (detail: Record<string, unknown>) => void): void {
  const limits = limitsByStore.get(store)?.();
  if (!limits) return;
  const oldest = store.get<{ at: number | null }>('SELECT min(at) AS at FROM audit_log')?.at ?? null;
  const tooOld = oldest !== null && oldest < now - limits.auditMaxAgeMs;
  if (!tooOld && auditRows(store) <= limits.auditMaxEntries) return;
  const { byAge, byCount } = pruneAudit(store, now, limits);
  if (byAge + byCount > 0) insert({ byAge, byCount, maxAgeDays: limits.auditMaxAgeMs / 86_400_000, maxEntries: limits.auditMaxEntries });
}
