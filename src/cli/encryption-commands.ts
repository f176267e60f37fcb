/**
 * The CLI's encryption commands (issue 12): encryption-status, enable-encryption [--passphrase],
 * disable-encryption, rotate-key. Each goes through the core's provisioning, which audits it
 * like the Settings screen does. The recovery key is printed once, to standard output, and
 * nowhere else.
 */
import type { GatehouseHandle } from '../main/core';
import type { EncryptionStatus } from '../shared/encryption';
import { printable } from './cli-text';

const COMMANDS = ['encryption-status', 'enable-encryption', 'disable-encryption', 'rotate-key'] as const;
type EncryptionCommand = (typeof COMMANDS)[number];

export function isEncryptionCommand(command: string): command is EncryptionCommand {
  return (COMMANDS as readonly string[]).includes(command);
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export function describeEncryption(status: EncryptionStatus): string[] {
  if (!status.on) return ['Encryption at rest: OFF.', status.warning ?? ''];
  const by = status.protection === 'passphrase' ? 'a passphrase (asked at every start)' : status.protection === 'test-file' ? 'the TEST key file (tests only)' : 'the OS keyring';
  return [`Encryption at rest: ON, key ${status.keyId} (made ${status.keyCreatedAt}), protected by ${by}.`];
}

function printRecoveryKey(io: Io, recoveryKey: string): void {
  io.out('');
  io.out(`Recovery key: ${recoveryKey}`);
  io.out('Write it down and keep it away from this machine. It is shown only this once; with it the store opens');
  io.out('on another machine, from the command line, or after the OS keyring was reset. Without it and without');
  io.out('the keyring (or passphrase), the data cannot be recovered.');
}

/** Runs one command on an open core; the answer is an exit code (0 done, 1 refused). */
export async function encryptionCommand(
  command: EncryptionCommand,
  core: GatehouseHandle,
  io: Io,
  options: { passphrase: boolean; nextLine: () => Promise<string> },
): Promise<number> {
  if (command === 'encryption-status') {
    for (const line of describeEncryption(await core.provisioning.encryptionStatus())) io.out(line);
    return 0;
  }
  let change;
  if (command === 'enable-encryption') {
    if (!options.passphrase) {
      io.err(
        'The command line cannot reach the OS keyring (that is Electron safeStorage, in the app). Turn OS-keyring encryption on in the app (Settings, Encryption), or use --passphrase here.',
      );
      return 1;
    }
    io.err('New passphrase (at least 12 characters):');
    const passphrase = await options.nextLine();
    change = await core.provisioning.changeEncryption({ action: 'enable', mode: 'passphrase', passphrase });
  } else {
    change = await core.provisioning.changeEncryption({ action: command === 'rotate-key' ? 'rotate' : 'disable' });
  }
  if (!change.ok) {
    io.err(printable(change.error.message));
    return 1;
  }
  for (const line of describeEncryption(change.data.status)) io.out(line);
  if (change.data.recoveryKey) printRecoveryKey(io, change.data.recoveryKey);
  if (command === 'enable-encryption') {
    io.err('Note: passphrase mode asks at every start. The app shows its unlock screen and waits, so it cannot start unattended (a kiosk that autostarts needs someone there).');
  }
  return 0;
}
