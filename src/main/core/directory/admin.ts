/**
 * Directory administration (issue 16): set and clear from the CLI only (the renderer can neither
 * choose the server nor name a file), status and a connection test for the Settings screen and
 * the CLI.
 */
import { fail, ok, type Result } from '../../../shared/result';
import { recordAudit } from '../audit';
import type { CoreContext } from '../context';
import type { ConnectionTest, DirectoryStatus } from '../../../shared/directory';
import type { Handler } from '../handler';
import { configProblems, readDirectoryConfig, storeDirectoryConfig, transportOf, type DirectoryConfig } from './config';
import { ldapProvider } from './ldap';
import { dropAllCachedCredentials } from './links';
import type { DirectoryAnswer } from './port';

export type { ConnectionTest, DirectoryStatus };

function count(ctx: CoreContext, sql: string): number {
  return Number(ctx.store.get<{ n: number }>(sql)?.n ?? 0);
}

function localAdmins(ctx: CoreContext): number {
  return count(ctx, "SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1 AND id NOT IN (SELECT user_id FROM directory_accounts)");
}

export function directoryStatus(ctx: CoreContext): DirectoryStatus {
  const config = readDirectoryConfig(ctx.store);
  return {
    configured: config !== null,
    url: config?.url ?? null,
    baseDn: config?.baseDn ?? null,
    userFilter: config?.userFilter ?? null,
    transport: config ? transportOf(config) : null,
    serviceAccount: config?.bindDn ?? null,
    caFile: config?.caFile ?? null,
    adminGroup: config?.adminGroup ?? null,
    offlineDays: config?.offlineDays ?? 0,
    accounts: count(ctx, 'SELECT count(*) AS n FROM directory_accounts'),
    cachedCredentials: count(ctx, 'SELECT count(*) AS n FROM directory_accounts WHERE cached_hash IS NOT NULL'),
  };
}

export async function setDirectory(ctx: CoreContext, config: DirectoryConfig): Promise<Result<{ status: DirectoryStatus }>> {
  const problems = configProblems(config);
  if (problems.length > 0) return fail('VALIDATION_FAILED', problems.join(' '));
  // The break-glass rule: a machine whose directory fails must still have someone to manage it.
  if (localAdmins(ctx) === 0) {
    return fail('CONFLICT', 'Create a local administrator first (create-user --admin): it stays as the way in when the directory fails.');
  }
  storeDirectoryConfig(ctx.store, config);
  const dropped = config.offlineDays === 0 ? dropAllCachedCredentials(ctx.store) : 0;
  recordAudit(ctx.store, ctx.now(), {
    event: 'directory_config_change',
    detail: { url: config.url, baseDn: config.baseDn, offlineDays: config.offlineDays, transport: transportOf(config), droppedCaches: dropped },
  });
  await ctx.store.persist();
  return ok({ status: directoryStatus(ctx) });
}

export async function clearDirectory(ctx: CoreContext): Promise<Result<{ status: DirectoryStatus }>> {
  storeDirectoryConfig(ctx.store, null);
  const dropped = dropAllCachedCredentials(ctx.store);
  recordAudit(ctx.store, ctx.now(), { event: 'directory_config_change', detail: { cleared: true, droppedCaches: dropped } });
  await ctx.store.persist();
  return ok({ status: directoryStatus(ctx) });
}

function describeNoDecision(answer: { kind: 'unreachable' | 'failed'; reason: string }): string {
  return answer.kind === 'unreachable' ? `The directory cannot be reached (${answer.reason}).` : `The directory answered with an error (${answer.reason}).`;
}

/** Connect, bind as the service account (or anonymously) and read the base entry. */
export async function testConnection(ctx: CoreContext): Promise<ConnectionTest> {
  const config = readDirectoryConfig(ctx.store);
  if (!config) return { reachable: false, message: 'No directory is configured (npm run gatehouse -- set-directory …).' };
  const answer = await ldapProvider(config).test();
  return answer.kind === 'ok'
    ? { reachable: true, ms: answer.ms, message: `Connected over ${transportOf(config)} and read ${config.baseDn} in ${answer.ms} ms.` }
    : { reachable: false, message: describeNoDecision(answer) };
}

/** `test-directory <username>`: the sign-in's directory step alone; nothing is stored or counted. */
export async function testUser(ctx: CoreContext, username: string, password: string): Promise<{ ok: boolean; message: string }> {
  const config = readDirectoryConfig(ctx.store);
  if (!config) return { ok: false, message: 'No directory is configured.' };
  const answer: DirectoryAnswer = await ldapProvider(config).authenticate(username, password);
  switch (answer.kind) {
    case 'ok':
      return { ok: true, message: `${username} signs in as ${answer.dn}${answer.admin ? ', an administrator (member of the admin group)' : ''}.` };
    case 'wrong-password':
      return { ok: false, message: `The directory refused that password for ${username}.` };
    case 'not-found':
      return { ok: false, message: `The user filter matches no single entry for ${username}.` };
    default:
      return { ok: false, message: describeNoDecision(answer) };
  }
}

/** The Settings screen's view: status only; nothing here can change where the app connects. */
export const getDirectoryStatus: Handler<'admin:directory-status'> = (ctx) => Promise.resolve(ok({ status: directoryStatus(ctx) }));

/** The Settings screen's connection test: no parameters, so a page cannot aim it anywhere. */
export const testDirectoryConnection: Handler<'admin:directory-test'> = async (ctx) => ok({ test: await testConnection(ctx) });
