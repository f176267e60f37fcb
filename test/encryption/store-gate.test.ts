/**
 * The unlock gate (core/store-gate.ts) on real stores with real crypto: a store in passphrase
 * mode, or one whose keyring lost its key, opens from the app's own unlock screen through the
 * same seam every other call uses. Attacked as the screen would be: wrong answers, two tries at
 * once, calls before the store is open, a foreign page, an oversized or malformed answer, and
 * nobody answering.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatehouse, type GatehouseHandle, type StartingGatehouse } from '../../src/main/core';
import { gateOpening } from '../../src/main/core/store-gate';
import { expectError, expectOk, registration, TEST_COST } from '../support/core';
import { cleanUpEncryptionTests, closeAll, encryptedStore, open, setup, usernames, withAccounts } from '../support/encryption';

const PASSPHRASE = 'a walk-up kiosk passphrase';
const APP = { windowId: 1, fromAppPage: true };

const started: StartingGatehouse[] = [];
afterEach(async () => {
  for (const gate of started.splice(0)) {
    gate.giveUp();
    const core = await gate.opened.catch(() => null);
    await core?.close();
  }
  await cleanUpEncryptionTests();
});

function start(dir: string, extra: Parameters<typeof startGatehouse>[0] = {}): StartingGatehouse {
  const gate = startGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn: () => {}, ...extra });
  started.push(gate);
  return gate;
}

/** A closed store in passphrase mode holding two accounts, and its recovery key. */
async function passphraseStore() {
  const { dir } = setup();
  const core = await open(dir, { encryption: { askSecret: () => Promise.resolve(PASSPHRASE) } });
  await withAccounts(core, 'zebulon-admin', 'quintessa');
  const { recoveryKey } = expectOk(await core.provisioning.changeEncryption({ action: 'enable', mode: 'passphrase', passphrase: PASSPHRASE }));
  await closeAll();
  return { dir, recoveryKey: recoveryKey! };
}

const invoke = (gate: StartingGatehouse, channel: string, payload: unknown = {}, caller: unknown = APP) => gate.invoke(channel, payload, caller);

