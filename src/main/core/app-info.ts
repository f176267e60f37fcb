/** 'app:info': what the renderer shows before anyone signs in (the rules, a remembered name). */
import { ok } from '../../shared/result';
import type { Handler } from './handler';
import { readDirectoryConfig } from './directory/config';
import { isStoreInitialised } from './store-initialised';

export const appInfo: Handler<'app:info'> = async (ctx) => {
  const policy = ctx.policy();
  return ok({
    policy: {
      minPasswordLength: policy.minPasswordLength,
      selfRegistration: policy.selfRegistration,
      rememberAllowed: policy.rememberAllowed,
      idleTimeoutMs: policy.idleTimeoutMs,
      kioskMode: policy.kioskMode,
      onScreenKeyboard: policy.onScreenKeyboard,
    },
    rememberedUsername: policy.rememberAllowed ? await ctx.usernameStore.load() : null,
    setUp: isStoreInitialised(ctx.store),
    directoryConfigured: readDirectoryConfig(ctx.store) !== null,
  });
};
