#!/usr/bin/env node
/**
 * Electron security scan: runs Electronegativity (@doyensec/electronegativity) over the app's
 * source (src/: main, preload, renderer, and the shared/core code they load) and fails unless
 * every finding is listed as accepted, with a reason, in SECURITY.md.
 *
 *   node scripts/security-scan.mjs            exit 0: nothing unexplained; exit 1: something is
 *   node scripts/security-scan.mjs --root=DIR  scan another checkout (used to check the scan itself)
 *
 * Offline by design. Electronegativity fetches two things over the network: fresh translations
 * of its messages (it falls back to the bundled English ones) and the list of Electron releases
 * for AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK. The scan replaces its HTTP client with one that
 * fails at once, and leaves that one check out: whether the pinned Electron is the newest patch
 * is a question for `npm outdated` / `npm audit`, not for a source scan (see SECURITY.md).
 *
 * index.html holds a placeholder where its CSP meta tag's policy goes (the build injects the one
 * policy from src/shared/csp.ts). The scan reads a copy of src/ with the policy filled in, so the
 * evaluator judges the real policy, not the placeholder.
 *
 * Accepted findings live in SECURITY.md under the heading "Accepted scan findings", one table
 * row each: | `CHECK_ID` | `path/relative/to/src` (or `*`) | reason |. Line numbers are left out
 * on purpose so an accepted finding stays accepted when code moves; the reason must be a real
 * sentence (20 characters or more).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project to scan: this one, or another root holding src/ and SECURITY.md (--root=DIR). */
const ROOT = resolve(
  process.argv.find((arg) => arg.startsWith('--root='))?.slice('--root='.length) ??
    join(dirname(fileURLToPath(import.meta.url)), '..'),
);
const SOURCE_ROOT = join(ROOT, 'src');
const SECURITY_MD = join(ROOT, 'SECURITY.md');
/** Needs the network (the Electron release list); see the header. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const require = createRequire(import.meta.url);
const engEntry = require.resolve('@doyensec/electronegativity');

/** Every `require('got')` inside Electronegativity gets a client that is offline, instantly. */
function stubHttpClient() {
  const engRequire = createRequire(engEntry);
  const offline = () => Promise.reject(new Error('security-scan runs offline'));
  for (const from of [engEntry, join(dirname(engEntry), 'locales/i18n.js')]) {
    const gotPath = createRequire(from).resolve('got');
    const stub = new Module(gotPath);
    stub.filename = gotPath;
    stub.loaded = true;
    stub.exports = offline;
    require.cache[gotPath] = stub;
  }
  return engRequire;
}

/** The Electron version the app is built against, so checks judge today's defaults, not 0.1.0's. */
function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
  } catch {
    const range = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies?.electron ?? '';
    return range.replace(/^[^\d]*/, '') || undefined;
  }
}

/** Rows of the "Accepted scan findings" table in SECURITY.md. */
function acceptedFindings() {
  let text;
  try {
    text = readFileSync(SECURITY_MD, 'utf8');
  } catch {
    return [];
  }
  const start = text.search(/^#+\s*Accepted scan findings/im);
  if (start < 0) return [];
  const section = text.slice(start).split(/\n#+\s/)[0];
  const rows = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 5) continue;
    const [, check, file, reason] = cells;
    const id = /^`([A-Z0-9_]+)`$/.exec(check)?.[1];
    const path = /^`([^`]+)`$/.exec(file)?.[1];
    if (!id || !path) continue;
    rows.push({ id, file: path, reason, used: 0 });
  }
  return rows;
}

/** A copy of src/ with index.html's CSP placeholder replaced by the policy the build injects. */
async function sourceWithCsp(dir) {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  const { CONTENT_SECURITY_POLICY, CSP_PLACEHOLDER } = await import(join(SOURCE_ROOT, 'shared/csp.ts'));
  await unregister();
  const copy = join(dir, 'src');
  cpSync(SOURCE_ROOT, copy, { recursive: true });
  const indexHtml = join(copy, 'renderer/index.html');
  writeFileSync(indexHtml, readFileSync(indexHtml, 'utf8').replaceAll(CSP_PLACEHOLDER, CONTENT_SECURITY_POLICY));
  return copy;
}

let SCAN_ROOT = SOURCE_ROOT;

async function main() {
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-scan-'));
  try {
    SCAN_ROOT = await sourceWithCsp(scratch);
    await scan(started);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function scan(started) {
  stubHttpClient();
  // Electronegativity logs progress and "could not fetch" notes through console.log; keep the
  // scan's own output to the findings.
  const log = console.log;
  const chatter = [];
  console.log = (...args) => chatter.push(args.join(' '));
  let result;
  try {
    const run = require(engEntry);
    result = await run({
      input: SCAN_ROOT,
      isRelative: true,
      electronVersionOverride: electronVersion(),
      excludeFromScan: EXCLUDED_CHECKS,
      parserPlugins: [],
    });
  } finally {
    console.log = log;
  }

  const parseErrors = result.errors.filter((error) => !error.tolerable);
  const accepted = acceptedFindings();
  const findings = result.issues.map((issue) => ({
    id: issue.id,
    file: issue.file ? relative(SCAN_ROOT, resolve(SCAN_ROOT, issue.file)) : '*',
    line: issue.location ? `${issue.location.line}:${issue.location.column}` : '',
    severity: issue.severity?.name ?? '?',
    confidence: issue.confidence?.name ?? '?',
    description: issue.description ?? '',
    sample: (issue.sample ?? '').replace(/\s+/g, ' ').slice(0, 100),
  }));

  let unexplained = 0;
  for (const finding of findings) {
    const match = accepted.find(
      (row) => row.id === finding.id && (row.file === '*' || row.file === finding.file) && row.reason.length >= 20,
    );
    if (match) match.used++;
    else unexplained++;
    const where = finding.file === '*' || finding.file === '' ? '(global)' : `src/${finding.file}${finding.line ? `:${finding.line}` : ''}`;
    console.log(
      `${match ? 'accepted   ' : 'UNEXPLAINED'} ${finding.id} ${where} [${finding.severity}/${finding.confidence}] ${finding.description}` +
        (finding.sample ? `\n            ${finding.sample}` : '') +
        (match ? `\n            reason: ${match.reason}` : ''),
    );
  }
  for (const error of parseErrors) {
    console.log(`UNEXPLAINED parse error in src/${relative(SCAN_ROOT, resolve(SCAN_ROOT, error.file))}: ${error.message}`);
    unexplained++;
  }
  for (const row of accepted.filter((r) => r.used === 0)) {
    console.log(`note: SECURITY.md accepts ${row.id} in ${row.file}, which the scan no longer reports; remove the row.`);
  }
  if (process.env.SECURITY_SCAN_VERBOSE) for (const line of chatter) console.log(`electronegativity: ${line}`);

  const acceptedCount = findings.length + parseErrors.length - unexplained;
  console.log(
    `security scan: ${findings.length + parseErrors.length} findings, ${acceptedCount} accepted, ${unexplained} unexplained` +
      ` (${result.globalChecks} global + ${result.atomicChecks} atomic checks, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  process.exitCode = unexplained === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`security scan failed to run: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
