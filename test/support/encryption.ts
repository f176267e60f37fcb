/**
 * Encryption-at-rest test helpers: data folders with a test key file standing in for the OS
 * keyring, cores opened on them (closed and removed after each test: call `cleanUpEncryptionTests`
 * from afterEach), and readers of the key ids in the files' headers.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { fileKeyStorage, openGatehouse, StoreError, type GatehouseHandle, type GatehouseOptions } from '../../src/main/core';
import { decodeJournalHeader } from '../../src/main/core/store/journal-format';
import { decodeSnapshotHeader } from '../../src/main/core/store/snapshot-format';
import { STRONG_PASSWORD, TEST_COST, expectOk, tempDir } from './core';

const opened: GatehouseHandle[] = [];
const dirs: string[] = [];
export async function cleanUpEncryptionTests(): Promise<void> {
  for (const core of opened.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function scratch(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

export async function open(dir: string, extra: Partial<GatehouseOptions> = {}): Promise<GatehouseHandle> {
  const core = await openGatehouse({ dataDir: dir, bcryptCost: TEST_COST, warn: () => {}, ...extra });
  opened.push(core);
  return core;
}

export async function closeAll(): Promise<void> {
  for (const core of opened.splice(0)) await core.close();
}

/** A data folder plus a test key file outside it (the stand-in for the OS keyring). */
export function setup() {
  const dir = scratch();
  const keyDir = scratch();
  return { dir, keyStorage: fileKeyStorage(join(keyDir, 'test-kek')) };
}

export async function withAccounts(core: GatehouseHandle, ...names: string[]) {
  for (const name of names) {
    expectOk(await core.provisioning.createUser({ username: name, email: `${name}@example.org`, password: STRONG_PASSWORD, admin: true }));
  }
}

export function usernames(core: GatehouseHandle): string[] {
  return core.provisioning.listUsers().map((user) => user.username);
}

export function filesOf(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).filter((name) => name !== 'gatehouse.lock').map((name) => [name, readFileSync(join(dir, name))]));
}

/** Every snapshot and journal in the folder, with the key id its header names (null: plain). */
export function sealedWith(dir: string): Record<string, string | null> {
  const found: Record<string, string | null> = {};
  for (const name of readdirSync(dir).filter((entry) => /^gatehouse\.db(\.backup|\.journal-\d{16})?$/.test(entry))) {
    const bytes = readFileSync(join(dir, name));
    const header = name.includes('journal') ? decodeJournalHeader(bytes) : decodeSnapshotHeader(bytes);
    if (!header) throw new Error(`${name} has no readable header`);
    found[name] = header.keyId;
  }
  return found;
}

export async function refusal(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

export async function encryptedStore() {
  const { dir, keyStorage } = setup();
  const core = await open(dir, { encryption: { keyStorage } });
  await withAccounts(core, 'zebulon-admin', 'quintessa');
  const change = expectOk(await core.provisioning.changeEncryption({ action: 'enable', mode: 'os-keyring' }));
  return { dir, keyStorage, core, change };
}
