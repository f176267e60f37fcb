/**
 * Runs one test suite as a child process and turns its outcome into counts
 * ({ passed, failed, skipped, note }). Shared by scripts/test.mjs and scripts/test-electron.mjs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** A hung suite must not hang CI: it is killed and counted as failed after this long. */
const SUITE_TIMEOUT_MS = Number(process.env.GATEHOUSE_SUITE_TIMEOUT_MS ?? 30 * 60 * 1000);

export const bin = {
  tsc: join(repoRoot, 'node_modules/typescript/bin/tsc'),
  eslint: join(repoRoot, 'node_modules/eslint/bin/eslint.js'),
  vitest: join(repoRoot, 'node_modules/vitest/vitest.mjs'),
  playwright: join(repoRoot, 'node_modules/@playwright/test/cli.js'),
  electronVite: join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'),
};

export function counts(passed, failed, skipped, note = '') {
  return { passed, failed, skipped, note };
}

/**
 * Runs `command args` in the repo root with output shown as it comes. Never reads stdin.
 * Resolves to the exit code (1 when it could not start, timed out or died from a signal).
 */
export function run(command, args, { env = {} } = {}) {
  return new Promise((resolve) => {
    // Own process group, so a timeout can stop the suite and everything it started.
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
      detached: process.platform !== 'win32',
    });
    const timer = setTimeout(() => {
      console.error(`\n${[command, ...args].join(' ')} ran longer than ${SUITE_TIMEOUT_MS / 1000}s and was stopped.`);
      try {
        process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, SUITE_TIMEOUT_MS);
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

/** Runs `node script args`. */
export function runNode(script, args, options) {
  return run(process.execPath, [script, ...args], options);
}

/** A check that either passes or fails as a whole (typecheck, lint). */
export async function runCheck(script, args) {
  const code = await runNode(script, args);
  return code === 0 ? counts(1, 0, 0) : counts(0, 1, 0, `exit code ${code}`);
}

export function withTempDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  return Promise.resolve(fn(dir)).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  } catch {
    return null;
  }
}

/** A run that failed before reporting any failure still counts as one failure. */
function atLeastOneFailure(result, code) {
  if (code !== 0 && result.failed === 0) {
    return counts(result.passed, 1, result.skipped, `exit code ${code} without a failing test (see output above)`);
  }
  return result;
}

/** vitest run, counted from its JSON report. */
export function runVitest() {
  return withTempDir(async (dir) => {
    const report = join(dir, 'vitest.json');
    const code = await runNode(bin.vitest, ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
    const json = readJson(report);
    if (!json) return counts(0, 1, 0, `no report (exit code ${code})`);
    return atLeastOneFailure(
      counts(json.numPassedTests ?? 0, json.numFailedTests ?? 0, (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0)),
      code,
    );
  });
}

/** A Playwright suite, counted from its JSON report (flaky tests passed on a retry). */
export function runPlaywright(config, { env = {}, wrapper = [] } = {}) {
  return withTempDir(async (dir) => {
    const report = join(dir, 'playwright.json');
    const [command = process.execPath, ...wrapperArgs] = wrapper.length > 0 ? [...wrapper, process.execPath] : [];
    const code = await run(command, [...wrapperArgs, bin.playwright, 'test', '--config', config, '--reporter=list,json'], {
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: report, PW_TEST_HTML_REPORT_OPEN: 'never' },
    });
    const stats = readJson(report)?.stats;
    if (!stats) return counts(0, 1, 0, `no report (exit code ${code})`);
    const result = counts((stats.expected ?? 0) + (stats.flaky ?? 0), stats.unexpected ?? 0, stats.skipped ?? 0);
    if (stats.flaky) result.note = `${stats.flaky} flaky (passed on retry)`;
    return atLeastOneFailure(result, code);
  });
}

/** The absolute path of `name` on PATH, or null. */
export function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}
