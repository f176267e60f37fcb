#!/usr/bin/env node
// npm run gatehouse -- COMMAND …: the provisioning CLI (src/cli/gatehouse.ts), run through tsx
// because Node 20 cannot strip TypeScript types itself.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/gatehouse.ts');

async function readStdin() {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
    if (Buffer.concat(chunks).includes(10)) break; // one line is all we read
  }
  return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: readStdin,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
