/**
 * `npm run gatehouse -- COMMAND …`: provisioning without the UI, for kiosk images.
 *
 *   create-user --data-dir DIR --username NAME --email EMAIL [--admin]   (password on stdin)
 *   list-users  --data-dir DIR [--json]
 *   set-policy  KEY VALUE --data-dir DIR
 *   unlock USERNAME_OR_EMAIL --data-dir DIR            (while the app is stopped)
 *   reset-password USERNAME_OR_EMAIL --data-dir DIR    (prints a one-time temporary password)
 *
 * Exit codes: 0 done; 1 refused (a rule said no: the message says which); 2 usage;
 * 3 the store could not be opened (locked by a running app, unreadable, …).
 */
import { parseArgs } from 'node:util';
import { printable } from './cli-text';
import { openGatehouse, StoreError, type GatehouseHandle } from './core';
import type { AppError } from '../shared/result';
import { BOOLEAN_SETTINGS, NUMBER_SETTINGS, UNIT_MS, type PolicySettings } from '../shared/policy-settings';

export const EXIT = { ok: 0, refused: 1, usage: 2, store: 3 } as const;

const USAGE = `Usage:
  npm run gatehouse -- create-user --data-dir DIR --username NAME --email EMAIL [--admin]
      (reads the password from standard input)
  npm run gatehouse -- list-users --data-dir DIR [--json]
  npm run gatehouse -- set-policy KEY VALUE --data-dir DIR
      KEY is one of: ${[...BOOLEAN_SETTINGS, ...NUMBER_SETTINGS].map((s) => s.key).join(', ')}
      VALUE is true/false, or a number in the unit the Settings screen shows
      (minutes, hours, days, characters or attempts).
  npm run gatehouse -- unlock USERNAME_OR_EMAIL --data-dir DIR
  npm run gatehouse -- reset-password USERNAME_OR_EMAIL --data-dir DIR
      (recovery for a locked-out administrator; run them while the app is stopped)`;

export interface CliIo {
  stdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
}

class UsageError extends Error {}

function describe(error: AppError): string {
  const fields = Object.entries(error.fields ?? {}).map(([key, message]) => `  ${key}: ${message}`);
  return [error.message, ...fields].join('\n');
}

/** Turns `KEY VALUE` into a policy change, in the unit the Settings screen uses. */
export function parsePolicyArgument(key: string, value: string): Partial<PolicySettings> {
  const flag = BOOLEAN_SETTINGS.find((setting) => setting.key === key);
  if (flag) {
    if (value !== 'true' && value !== 'false') throw new UsageError(`${key} takes true or false.`);
    return { [flag.key]: value === 'true' };
  }
  const number = NUMBER_SETTINGS.find((setting) => setting.key === key);
  if (!number) throw new UsageError(`Unknown setting "${key}".`);
  const amount = Number(value);
  if (value.trim() === '' || !Number.isFinite(amount)) throw new UsageError(`${key} takes a number of ${number.unit}.`);
  return { [number.key]: amount * UNIT_MS[number.unit] };
}

async function withCore<T>(dataDir: string, io: CliIo, run: (core: GatehouseHandle) => Promise<T>): Promise<T> {
  const core = await openGatehouse({ dataDir, warn: (message) => io.err(message) });
  try {
    return await run(core);
  } finally {
    await core.close();
  }
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
        help: { type: 'boolean', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(USAGE);
      return values.help ? EXIT.ok : EXIT.usage;
    }
    const dataDir = values['data-dir'] ?? process.env.GATEHOUSE_DATA_DIR;
    if (!dataDir) throw new UsageError('Pass --data-dir DIR (or set GATEHOUSE_DATA_DIR).');

    switch (command) {
      case 'create-user': {
        if (!values.username || !values.email) throw new UsageError('create-user needs --username and --email.');
        // One line, without its line ending: a password may contain spaces but not a newline.
        const password = (await io.stdin()).split(/\r?\n/)[0] ?? '';
        if (password.length === 0) throw new UsageError('Type the password on standard input.');
        return await withCore(dataDir, io, async (core) => {
          const result = await core.provisioning.createUser({ username: values.username!, email: values.email!, password, admin: values.admin });
          if (!result.ok) {
            io.err(describe(result.error));
            return EXIT.refused;
          }
          io.out(`Created ${result.data.user.role} ${printable(result.data.user.username)} <${printable(result.data.user.email)}>.`);
          return EXIT.ok;
        });
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
              io.out(`${printable(user.username)}\t${printable(user.email)}\t${user.role}\t${status}${user.mustChangePassword ? '\tmust change password' : ''}`);
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
          io.out(`${key} is now ${String(value)}.`);
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
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof StoreError) {
      io.err(error.message);
      return EXIT.store;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
}
