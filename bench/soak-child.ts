/**
 * The soak's victim: writes rows through the store as fast as it can until it is killed, and
 * prints `ACK <key>` only after `persist()` resolved, i.e. once the store promised the row is on
 * disk. A small checkpoint threshold (set by the parent) makes checkpoints frequent, so kills
 * also land while the worker writes a snapshot.
 *
 *   node --import tsx bench/soak-child.ts <dataDir> <prefix>
 */
import { openStore } from '../src/main/core/store/database';
import { soakSealing } from './soak-sealing';

const [dir, prefix] = process.argv.slice(2);
if (!dir || !prefix) {
  console.error('usage: soak-child.ts <dataDir> <prefix>');
  process.exit(2);
}
const say = (line: string) => process.stdout.write(`${line}\n`);
const padding = 'p'.repeat(400); // rows of a realistic size, so the snapshot takes a moment to write

const store = await openStore({ dir, now: Date.now(), sealing: soakSealing(process.env.GATEHOUSE_SOAK_SEALING ?? '') });
say('READY');
for (let i = 0; ; i++) {
  const key = `${prefix}-${i}`;
  // Some single statements, some transactions of several, as the core does.
  if (i % 4 === 0) {
    store.transaction(() => {
      store.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, padding]);
      store.run('INSERT INTO audit_log (at, event, identifier) VALUES (?, ?, ?)', [i, 'soak', key]);
    });
  } else {
    store.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, padding]);
  }
  await store.persist();
  say(`ACK ${key}`);
}
