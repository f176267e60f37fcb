/**
 * `npm run gatehouse -- COMMAND …`: provisioning without the UI, for kiosk images.
 *
 *   create-user --data-dir DIR --username NAME --email EMAIL [--admin]   (password on stdin)
 *   list-users  --data-dir DIR [--json]
 *   set-policy  KEY VALUE --data-dir DIR      (durations with a unit: 90s, 15m, 12h, 30d)
 *   autostart   on|off --data-dir DIR [--kiosk] [--exec PATH]
 *   unlock USERNAME_OR_EMAIL --data-dir DIR            (while the app is stopped)
 *   reset-password USERNAME_OR_EMAIL --data-dir DIR    (prints a one-time temporary password)
 *   reset-2fa USERNAME_OR_EMAIL --data-dir DIR         (two-step off; set up again at next sign-in)
 *   import FILE --data-dir DIR [--format csv|json] [--temporary-passwords FILE]   (issue 14)
 *   export --data-dir DIR [--format csv|json] [--with-hashes]                     (issue 14)
 *   set-directory / directory-status / test-directory / clear-directory   (directory-commands.ts)
 *   backup --to FILE --data-dir DIR        restore FILE --data-dir DIR            (issue 14)
 *   encryption-status | enable-encryption [--passphrase] | disable-encryption | rotate-key  --data-dir DIR
 *
 * Secrets come on standard input, one per line, in the order they are asked for (create-user's
 * password first; then, for an encrypted store, its passphrase or recovery key; then a new
 * passphrase). The CLI has no OS keyring (plain Node, no safeStorage): an encrypted store opens
 * here with its passphrase or its recovery key.
 *
 * Exit codes: 0 done; 1 refused (a rule said no: the message says which); 2 usage;
 * 3 the store could not be opened (locked by a running app, unreadable, …).
 *
 * Not part of the Electron shell: it opens the core directly, through src/main/core/index.ts only
 * (eslint.config.js enforces that), so it runs under plain Node.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { printable } from './cli-text';
import { MAX_IMPORT_BYTES, openGatehouse, restoreStore, StoreError, type GatehouseHandle, type SecretQuestion } from '../main/core';
import { encryptionCommand, isEncryptionCommand } from './encryption-commands';
import { DURATION_HINT } from '../shared/durations';
import { describePolicyValue, POLICY_KEYS, readPolicyValue } from '../shared/policy-input';
import type { PolicySettings } from '../shared/policy-settings';
import type { AppError } from '../shared/result';
import { launchArgs, removeAutostartEntry, writeAutostartEntry } from '../main/xdg-autostart';
import { DIRECTORY_OPTIONS, DIRECTORY_USAGE, DirectoryUsageError, isDirectoryCommand, runDirectoryCommand } from './directory-commands';

export const EXIT = { ok: 0, refused: 1, usage: 2, store: 3 } as const;

const USAGE = `Usage:
  npm run gatehouse -- create-user --data-dir DIR --username NAME --email EMAIL [--admin]
      (reads the password from standard input)
  npm run gatehouse -- list-users --data-dir DIR [--json]
  npm run gatehouse -- set-policy KEY VALUE --data-dir DIR
      KEY is one of: ${POLICY_KEYS.join(', ')}
      VALUE is true/false; for the *Ms settings a duration, ${DURATION_HINT};
      for twoStepPolicy one of off, optional, admins, everyone;
      otherwise a whole number (characters or attempts).
  npm run gatehouse -- autostart on|off --data-dir DIR [--kiosk] [--exec PATH]
      Start Gatehouse when this OS user's session starts. On Linux this writes (or removes)
      the XDG autostart entry; PATH is the installed app (default: gatehouse, as the .deb
      installs it). On macOS and Windows the app registers its login item itself at its
      next start. --kiosk starts it in kiosk mode (also when the kioskMode setting is on).
  npm run gatehouse -- unlock USERNAME_OR_EMAIL --data-dir DIR
  npm run gatehouse -- reset-password USERNAME_OR_EMAIL --data-dir DIR
  npm run gatehouse -- reset-2fa USERNAME_OR_EMAIL --data-dir DIR
      (recovery for a locked-out administrator; run them while the app is stopped.
      reset-2fa turns two-step verification off for someone who lost their phone; they set it
      up again at their next sign-in)
  npm run gatehouse -- import FILE --data-dir DIR [--format csv|json] [--temporary-passwords OUT]
      Columns username,email,role,password_hash (role user or admin). Hashes: bcrypt ($2a$,
      $2b$, $2y$), werkzeug pbkdf2:sha256:N$salt$hash or scrypt:N:r:p$salt$hash, checked at the
      first sign-in and then re-hashed. An empty hash gets a one-time temporary password,
      written to OUT (created new, mode 0600). All rows or none.
  npm run gatehouse -- export --data-dir DIR [--format csv|json] [--with-hashes]
      Writes the accounts to standard output, without password hashes unless asked.
${DIRECTORY_USAGE}
  npm run gatehouse -- backup --to FILE --data-dir DIR
      A consistent copy of the whole store, to a new FILE (mode 0600).
  npm run gatehouse -- restore FILE --data-dir DIR
      Replaces the store with a backup; the current one is kept beside it
      (gatehouse.db.before-restore-TIME). Refuses a file that is not a Gatehouse store or
      comes from a newer Gatehouse.
  npm run gatehouse -- encryption-status --data-dir DIR
  npm run gatehouse -- enable-encryption --passphrase --data-dir DIR
      (reads the new passphrase from standard input; prints the recovery key once.
      OS-keyring mode is turned on in the app's Settings: only the app reaches the keyring)
  npm run gatehouse -- disable-encryption --data-dir DIR
  npm run gatehouse -- rotate-key --data-dir DIR      (prints the new recovery key once)
      An encrypted store asks for its passphrase or recovery key on standard input.
  Provisioning needs the app to be stopped: while it runs, the CLI exits 3.`;

export interface CliIo {
  stdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
  /** For tests; default process.platform and process.env (autostart only). */
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

