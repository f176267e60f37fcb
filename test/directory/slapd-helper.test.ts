/** The test directory itself: it starts, serves the seed, and stops by its pid. */
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE_DN, personDn, SLAPD_MISSING, startSlapd, type Slapd } from '../support/slapd';

describe.skipIf(SLAPD_MISSING)('the test slapd', () => {
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd();
  });
  afterAll(async () => {
    await slapd?.destroy();
  });

  it('serves the seeded people, lets them bind, and stops by its pid', async () => {
    const client = new Client({ url: slapd.url });
    try {
      await client.bind(personDn('grace'), 'grace directory password');
      const { searchEntries } = await client.search(PEOPLE_DN, { filter: '(uid=*)', attributes: ['uid'] });
      expect(searchEntries.map((entry) => entry.uid).sort()).toEqual(['ada', 'fixed', 'grace', 'linus', 'shared']);
    } finally {
      await client.unbind();
    }
    const pid = slapd.pid;
    await slapd.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    await slapd.start();
    const again = new Client({ url: slapd.url });
    await again.bind(personDn('ada'), 'ada directory password');
    await again.unbind();
  });
});

describe.skipIf(SLAPD_MISSING)('the test slapd with a test CA', () => {
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd({ tls: true });
  });
  afterAll(async () => {
    await slapd?.destroy();
  });

  it('serves ldaps:// and StartTLS with a certificate from its own CA', async () => {
    const ca = readFileSync(slapd.caFile!);
    const secure = new Client({ url: slapd.ldapsUrl!, tlsOptions: { ca } });
    await secure.bind(personDn('grace'), 'grace directory password');
    await secure.unbind();
    const upgraded = new Client({ url: slapd.url });
    await upgraded.startTLS({ ca, servername: '127.0.0.1' });
    await upgraded.bind(personDn('grace'), 'grace directory password');
    await upgraded.unbind();
  });
});
