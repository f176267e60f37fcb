/**
 * Username uniqueness by look: two names whose UTS #39 confusable skeletons are equal display
 * alike (`admın` and `admin`, `paypa1` and `paypal`), so the second is "already taken".
 *
 * skeleton(X) = NFD(map(NFD(X))), where map is Unicode's confusables.txt ("Recommended
 * confusable mapping for IDN"). The mapping comes from the `unhomoglyph` package (nodeca,
 * MIT), which ships confusables.txt as data and is regenerated from unicode.org, rather than a
 * hand-written table. Names are case-folded and NFKC-normalised first (normalizeUsername).
 */
import unhomoglyph from 'unhomoglyph';
import { lookalikeProblem } from '../../shared/username-lookalikes';
import { normalizeUsername } from '../../shared/password-rules';
import { recordAudit } from './audit';
import type { Store } from './store/database';

export function usernameSkeleton(username: string): string {
  return unhomoglyph(normalizeUsername(username).normalize('NFD')).normalize('NFD');
}

/** Stores the skeleton of an account's username; call after inserting or renaming it. */
export function storeUsernameSkeleton(store: Store, userId: number, username: string): void {
  store.run('UPDATE users SET username_skeleton = ? WHERE id = ?', [usernameSkeleton(username), userId]);
}

export function skeletonTaken(store: Store, username: string, exceptId = -1): boolean {
  return store.get('SELECT 1 FROM users WHERE username_skeleton = ? AND id != ?', [usernameSkeleton(username), exceptId]) !== undefined;
}

export interface UsernameToReview {
  id: number;
  username: string;
  reason: string;
}

/** Accounts whose names today's rules would refuse, or that look like an older account's. */
export function usernamesToReview(store: Store): UsernameToReview[] {
  const rows = store.all<{ id: number; username: string; username_skeleton: string | null }>(
    'SELECT id, username, username_skeleton FROM users ORDER BY id',
  );
  const firstBySkeleton = new Map<string, string>();
  const review: UsernameToReview[] = [];
  for (const row of rows) {
    const skeleton = row.username_skeleton ?? usernameSkeleton(row.username);
    const problem = lookalikeProblem(row.username.normalize('NFKC'));
    const lookalikeOf = firstBySkeleton.get(skeleton);
    if (problem) review.push({ id: row.id, username: row.username, reason: problem });
    else if (lookalikeOf !== undefined) review.push({ id: row.id, username: row.username, reason: `Looks like ${lookalikeOf}.` });
    if (lookalikeOf === undefined) firstBySkeleton.set(skeleton, row.username);
  }
  return review;
}

/**
 * On open: stores from before skeletons get theirs, and the names to review are written to the
 * audit log once. Nothing is renamed or deleted: that is an administrator's decision.
 */
export function fillSkeletonsAndReview(store: Store, now: number): void {
  const missing = store.all<{ id: number; username: string }>('SELECT id, username FROM users WHERE username_skeleton IS NULL');
  if (missing.length === 0) return;
  // One transaction: one journal record for the whole fill, not one per account (issue 12).
  store.transaction(() => {
    for (const row of missing) storeUsernameSkeleton(store, row.id, row.username);
  });
  const review = usernamesToReview(store);
  if (review.length > 0) recordAudit(store, now, { event: 'username_review', detail: { usernames: review } });
}