// Every try is a real scrypt at the production cost (N = 2^17, about 128 MiB): slow by design,
// and several per test; on a loaded 2-core CI machine that needs more than the default 30 s.
describe('the unlock gate', { timeout: 120_000 }, () => {
  it('a plain store opens by itself: settled says open, and every channel is the core’s', async () => {
    const { dir } = setup();
    const gate = start(dir);
    // A call made before the store is open waits for it, and is answered by the core.
    const early = invoke(gate, 'auth:register', registration('early-bird'));
    expect(await gate.settled).toBe('open');
    expectOk(await early);
    expect(expectOk(await invoke(gate, 'store:unlock-state'))).toEqual({ state: 'open' });
    // Already open: a typed secret changes nothing and opens nothing more.
    expect(expectOk(await invoke(gate, 'store:unlock', { secret: 'whatever' }))).toEqual({ state: 'open' });
  });

  it('passphrase mode: asks, refuses every other call, says why a wrong answer failed, then opens with every account', async () => {
    const { dir } = await passphraseStore();
    const gate = start(dir);
    expect(await gate.settled).toBe('asking');
    expect(expectOk(await invoke(gate, 'store:unlock-state'))).toEqual({ state: 'asking', kind: 'passphrase', wrongAnswer: null });
    for (const [channel, payload] of [
      ['auth:session', {}],
      ['app:info', {}],
      ['auth:login', { identifier: 'quintessa', password: 'correct horse battery staple' }],
      ['auth:register', registration('mallory')],
    ] as const) {
      const refused = expectError(await invoke(gate, channel, payload), 'STORE_UNAVAILABLE');
      expect(refused.message).toContain('passphrase');
    }

    const wrong = expectError(await invoke(gate, 'store:unlock', { secret: 'not the passphrase at all' }), 'INVALID_CREDENTIALS');
    expect(wrong.message).toBe('That passphrase does not open this store.');
    // A reloaded screen learns the same.
    expect(expectOk(await invoke(gate, 'store:unlock-state'))).toEqual({
      state: 'asking',
      kind: 'passphrase',
      wrongAnswer: 'That passphrase does not open this store.',
    });
    const malformedKey = expectError(await invoke(gate, 'store:unlock', { secret: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH' }), 'INVALID_CREDENTIALS');
    expect(malformedKey.message).toBe('That recovery key does not open this store.');

    expect(expectOk(await invoke(gate, 'store:unlock', { secret: PASSPHRASE }))).toEqual({ state: 'open' });
    const core = await gate.opened;
    expect(usernames(core).sort()).toEqual(['quintessa', 'zebulon-admin']);
    expect(expectOk(await invoke(gate, 'store:unlock-state'))).toEqual({ state: 'open' });
    expectOk(await invoke(gate, 'auth:register', registration('after-unlock')));
    // The app can ask at every start, so Settings may offer passphrase mode.
    expect((await core.provisioning.encryptionStatus()).passphraseAtStart).toBe(true);
  });

  it('the recovery key opens a passphrase store too', async () => {
    const { dir, recoveryKey } = await passphraseStore();
    const gate = start(dir);
    await gate.settled;
    expect(expectOk(await invoke(gate, 'store:unlock', { secret: recoveryKey.toLowerCase() }))).toEqual({ state: 'open' });
    expect(usernames(await gate.opened)).toContain('quintessa');
  });

  it('two tries at once are taken one after the other: the wrong one is refused, the right one opens', async () => {
    const { dir } = await passphraseStore();
    const gate = start(dir);
    await gate.settled;
    const [wrong, right] = await Promise.all([
      invoke(gate, 'store:unlock', { secret: 'a wrong passphrase here' }),
      invoke(gate, 'store:unlock', { secret: PASSPHRASE }),
    ]);
    expect(expectError(wrong, 'INVALID_CREDENTIALS').message).toContain('does not open');
    expect(expectOk(right)).toEqual({ state: 'open' });
    // And the other order: the store is open before the wrong one is looked at.
    await (await gate.opened).close();
    started.splice(0);
    const again = start(dir);
    await again.settled;
    const [first, second] = await Promise.all([
      invoke(again, 'store:unlock', { secret: PASSPHRASE }),
      invoke(again, 'store:unlock', { secret: 'a wrong passphrase here' }),
    ]);
    expect(expectOk(first)).toEqual({ state: 'open' });
    expect(expectOk(second)).toEqual({ state: 'open' });
  });

  it('a page that fires tries without waiting gets RATE_LIMITED past the second, so a person’s try never queues behind them', async () => {
    const { dir } = await passphraseStore();
    const gate = start(dir);
    await gate.settled;
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => invoke(gate, 'store:unlock', { secret: `wrong guess number ${i}` })));
    const codes = answers.map((answer) => (answer.ok ? 'ok' : answer.error.code));
    expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Once they are answered, the next try is taken at once.
    expect(expectOk(await invoke(gate, 'store:unlock', { secret: PASSPHRASE }))).toEqual({ state: 'open' });
  });

  it('refuses a foreign page and a malformed or oversized answer before looking at it', async () => {
    const { dir } = await passphraseStore();
    const gate = start(dir);
    await gate.settled;
    expectError(await invoke(gate, 'store:unlock', { secret: PASSPHRASE }, { windowId: 1, fromAppPage: false }), 'FORBIDDEN');
    expectError(await invoke(gate, 'store:unlock', { secret: PASSPHRASE }, { windowId: 'one', fromAppPage: true }), 'FORBIDDEN');
    expectError(await invoke(gate, 'store:unlock', { secret: PASSPHRASE, extra: 1 }), 'VALIDATION_FAILED');
    expectError(await invoke(gate, 'store:unlock', { secret: 'x'.repeat(1_001) }), 'VALIDATION_FAILED');
    expectError(await invoke(gate, 'store:unlock', { secret: 42 }), 'VALIDATION_FAILED');
    expectError(await invoke(gate, 'store:unlock', []), 'VALIDATION_FAILED');
    expectError(await invoke(gate, 'no:such-channel'), 'UNKNOWN_CHANNEL');
    // An empty answer is refused too: to the core it would mean nobody answers, ending the open.
    expect(expectError(await invoke(gate, 'store:unlock', { secret: '' }), 'VALIDATION_FAILED').fields).toEqual({ secret: 'Type the passphrase or the recovery key.' });
    // None of those was taken as a try: the screen still asks, with no wrong answer recorded.
    expect(expectOk(await invoke(gate, 'store:unlock-state'))).toEqual({ state: 'asking', kind: 'passphrase', wrongAnswer: null });
    expect(expectOk(await invoke(gate, 'store:unlock', { secret: PASSPHRASE }))).toEqual({ state: 'open' });
  });

  it('a lost keyring: asks for the recovery key, opens with it, and gives the keyring the key again', async () => {
    const { dir, keyStorage, change } = await encryptedStore();
    await closeAll();
    // The keyring forgot its key (an OS reinstall): the test key file is replaced by a new one.
    const lostKeyring = setup().keyStorage;
    const gate = start(dir, { encryption: { keyStorage: lostKeyring } });
    expect(await gate.settled).toBe('asking');
    expect(expectOk(await invoke(gate, 'store:unlock-state'))).toMatchObject({ state: 'asking', kind: 'recovery' });
    expect(expectError(await invoke(gate, 'store:unlock', { secret: 'my old password' }), 'INVALID_CREDENTIALS').message).toContain('not a recovery key');
    expect(expectOk(await invoke(gate, 'store:unlock', { secret: change.recoveryKey! }))).toEqual({ state: 'open' });
    const core: GatehouseHandle = await gate.opened;
    expect(usernames(core).sort()).toEqual(['quintessa', 'zebulon-admin']);
    await core.close();
    started.splice(0);
    // The new keyring now opens it alone; the old one no longer does (it is not asked).
    const unattended = start(dir, { encryption: { keyStorage: lostKeyring } });
    expect(await unattended.settled).toBe('open');
    expect(keyStorage).not.toBe(lostKeyring);
  });

  it('nobody answering (the unlock window closed) fails the open with a reason, and the store is left as it was', async () => {
    const { dir } = await passphraseStore();
    const before = readFileSync(join(dir, 'gatehouse.db'));
    const gate = start(dir);
    await gate.settled;
    gate.giveUp();
    await expect(gate.opened).rejects.toThrow('no passphrase or recovery key was given');
    const refused = expectError(await invoke(gate, 'auth:session'), 'STORE_UNAVAILABLE');
    expect(refused.message).toContain('no passphrase or recovery key was given');
    expectError(await invoke(gate, 'store:unlock', { secret: PASSPHRASE }), 'STORE_UNAVAILABLE');
    expect(readFileSync(join(dir, 'gatehouse.db')).equals(before)).toBe(true);
  });

  it('given up while a right answer is being checked: the store opens, is closed again at once, and the open fails', async () => {
    const { dir } = await passphraseStore();
    const gate = start(dir);
    await gate.settled;
    const trying = invoke(gate, 'store:unlock', { secret: PASSPHRASE });
    await new Promise((resolve) => setTimeout(resolve, 5));
    gate.giveUp();
    expect(expectError(await trying, 'STORE_UNAVAILABLE').message).toContain('unlock screen was closed');
    await expect(gate.opened).rejects.toThrow('unlock screen was closed');
    // Closed: the lock is free, and the next start opens it.
    const next = start(dir);
    await next.settled;
    expect(expectOk(await invoke(next, 'store:unlock', { secret: PASSPHRASE }))).toEqual({ state: 'open' });
  });

  it('holds the data folder while it waits: nothing else can change the keys or the files meanwhile', async () => {
    const { dir } = await passphraseStore();
    const gate = start(dir);
    expect(await gate.settled).toBe('asking');
    // The CLI (or a second app) would turn encryption off here, behind the waiting screen.
    const error = await open(dir, { encryption: { askSecret: () => Promise.resolve(PASSPHRASE) } }).then(
      () => null,
      (caught: unknown) => caught as { code?: string },
    );
    expect(error?.code).toBe('STORE_LOCKED');
    expect(expectOk(await invoke(gate, 'store:unlock', { secret: PASSPHRASE }))).toEqual({ state: 'open' });
  });

  it('a passphrase too long to type on the unlock screen is refused when it is set', async () => {
    const { dir } = setup();
    const core = await open(dir, { encryption: { askSecret: () => Promise.resolve(PASSPHRASE) } });
    const refused = await core.provisioning.changeEncryption({ action: 'enable', mode: 'passphrase', passphrase: 'p'.repeat(1_001) });
    expect(expectError(refused, 'CONFLICT').message).toBe('The passphrase can be at most 1000 characters.');
    expect((await core.provisioning.encryptionStatus()).on).toBe(false);
  });

  it('a failure that is not the store’s own refusal reaches the page as a plain sentence, not its internals', async () => {
    // A bug inside the open (here a TypeError naming a path) stays in the log.
    const logged: string[] = [];
    const gate = gateOpening({ warn: (message) => logged.push(message) }, () =>
      Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x') at /home/kiosk/.config/gatehouse")),
    );
    await expect(gate.settled).rejects.toThrow(TypeError);
    const refused = expectError(await invoke(gate, 'app:info'), 'STORE_UNAVAILABLE');
    expect(refused.message).toBe('Gatehouse could not open its accounts. The reason is in its log.');
    expect(expectError(await invoke(gate, 'store:unlock-state'), 'STORE_UNAVAILABLE').message).not.toContain('/home/kiosk');
    expect(logged.join('\n')).toContain('/home/kiosk/.config/gatehouse');
  });

  it('a store that cannot open at all settles by rejecting, with the core’s own message', async () => {
    const { dir } = setup();
    rmSync(dir, { recursive: true, force: true });
    // A data folder that is a file: the store cannot be created.
    writeFileSync(dir, 'not a folder');
    const gate = start(dir);
    await expect(gate.settled).rejects.toThrow();
    expect(expectError(await invoke(gate, 'app:info'), 'STORE_UNAVAILABLE').message.length).toBeGreaterThan(0);
    rmSync(dir, { force: true });
  });
});
