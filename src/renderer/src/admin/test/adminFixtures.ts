/**
 * Helpers for the admin screens' tests, on top of test/fakeCore (the real bridge factory and the
 * real contract schemas).
 */
import type { AdminUserAction, AdminUserView, ManagedUserView } from '../../../../shared/admin';
import type { UserPage } from '../../../../shared/contract';
import { ok } from '../../../../shared/result';
import type { FakeCore } from '../../test/fakeCore';

/**
 * What the core would allow on someone else's account in this state (admin-user-actions.ts):
 * a directory account (issue 16) has no password reset and no role change here.
 */
function actionsFor(user: AdminUserView): AdminUserAction[] {
  const local = !user.fromDirectory;
  return [
    'edit-email',
    user.active ? 'disable' : 'enable',
    ...(user.lockedUntil ? (['unlock'] as const) : []),
    ...(local ? (['reset-password'] as const) : []),
    'end-sessions',
    ...(local ? [user.role === 'admin' ? ('remove-admin' as const) : ('make-admin' as const)] : []),
    ...(user.twoStepEnabled ? (['reset-two-step'] as const) : []),
    'delete',
  ];
}

export function makeAdminView(overrides: Partial<ManagedUserView> = {}): ManagedUserView {
  const view: AdminUserView = {
    id: 2,
    username: 'alice',
    email: 'alice@example.com',
    role: 'user',
    createdAt: '2025-03-14T09:26:53.000Z',
    lastLoginAt: null,
    mustChangePassword: false,
    active: true,
    lockedUntil: null,
    ...overrides,
  };
  return { ...view, allowedActions: overrides.allowedActions ?? actionsFor(view) };
}

/** Answers admin:list-users from a fixed list, searching and paging as the core does. */
export function serveUsers(core: FakeCore, users: ManagedUserView[]): void {
  core.handle('admin:list-users', (payload: { query?: string; page?: number; pageSize?: number }) => {
    const query = (payload.query ?? '').toLowerCase();
    const matching = users.filter((u) => u.username.includes(query) || u.email.includes(query));
    const page = payload.page ?? 1;
    const pageSize = payload.pageSize ?? 20;
    const data: UserPage = { users: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length, page, pageSize };
    return ok(data);
  });
}
