/**
 * The provisioning CLI as a program: arguments, one line of standard input for the commands
 * that ask for a password or passphrase, and the exit code (src/cli/gatehouse.ts says which).
 * `npm run gatehouse` runs it through tsx (scripts/gatehouse-cli.mjs); the browser suite runs it
 * bundled (e2e/harness/build-server.ts).
 */
import { runCli } from './gatehouse';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break; // one line is all we read
  }
  return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: readStdin,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
