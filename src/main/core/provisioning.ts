/**
 * Provisioning without the UI, for building kiosk images (`npm run gatehouse -- …`). A local
 * process that can open the data folder could edit the file anyway, so no session is asked
 * for; every rule the app applies (username, email, password policy, setting bounds) still is.
 */
import type { AdminUserView } from '../../shared/admin';
import { checkPassword, normalizePassword } from '../../shared/password-rules';
import { fail, ok, type Result } from '../../shared/result';
import type { PolicySettings } from '../../shared/policy-settings';
import { accountFieldProblems, applyPolicyChanges, insertAccount, toAdminView } from './admin';
import type { CoreContext } from './context';
import { resetAccountPassword, unlockAccount } from './recovery';
import { usernamesToReview, type UsernameToReview } from './usernames';
import type { UserRow } from './users';

export interface Provisioning {
  createUser(input: { username: string; email: string; password: string; admin: boolean }): Promise<Result<{ user: AdminUserView }>>;
  listUsers(): AdminUserView[];
  setPolicy(changes: Partial<PolicySettings>): Promise<Result<{ policy: PolicySettings }>>;
  policy(): PolicySettings;
  /** Recovery for a locked-out administrator (CLI `unlock`, `reset-password`). */
  unlockUser(identifier: string): Promise<Result<{ user: AdminUserView }>>;
  resetPassword(identifier: string): Promise<Result<{ user: AdminUserView; temporaryPassword: string }>>;
  /** Accounts whose names today's look-alike rules would refuse (kept, for an administrator to decide). */
  usernamesToReview(): UsernameToReview[];
}

export function createProvisioning(ctx: CoreContext): Provisioning {
  return {
    async createUser(input) {
      const username = input.username.normalize('NFKC');
      const email = input.email.normalize('NFKC').trim();
      const fields = accountFieldProblems(ctx, username, email);
      const passwordProblem = checkPassword(input.password, { minLength: ctx.policy().minPasswordLength }, { username, isCommon: ctx.isCommonPassword });
      if (passwordProblem) fields.password = passwordProblem;
      if (Object.keys(fields).length > 0) return fail('VALIDATION_FAILED', 'Some fields need attention.', { fields });
      const passwordHash = await ctx.hasher.hash(normalizePassword(input.password), ctx.bcryptCost);
      const role = input.admin ? 'admin' : 'user';
      const inserted = insertAccount(ctx, { username, email, role, passwordHash, mustChangePassword: false, actorId: null });
      if (!inserted.ok) return inserted;
      await ctx.store.persist();
      return ok({ user: toAdminView(inserted.data, ctx.now()) });
    },
    listUsers() {
      const now = ctx.now();
      return ctx.store.all<UserRow>('SELECT * FROM users ORDER BY username_norm').map((row) => toAdminView(row, now));
    },
    setPolicy: (changes) => applyPolicyChanges(ctx, changes, null),
    policy: () => ctx.policy(),
    unlockUser: (identifier) => unlockAccount(ctx, identifier),
    resetPassword: (identifier) => resetAccountPassword(ctx, identifier),
    usernamesToReview: () => usernamesToReview(ctx.store),
  };
}