/** A refusal as text; messages can quote what was typed, so control characters are escaped. */
function describe(error: AppError): string {
  const fields = Object.entries(error.fields ?? {}).map(([key, message]) => `  ${printable(key)}: ${printable(message)}`);
  return [printable(error.message), ...fields].join('\n');
}

/** Turns `KEY VALUE` into a policy change; durations need their unit (`15m`). */
export function parsePolicyArgument(key: string, value: string): Partial<PolicySettings> {
  const read = readPolicyValue(key, value);
  if (!read.ok) throw new UsageError(read.message);
  return read.change;
}

/** Standard input as lines, read once, handed out one per question. */
function stdinLines(io: CliIo): () => Promise<string> {
  let lines: Promise<string[]> | null = null;
  return async () => {
    lines ??= io.stdin().then((text) => text.split(/\r?\n/));
    return (await lines).shift() ?? '';
  };
}

/** Asks on stderr, answers from the next line of standard input. */
function secretAsker(io: CliIo, nextLine: () => Promise<string>): (question: SecretQuestion) => Promise<string> {
  return async (question) => {
    io.err(question.prompt);
    return nextLine();
  };
}

async function withCore<T>(dataDir: string, io: CliIo, run: (core: GatehouseHandle) => Promise<T>, nextLine = stdinLines(io)): Promise<T> {
  const askSecret = secretAsker(io, nextLine);
  const core = await openGatehouse({ dataDir, warn: (message) => io.err(message), encryption: { askSecret } });
  try {
    return await run(core);
  } finally {
    await core.close();
  }
}

