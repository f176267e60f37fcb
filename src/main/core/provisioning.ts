/**
 * Provisioning without the UI, for building kiosk images (`npm run gatehouse -- …`). A local
 * process that can open the data folder could edit the file anyway, so no session is asked
 * for; every rule the app applies (username, email, password policy, setting bounds) still is.
 */
import { normalizePassword } from '../../shared/password-rules';
import { ok } from '../../shared/result';
import { applyPolicyChanges } from './admin-policy';
import { exportAccounts } from './account-export';
import { recordAudit } from './audit';
import { writeBackup } from './backup';
import { importAccounts } from './account-import';
import { changeEncryption } from './admin-encryption';
import { encryptionStatus } from './encryption/encryption';
import { toAdminView } from './admin-users';
import { accountFieldProblems, insertUser, passwordProblem, validationFailed } from './new-user';
import type { CoreContext } from './context';
import { resetAccountPassword, unlockAccount } from './recovery';
import { resetTwoStepFromCli } from './two-step-settings';
import type { Provisioning } from './types';
import { usernamesToReview } from './usernames';
import { clearDirectory, directoryStatus, setDirectory, testConnection, testUser } from './directory/admin';
import type { UserRow } from './users';

export function createProvisioning(ctx: CoreContext): Provisioning {
  return {
    async createUser(input) {
      const username = input.username.normalize('NFKC');
      const email = input.email.normalize('NFKC').trim();
      const fields = accountFieldProblems(ctx, { username, email });
      const problem = passwordProblem(ctx, input.password, username);
      if (problem) fields.password = problem;
      if (Object.keys(fields).length > 0) return validationFailed(fields);
      const passwordHash = await ctx.hasher.hash(normalizePassword(input.password), ctx.bcryptCost);
      const role = input.admin ? 'admin' : 'user';
      const inserted = insertUser(ctx, { username, email, role, passwordHash, mustChangePassword: false, createdBy: { self: false, actorId: null } });
      if (!inserted.ok) return inserted;
      await ctx.store.persist();
      return ok({ user: toAdminView(ctx, inserted.data) });
    },
    listUsers() {
      return ctx.store.all<UserRow>('SELECT * FROM users ORDER BY username_norm').map((row) => toAdminView(ctx, row));
    },
    async setPolicy(changes) {
      const result = await applyPolicyChanges(ctx, changes, null);
      await ctx.store.persist();
      return result;
    },
    policy: () => ctx.policy(),
    unlockUser: (identifier) => unlockAccount(ctx, identifier),
    resetPassword: (identifier) => resetAccountPassword(ctx, identifier),
    usernamesToReview: () => usernamesToReview(ctx.store),
    resetTwoStep: (identifier) => resetTwoStepFromCli(ctx, identifier),
    importAccounts: (request) => importAccounts(ctx, request, () => ctx.store.persist()),
    async backupTo(file) {
      writeBackup(ctx, file, null);
      await ctx.store.persist();
      return file;
    },
    async noteRestored(detail) {
      recordAudit(ctx.store, ctx.now(), { event: 'store_restored', detail });
      await ctx.store.persist();
    },
    async exportAccounts(request) {
      const text = exportAccounts(ctx, request);
      await ctx.store.persist();
      return text;
    },
    directory: {
      set: (config) => setDirectory(ctx, config),
      clear: () => clearDirectory(ctx),
      status: () => directoryStatus(ctx),
      testConnection: () => testConnection(ctx),
      testUser: (username, password) => testUser(ctx, username, password),
    },
    encryptionStatus: () => encryptionStatus(ctx.encryption),
    changeEncryption: (change) => changeEncryption(ctx, change, null),
  };
}
