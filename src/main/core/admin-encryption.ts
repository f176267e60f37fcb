/**
 * Encryption at rest for administrators: Settings (admin:encryption-* channels) and the CLI
 * (provisioning) go through these functions, so both audit the same way. Issue 12, step 3.
 */
import { ENCRYPTION_OFF_WARNING, type EncryptionAction, type EncryptionChange } from '../../shared/encryption';
import { fail, ok, type Result } from '../../shared/result';
import { recordAudit } from './audit';
import type { CoreContext } from './context';
import {
  disableEncryption,
  enableEncryption,
  EncryptionRefusal,
  encryptionStatus,
  rotateKey,
} from './encryption/encryption';
import type { Handler } from './handler';

/** Applies one change, audits it and saves; a refusal changes nothing and says why. */
export async function changeEncryption(ctx: CoreContext, change: EncryptionAction, actorId: number | null): Promise<Result<EncryptionChange>> {
  const runtime = ctx.encryption;
  const before = await encryptionStatus(runtime);
  try {
    let recoveryKey: string | undefined;
    if (change.action === 'enable') {
      ({ recoveryKey } = await enableEncryption(runtime, ctx.store, change, ctx.now()));
    } else if (change.action === 'rotate') {
      ({ recoveryKey } = await rotateKey(runtime, ctx.store, ctx.now()));
    } else {
      await disableEncryption(runtime, ctx.store);
    }
    const status = await encryptionStatus(runtime);
    const event = change.action === 'enable' ? 'encryption_enabled' : change.action === 'rotate' ? 'encryption_key_rotated' : 'encryption_disabled';
    recordAudit(ctx.store, ctx.now(), {
      event,
      actorId,
      detail: {
        protection: status.protection ?? before.protection,
        keyId: status.keyId,
        ...(change.action === 'rotate' ? { previousKeyId: before.keyId } : {}),
        ...(change.action === 'disable' ? { warning: ENCRYPTION_OFF_WARNING } : {}),
      },
    });
    await ctx.store.persist();
    return ok(recoveryKey ? { status, recoveryKey } : { status });
  } catch (error) {
    if (error instanceof EncryptionRefusal) return fail('CONFLICT', error.message);
    throw error;
  }
}

export const getEncryptionStatus: Handler<'admin:encryption-status'> = async (ctx) => ok(await encryptionStatus(ctx.encryption));

export const enableStoreEncryption: Handler<'admin:encryption-enable'> = (ctx, input, { user }) =>
  changeEncryption(ctx, { action: 'enable', mode: input.mode, ...(input.passphrase !== undefined ? { passphrase: input.passphrase } : {}) }, user.id) as never;

export const disableStoreEncryption: Handler<'admin:encryption-disable'> = (ctx, _input, { user }) =>
  changeEncryption(ctx, { action: 'disable' }, user.id) as never;

export const rotateStoreKey: Handler<'admin:encryption-rotate'> = (ctx, _input, { user }) => changeEncryption(ctx, { action: 'rotate' }, user.id) as never;
