/**
 * `gatehouse.keys.json` in the data folder: the store's id and its data key(s), WRAPPED ONLY.
 * No plain key is ever written here or anywhere else. Present exactly when encryption is on.
 *
 *   { format: "gatehouse-keys", version: 1, storeId, mode: "os-keyring" | "passphrase",
 *     passphrase?: { salt, N, r, p },                       scrypt parameters (passphrase mode)
 *     keys: [ { id, createdAt,                              the first key writes; a second one
 *               keyring?:    "<the port's wrapped blob>",   is kept only while a rotation runs
 *               passphrase?: { nonce, sealed },
 *               recovery:    { salt, nonce, sealed } } ] }
 *
 * Written like the database: temp file, fsync, rename, fsync the folder.
 */
import { closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const KEY_FILE = 'gatehouse.keys.json';

const wrapped = z.strictObject({ nonce: z.string(), sealed: z.string() });

const keyRecord = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  createdAt: z.string(),
  keyring: z.string().optional(),
  passphrase: wrapped.optional(),
  recovery: z.strictObject({ salt: z.string(), nonce: z.string(), sealed: z.string() }),
});

const keyFileSchema = z.strictObject({
  format: z.literal('gatehouse-keys'),
  version: z.literal(1),
  storeId: z.string().regex(/^[0-9a-f]{32}$/),
  mode: z.enum(['os-keyring', 'passphrase']),
  /** Which port wrapped the keyring copies: the OS keyring, or the test key file (tests, harness). */
  keyring: z.enum(['os-keyring', 'test-file']).optional(),
  passphrase: z.strictObject({ salt: z.string(), N: z.number().int(), r: z.number().int(), p: z.number().int() }).optional(),
  keys: z.array(keyRecord).min(1).max(2),
});

export type KeyFile = z.infer<typeof keyFileSchema>;
export type KeyRecord = z.infer<typeof keyRecord>;

export function keyFilePath(dir: string): string {
  return join(dir, KEY_FILE);
}

/** The folder's key file, null when encryption is off. Throws with the path on a damaged file. */
export function readKeyFile(dir: string): KeyFile | null {
  let text: string;
  try {
    text = readFileSync(keyFilePath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = keyFileSchema.safeParse(parseJson(text));
  if (!parsed.success) throw new Error(`${keyFilePath(dir)} is not a Gatehouse key file Gatehouse can read.`);
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A key file's text (one carried inside a sealed backup), checked against the same schema. Throws when it is not one. */
export function parseKeyFile(text: string): KeyFile {
  return keyFileSchema.parse(parseJson(text));
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder; some file systems refuse a folder fsync.
  }
}

export function writeKeyFile(dir: string, file: KeyFile): void {
  const target = keyFilePath(dir);
  const temp = `${target}.writing`;
  rmSync(temp, { force: true });
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    writeSync(fd, `${JSON.stringify(keyFileSchema.parse(file), null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
  fsyncDir(dir);
}

export function removeKeyFile(dir: string): void {
  rmSync(keyFilePath(dir), { force: true });
  fsyncDir(dir);
}