/** The first `limit` bytes of a file (all of it when smaller): a mistaken 20 GB file or /dev/zero is never read whole. */
function readAtMost(file: string, limit: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let length = 0;
    for (let read = -1; read !== 0 && length < limit; length += read) read = readSync(fd, buffer, length, limit - length, null);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Issue 14: `import FILE` and `export`; the file's format from --format or its extension. */
async function runImportExport(
  command: 'import' | 'export',
  rest: string[],
  values: { format?: string | undefined; 'temporary-passwords'?: string | undefined; 'with-hashes'?: boolean | undefined },
  dataDir: string,
  io: CliIo,
): Promise<number> {
  const [file] = rest;
  if (command === 'import' && file === undefined) throw new UsageError('import needs a FILE.');
  const format = values.format ?? (file?.toLowerCase().endsWith('.json') ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format takes csv or json.');
  if (command === 'export') {
    return withCore(dataDir, io, async (core) => {
      io.out((await core.provisioning.exportAccounts({ format, withHashes: values['with-hashes'] === true })).replace(/\n$/, ''));
      // The columns have no place for "disabled", and an import makes every account it reads
      // active: said on standard error (the file is unchanged), so moving the list to another
      // machine does not quietly let back in the people disabled here.
      const disabled = core.provisioning.listUsers().filter((user) => !user.active).map((user) => printable(user.username));
      if (disabled.length > 0) {
        io.err(`Note: ${disabled.length} of these accounts ${disabled.length === 1 ? 'is' : 'are'} disabled here, and an import of this file makes ${disabled.length === 1 ? 'it' : 'them'} active: ${disabled.slice(0, 20).join(', ')}${disabled.length > 20 ? ', …' : ''}.`);
      }
      return EXIT.ok;
    });
  }
  let text: Uint8Array;
  try {
    text = readAtMost(file!, MAX_IMPORT_BYTES + 1); // the import refuses more than its limit: never read more
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  const temporaryPasswordsPath = values['temporary-passwords'];
  return withCore(dataDir, io, async (core) => {
    const result = await core.provisioning.importAccounts({ text, format, ...(temporaryPasswordsPath ? { temporaryPasswordsPath: resolve(temporaryPasswordsPath) } : {}) });
    if (!result.ok) {
      // One refused row a line, each escaped (the file's text is a stranger's).
      for (const line of result.error.message.split('\n')) io.err(printable(line));
      return EXIT.refused;
    }
    const { imported, withTemporaryPassword } = result.data;
    io.out(`Imported ${imported} account${imported === 1 ? '' : 's'}.${withTemporaryPassword > 0 ? ` ${withTemporaryPassword} temporary password${withTemporaryPassword === 1 ? '' : 's'} written to ${printable(resolve(temporaryPasswordsPath!))}.` : ''}`);
    return EXIT.ok;
  });
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        username: { type: 'string' },
        email: { type: 'string' },
        admin: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        kiosk: { type: 'boolean', default: false },
        exec: { type: 'string' },
        passphrase: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        format: { type: 'string' },
        'temporary-passwords': { type: 'string' },
        'with-hashes': { type: 'boolean', default: false },
        ...DIRECTORY_OPTIONS,
        to: { type: 'string' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(USAGE);
      return values.help ? EXIT.ok : EXIT.usage;
    }
    const dataDir = values['data-dir'] ?? process.env.GATEHOUSE_DATA_DIR;
    if (!dataDir) throw new UsageError('Pass --data-dir DIR (or set GATEHOUSE_DATA_DIR).');

    if (isDirectoryCommand(command)) {
      // Issue 16: the directory's commands live in their own module.
      return await withCore(dataDir, io, (core) => runDirectoryCommand(command, rest, values, () => Promise.resolve(core), io));
    }
    if (isEncryptionCommand(command)) {
      const nextLine = stdinLines(io);
      return await withCore(dataDir, io, (core) => encryptionCommand(command, core, io, { passphrase: values.passphrase, nextLine }), nextLine);
    }

    switch (command) {
      case 'create-user': {
        if (!values.username || !values.email) throw new UsageError('create-user needs --username and --email.');
        // One line, without its line ending: a password may contain spaces but not a newline.
        const nextLine = stdinLines(io);
        const password = await nextLine();
        if (password.length === 0) throw new UsageError('Type the password on standard input.');
        return await withCore(
          dataDir,
          io,
          async (core) => {
            const result = await core.provisioning.createUser({ username: values.username!, email: values.email!, password, admin: values.admin });
            if (!result.ok) {
              io.err(describe(result.error));
              return EXIT.refused;
            }
            io.out(`Created ${result.data.user.role} ${printable(result.data.user.username)} <${printable(result.data.user.email)}>.`);
            return EXIT.ok;
          },
          nextLine,
        );
      }
      case 'list-users':
        return await withCore(dataDir, io, async (core) => {
          const users = core.provisioning.listUsers();
          if (values.json) {
            io.out(JSON.stringify(users, null, 2));
          } else if (users.length === 0) {
            io.out('No accounts yet.');
          } else {
            for (const user of users) {
              const status = !user.active ? 'disabled' : user.lockedUntil ? `locked until ${user.lockedUntil}` : 'active';
              // Issue 16: 'directory' says why reset-password refuses this account.
              const notes = [...(user.mustChangePassword ? ['must change password'] : []), ...(user.fromDirectory ? ['directory'] : [])];
              io.out([printable(user.username), printable(user.email), user.role, status, ...notes].join('\t'));
            }
          }
          return EXIT.ok;
        });
      case 'set-policy': {
        const [key, value] = rest;
        if (key === undefined || value === undefined) throw new UsageError('set-policy needs KEY and VALUE.');
        const change = parsePolicyArgument(key, value);
        return await withCore(dataDir, io, async (core) => {
          const result = await core.provisioning.setPolicy(change);
          if (!result.ok) {
            io.err(describe(result.error));
            return EXIT.refused;
          }
          const setting = key as keyof PolicySettings;
          io.out(`${key} is now ${describePolicyValue(setting, core.provisioning.policy()[setting])}.`);
          return EXIT.ok;
        });
      }
      case 'autostart': {
        const [state] = rest;
        if (state !== 'on' && state !== 'off') throw new UsageError('autostart takes on or off.');
        const enabled = state === 'on';
        return await withCore(dataDir, io, async (core) => {
          const result = await core.provisioning.setPolicy({ startAtLogin: enabled });
          if (!result.ok) {
            io.err(describe(result.error));
            return EXIT.refused;
          }
          const platform = io.platform ?? process.platform;
          const env = io.env ?? process.env;
          if (platform !== 'linux') {
            io.out(
              `startAtLogin is now ${String(enabled)}. This command cannot set the ${platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform} login item ` +
                '(only the running app can, through Electron): Gatehouse does it the next time it starts.',
            );
            return EXIT.ok;
          }
          const kiosk = values.kiosk || core.provisioning.policy().kioskMode;
          const path = enabled
            ? writeAutostartEntry({ executable: values.exec ?? 'gatehouse', args: launchArgs({ kiosk, dataDir: resolve(dataDir) }) }, env)
            : removeAutostartEntry(env);
          io.out(enabled ? `Gatehouse will start at login${kiosk ? ' in kiosk mode' : ''}: wrote ${path}.` : `Gatehouse will not start at login: removed ${path}.`);
          return EXIT.ok;
        });
      }
      case 'unlock':
      case 'reset-password': {
        const [identifier] = rest;
        if (identifier === undefined) throw new UsageError(`${command} needs a USERNAME or EMAIL.`);
        return await withCore(dataDir, io, async (core) => {
          const result = command === 'unlock' ? await core.provisioning.unlockUser(identifier) : await core.provisioning.resetPassword(identifier);
          if (!result.ok) {
            io.err(describe(result.error));
            return EXIT.refused;
          }
          const name = printable(result.data.user.username);
          if ('temporaryPassword' in result.data) {
            io.out(`Temporary password for ${name}: ${result.data.temporaryPassword}`);
            io.out('It works once: Gatehouse asks for a new password at the next sign-in.');
          } else {
            io.out(`${name} is unlocked.`);
          }
          return EXIT.ok;
        });
      }
      case 'reset-2fa': {
        // Issue 13: a lost phone, with the app stopped.
        const [identifier] = rest;
        if (identifier === undefined) throw new UsageError('reset-2fa needs a USERNAME or EMAIL.');
        return await withCore(dataDir, io, async (core) => {
          const result = await core.provisioning.resetTwoStep(identifier);
          if (!result.ok) {
            io.err(describe(result.error));
            return EXIT.refused;
          }
          io.out(`Two-step verification is off for ${printable(result.data.user.username)}.`);
          io.out('They set it up again at their next sign-in.');
          return EXIT.ok;
        });
      }
      case 'backup': {
        if (!values.to) throw new UsageError('backup needs --to FILE.');
        const target = resolve(values.to);
        return await withCore(dataDir, io, async (core) => {
          try {
            await core.provisioning.backupTo(target);
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            io.err(`The backup could not be written to ${printable(target)} (${code === 'EEXIST' ? 'it already exists; backups never overwrite' : (code ?? 'error')}).`);
            return EXIT.refused;
          }
          io.out(`Backed up to ${printable(target)}.`);
          return EXIT.ok;
        });
      }
      case 'restore': {
        const [file] = rest;
        if (file === undefined) throw new UsageError('restore needs a FILE.');
        const from = resolve(file);
        const nextLine = stdinLines(io);
        let typed: string | null = null;
        const ask = secretAsker(io, nextLine);
        const outcome = await restoreStore({ dir: dataDir, from, now: Date.now(), askSecret: async (question) => (typed = await ask(question)) });
        // The restored store opens with the same secret (an encrypted backup): not asked twice.
        const again = async () => {
          const answer = typed;
          typed = null;
          return answer ?? nextLine();
        };
        await withCore(dataDir, io, (core) => core.provisioning.noteRestored({ from, keptAsideAt: outcome.keptAsideAt }), again);
        io.out(
          `Restored from ${printable(from)}${outcome.encrypted ? ' (encrypted, with the key it was made with)' : ''}.${outcome.keptAsideAt ? ` The store it replaced is kept at ${printable(outcome.keptAsideAt)}.` : ''}`,
        );
        return EXIT.ok;
      }
      case 'import':
      case 'export':
        return await runImportExport(command, rest, values, dataDir, io);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof StoreError) {
      io.err(error.message);
      return EXIT.store;
    }
    if (error instanceof UsageError || error instanceof DirectoryUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
}
