/**
 * The Gatehouse core: everything secret and everything that decides, with no Electron in sight.
 * The shell registers one ipcMain handler per channel that calls `invoke`; tests and the browser
 * harness call the very same function.
 */
import { randomBytes } from 'node:crypto';
import { recordAudit } from './audit';
import { enforceAuditRetention, useAuditRetention } from './audit-retention';
import { isCommonPassword } from './common-passwords';
import { DEFAULT_TOTP_WINDOW_STEPS, resolveConfig } from './config';
import type { CoreContext } from './context';
import { createWorkerHasher } from './hasher';
import { policyReader } from './policy-store';
import { createProvisioning } from './provisioning';
import { createRouter } from './router';
import { noteSystemActivity } from './screen-lock';
import { onSystemLock } from './system-lock';
import { tickSessions } from './session-clock';
import { forgetEndedNotice } from './session-end-notice';
import { maybeRunInactiveAccounts } from './inactive-accounts';
import { dropOrphanedSessions, endWindowSlot, leaveWindowSlot } from './sessions';
import { openStore, type Store } from './store/database';
import { takeDataFolder } from './store/data-folder';
import { storePaths } from './store/files';
import { dropSecondStep } from './two-step-sign-in';
import { gateOpening, type StartingGatehouse } from './store-gate';
import { sealingOf, settleKeyFile, unlockEncryption, type EncryptionRuntime } from './encryption/encryption';
import { markInitialisedIfAccounts } from './store-initialised';
import { fillSkeletonsAndReview } from './usernames';
import type { GatehouseHandle, GatehouseOptions, RememberStore, UsernameStore } from './types';

export type { GatehouseHandle, GatehouseOptions, PolicySettings, RememberStore, UsernameStore, Hasher, StoreRecovery } from './types';
export type { ConnectionTest, DirectoryConfig, DirectoryStatus } from './types';
export { StoreError } from './store/errors';
export { DEFAULT_POLICY } from './config';
// Issue 14: `gatehouse restore` runs with the app stopped, below the core (the store and its keys alone).
export { restoreStore } from './restore';
// Issue 14: the CLI reads no more of an import file than the import accepts.
export { MAX_IMPORT_BYTES } from './account-import';
export { fileKeyStorage, type KeyStoragePort } from './encryption/key-storage';
export type { EncryptionOptions, SecretQuestion } from './encryption/encryption';
export type { StartingGatehouse } from './store-gate';

/** A store that forgets when the process ends (tests, and the defaults of both ports). */
export function memoryRememberStore(): RememberStore & UsernameStore {
  let value: string | null = null;
  return {
    load: () => value,
    save: (next) => {
      value = next;
    },
  };
}

/**
 * openGatehouse behind the unlock gate (store-gate.ts): the seam answers at once, and a store
 * that needs its passphrase or recovery key asks for it on the unlock screen. The app's shell
 * and the browser harness start this way; the CLI asks on stdin and calls openGatehouse.
 */
export function startGatehouse(options: GatehouseOptions = {}): StartingGatehouse {
  return gateOpening(options, openGatehouse);
}

export async function openGatehouse(options: GatehouseOptions = {}): Promise<GatehouseHandle> {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const config = resolveConfig(options, process.env, warn);
  const now = options.clock ?? Date.now;
  // The folder's lock before any secret is asked for: the unlock screen may wait for hours, and
  // nothing (the CLI turning encryption off, say) may change the keys or the files meanwhile.
  const releaseLock = takeDataFolder(storePaths(config.dataDir));
  let encryption: EncryptionRuntime;
  let store: Store;
  try {
    encryption = await unlockEncryption(config.dataDir, options.encryption ?? {}, warn);
    store = await openStore({
      dir: config.dataDir,
      now: now(),
      ...(options.sqlWasmPath ? { sqlWasmPath: options.sqlWasmPath } : {}),
      sealing: sealingOf(encryption),
      lock: releaseLock,
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  await settleKeyFile(encryption);
  const hasher = options.hasher ?? createWorkerHasher();
  const overrides = options.policy ?? {};
  const kiosk = options.kiosk ?? process.env.GATEHOUSE_KIOSK === '1';

  let dummyHash: Promise<string> | null = null;
  const ctx: CoreContext = {
    store,
    hasher,
    now,
    bcryptCost: config.bcryptCost,
    policy: policyReader(store, overrides, kiosk),
    rememberStore: options.rememberStore ?? memoryRememberStore(),
    usernameStore: options.usernameStore ?? memoryRememberStore(),
    chooseBackupFolder: options.chooseBackupFolder ?? (async () => null),
    slots: new Map(),
    endedNotices: new Map(),
    dummyHash: () => (dummyHash ??= hasher.hash(randomBytes(16).toString('hex'), config.bcryptCost)),
    isCommonPassword,
    warn,
    twoStep: { windowSteps: options.totpWindowSteps ?? DEFAULT_TOTP_WINDOW_STEPS, pendingSignIns: new Map(), pendingSetups: new Map() },
    encryption,
    systemLocks: 0,
  };

  useAuditRetention(store, () => ctx.policy());
  dropOrphanedSessions(ctx);
  markInitialisedIfAccounts(store, now());
  fillSkeletonsAndReview(store, now());
  if (store.recovery) {
    // A lost change may have been a disable, a demotion or a revocation: nobody stays signed in
    // on the strength of a session the recovered store may wrongly still hold (issue 12).
    store.run('DELETE FROM sessions');
    recordAudit(store, now(), { event: 'store_recovered', detail: { ...store.recovery } });
    warn(`Gatehouse: ${store.recovery.message}`);
  }
  // An age limit passes while the app is closed: prune on open too.
  enforceAuditRetention(store, now(), (detail) => recordAudit(store, now(), { event: 'audit_pruned', detail }));
  await store.persist();
  void ctx.dummyHash().catch(() => undefined); // warm up so the first unknown-user sign-in costs the same

  const invoke = createRouter(ctx);
  const inactiveSchedule = { ranAt: null as number | null };
  let closing: Promise<void> | null = null;

  return {
    dataDir: config.dataDir,
    recovery: store.recovery,
    invoke,
    provisioning: createProvisioning(ctx),
    noteSystemActivity: (windowId) => noteSystemActivity(ctx, windowId),
    async lockWindowSession(windowId) {
      // Locks, or ends, as the policy says (system-lock.ts).
      await onSystemLock(ctx, windowId);
      await store.persist();
    },
    async tick(windowIds) {
      // Issue 14: only the running app ticks, so only it removes inactive accounts (at its first tick, then daily).
      await maybeRunInactiveAccounts(ctx, inactiveSchedule);
      const states = await tickSessions(ctx, windowIds);
      await store.persist(); // sessions the clock ended are gone from disk too (a no-op when nothing changed)
      return states;
    },
    async endWindowSession(windowId, reason) {
      dropSecondStep(ctx, windowId); // a half-done sign-in dies with its window (issue 13)
      // A closed window keeps a remembered session (closing is how people quit); a crashed or
      // hung renderer ends it, remembered or not: whatever broke it must not be resumed.
      forgetEndedNotice(ctx, windowId);
      const userId = reason === 'renderer-crashed' ? await endWindowSlot(ctx, windowId) : await leaveWindowSlot(ctx, windowId);
      if (userId !== null) {
        recordAudit(store, now(), { event: 'signout', userId, detail: { reason } });
        await store.persist();
      }
    },
    close() {
      closing ??= (async () => {
        await store.close();
        if (!options.hasher) await hasher.close();
      })();
      return closing;
    },
  };
}
