/** Policy: the administrator's Settings screen and the provisioning CLI change it through one function. */
import { BOOLEAN_SETTINGS, CHOICE_SETTINGS, NUMBER_SETTINGS, checkChoice, checkSetting, type PolicySettings } from '../../shared/policy-settings';
import { fail, ok, type Result } from '../../shared/result';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import type { Handler } from './handler';
import { storePolicy } from './policy-store';
import { revokeRememberedSessions, shortenSessionsToPolicy } from './sessions';

export const getPolicy: Handler<'admin:get-policy'> = async (ctx) => ok({ policy: ctx.policy() });

export const setPolicy: Handler<'admin:set-policy'> = (ctx, input, { user }) => applyPolicyChanges(ctx, input.policy, user.id);

/** Validates, stores and audits policy changes (the Settings screen and the CLI); the caller saves. */
export async function applyPolicyChanges(
  ctx: CoreContext,
  requested: Partial<PolicySettings>,
  actorId: number | null,
): Promise<Result<{ policy: PolicySettings }>> {
  const fields: Record<string, string> = {};
  const changes: Partial<PolicySettings> = {};
  const before = ctx.policy();
  for (const setting of NUMBER_SETTINGS) {
    const value = requested[setting.key];
    if (value === undefined) continue;
    const problem = checkSetting(setting, value);
    if (problem) fields[setting.key] = problem;
    else if (value !== before[setting.key]) changes[setting.key] = value;
  }
  for (const setting of BOOLEAN_SETTINGS) {
    const value = requested[setting.key];
    if (value !== undefined && value !== before[setting.key]) changes[setting.key] = value;
  }
  for (const setting of CHOICE_SETTINGS) {
    const value = requested[setting.key];
    if (value === undefined) continue;
    const problem = checkChoice(setting, value);
    if (problem) fields[setting.key] = problem;
    else if (value !== before[setting.key]) changes[setting.key] = value;
  }
  if (Object.keys(fields).length > 0) return fail('VALIDATION_FAILED', 'Some settings are out of range.', { fields });
  if (Object.keys(changes).length === 0) return ok({ policy: before });

  const now = ctx.now();
  storePolicy(ctx.store, changes);
  if (changes.rememberAllowed === false) await revokeRememberedSessions(ctx);
  if (changes.sessionLifetimeMs !== undefined || changes.rememberLifetimeMs !== undefined) shortenSessionsToPolicy(ctx); // issue 14
  const detail: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(changes) as (keyof PolicySettings)[]) detail[key] = { from: before[key], to: changes[key] };
  recordAudit(ctx.store, now, { event: 'policy_change', actorId, detail });
  return ok({ policy: ctx.policy() });
}
