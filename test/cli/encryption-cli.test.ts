/**
 * The CLI's encryption commands on a real store: passphrase mode on, status, rotate, off; an
 * encrypted store asks for its passphrase or recovery key on stdin; the recovery key is printed
 * once and kept nowhere on disk.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/gatehouse';
import { STRONG_PASSWORD, tempDir } from '../support/core';
import { cli } from '../support/cli';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const PASSPHRASE = 'the kiosk room passphrase';

describe('gatehouse CLI: encryption', () => {
  it('turns passphrase mode on, asks for the passphrase or the recovery key after, rotates and turns it off', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const made = await cli(['create-user', '--data-dir', dir, '--username', 'kiosk-admin', '--email', 'k@example.com', '--admin'], `${STRONG_PASSWORD}\n`);
    expect(made.code).toBe(EXIT.ok);
    expect((await cli(['encryption-status', '--data-dir', dir])).out).toContain('OFF');

    const keyring = await cli(['enable-encryption', '--data-dir', dir]);
    expect(keyring.code).toBe(EXIT.refused);
    expect(keyring.err).toContain('OS keyring');

    const on = await cli(['enable-encryption', '--passphrase', '--data-dir', dir], `${PASSPHRASE}\n`);
    expect(on.code).toBe(EXIT.ok);
    expect(on.out).toContain('ON');
    const recoveryKey = /Recovery key: (\S+)/.exec(on.out)![1]!;
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, name), { flag: 'r' });
      expect(bytes.includes(Buffer.from(recoveryKey)), name).toBe(false);
      if (name.startsWith('gatehouse.db')) expect(bytes.includes(Buffer.from('kiosk-admin')), name).toBe(false);
    }

    const noSecret = await cli(['list-users', '--data-dir', dir]);
    expect(noSecret.code).toBe(EXIT.store);
    expect(noSecret.err).toContain('passphrase');
    const wrong = await cli(['list-users', '--data-dir', dir], 'a wrong passphrase here\n');
    expect(wrong.code).toBe(EXIT.store);
    const listed = await cli(['list-users', '--data-dir', dir], `${PASSPHRASE}\n`);
    expect(listed.out).toContain('kiosk-admin');
    expect(listed.err).toContain('Type the passphrase');
    expect((await cli(['list-users', '--data-dir', dir], `${recoveryKey}\n`)).out).toContain('kiosk-admin');
    // create-user: its password first, then the store's passphrase.
    const second = await cli(['create-user', '--data-dir', dir, '--username', 'second', '--email', 's@example.com'], `${STRONG_PASSWORD}\n${PASSPHRASE}\n`);
    expect(second.code).toBe(EXIT.ok);

    const rotated = await cli(['rotate-key', '--data-dir', dir], `${PASSPHRASE}\n`);
    expect(rotated.code).toBe(EXIT.ok);
    const newRecovery = /Recovery key: (\S+)/.exec(rotated.out)![1]!;
    expect(newRecovery).not.toBe(recoveryKey);
    expect((await cli(['list-users', '--data-dir', dir], `${recoveryKey}\n`)).code).toBe(EXIT.store);

    const off = await cli(['disable-encryption', '--data-dir', dir], `${newRecovery}\n`);
    expect(off.code).toBe(EXIT.ok);
    expect(off.out).toContain('OFF');
    const plain = await cli(['list-users', '--data-dir', dir]);
    expect(plain.out).toContain('second');
  }, 120_000);
});
