/**
 * The victim of the encryption crash test: registers an account, then turns encryption on,
 * rotates the key, turns it off, and again, until it is killed.
 *
 *   node <bundle of this file> <dataDir> <keyringFile> <prefix>   (crash-toggle.test.ts bundles it)
 *
 * Prints `REGISTERED {"username"}` only after `invoke` resolved with success (durable by the
 * core's promise), and `STEP <action>` after each encryption change returned.
 */
import { fileKeyStorage, openGatehouse } from '../../src/main/core';

const [dataDir, keyringFile, prefix] = process.argv.slice(2);
if (!dataDir || !keyringFile || !prefix) {
  console.error('usage: crash-toggle-child.ts <dataDir> <keyringFile> <prefix>');
  process.exit(2);
}
const say = (line: string) => process.stdout.write(`${line}\n`);

const core = await openGatehouse({ dataDir, bcryptCost: 4, warn: (message) => console.error(message), encryption: { keyStorage: fileKeyStorage(keyringFile) } });
say('READY');
for (let i = 0; ; i++) {
  const username = `${prefix}-${i}`;
  const password = `staple horse ${prefix} ${i}`;
  const result = await core.invoke('auth:register', { username, email: `${username}@crash.example`, password, confirmPassword: password }, { windowId: 1_000 + i, fromAppPage: true });
  if (result.ok) say(`REGISTERED ${JSON.stringify({ username })}`);
  const on = (await core.provisioning.encryptionStatus()).on;
  const action = !on ? 'enable' : i % 2 === 0 ? 'rotate' : 'disable';
  const change = await core.provisioning.changeEncryption(action === 'enable' ? { action, mode: 'os-keyring' } : { action });
  say(change.ok ? `STEP ${action}` : `REFUSED ${change.error.message}`);
}
