/**
 * The victim of the crash test: registers and signs in users in a loop until it is killed.
 *
 *   node <bundle of this file> <dataDir> <prefix>   (crash.test.ts bundles it; tsx runs it too)
 *
 * It prints `READY` once the store is open, then one line `REGISTERED {"username","password"}`
 * per registration, and only AFTER `invoke` resolved with success: a reported account is one the
 * core promised was durable. Writes to a pipe are synchronous on Linux, so a line that reached the
 * parent was printed after the promise; a line lost to the kill simply reports less, never more.
 */
import { openGatehouse } from '../../src/main/core';

const [dataDir, prefix] = process.argv.slice(2);
if (!dataDir || !prefix) {
  console.error('usage: crash-child.ts <dataDir> <prefix>');
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const caller = (windowId: number) => ({ windowId, fromAppPage: true });

const core = await openGatehouse({ dataDir, bcryptCost: 4, warn: (message) => console.error(message) });
say('READY');

const registered: { username: string; password: string }[] = [];
for (let i = 0; ; i++) {
  const username = `${prefix}-${i}`;
  const password = `staple horse ${prefix} ${i}`;
  const result = await core.invoke(
    'auth:register',
    { username, email: `${username}@crash.example`, password, confirmPassword: password },
    // Each from its own window: registrations per window are throttled (issue 10 §3).
    caller(1_000 + i),
  );
  if (result.ok) {
    registered.push({ username, password });
    say(`REGISTERED ${JSON.stringify({ username, password })}`);
  } else {
    say(`REFUSED ${result.error.code}`);
  }
  // Sign in as someone registered earlier in this run, in another window; and fail once against
  // an identifier nobody owns, so the throttle table changes too (real users are never failed
  // against: their lockout would make the parent's check ambiguous).
  const earlier = registered[(i * 7) % registered.length];
  if (earlier) {
    const login = await core.invoke('auth:login', { identifier: earlier.username, password: earlier.password }, caller(2));
    say(login.ok ? `SIGNED_IN ${earlier.username}` : `SIGN_IN_FAILED ${login.error.code}`);
    await core.invoke('auth:logout', {}, caller(2));
  }
  if (i % 3 === 0) await core.invoke('auth:login', { identifier: `nobody-${prefix}`, password: 'not a password' }, caller(3));
}
