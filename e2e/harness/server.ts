/**
 * The browser harness: serves the production renderer build and connects its window.gatehouse
 * to the real core over HTTP on loopback. For tests and development only; it is not part of
 * the app and is never packaged.
 *
 *   npm run harness -- --data-dir DIR [--port PORT] [--kiosk] [--policy JSON] [--test-clock]
 *
 * --kiosk asks for kiosk mode as the app's --kiosk does (the core's kiosk policy defaults apply).
 * --policy takes the policy as people write it: durations with a unit, e.g.
 *   '{"idleTimeoutMs":"2m","selfRegistration":false}'  (src/shared/policy-input.ts reads it).
 *
 * Encryption at rest: the OS keyring is stood in for by a test key file (fileKeyStorage), by
 * default `DIR.test-keyring` beside the data folder, or --test-keyring FILE. Tests only: a key
 * file protects nothing, which is why the app never uses one and Settings says "test key file".
 *
 * Prints `HARNESS_READY http://127.0.0.1:PORT/` once it can be used; stops cleanly on SIGTERM.
 */
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { fileKeyStorage, startGatehouse, type GatehouseHandle, type RememberStore } from '../../src/main/core';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { readPolicyObject } from '../../src/shared/policy-input';
import { bridgeOut, ensureBridgeBuild, ensureRendererBuild, rendererOut } from './build';

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The harness's stand-in for the shell's electron-store settings (the remember-me token, kept
 * with safeStorage there, and the remembered username): a small file in the data folder.
 */
function fileStore(path: string): RememberStore {
  return {
    load() {
      try {
        const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
        return typeof value === 'string' ? value : null;
      } catch {
        return null;
      }
    },
    save(token) {
      if (token === null) rmSync(path, { force: true });
      else writeFileSync(path, JSON.stringify(token), { mode: 0o600 });
    },
  };
}

function send(response: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** index.html with the bridge loaded first, as the preload runs before the page in Electron. */
function indexHtml(): string {
  const html = readFileSync(join(rendererOut, 'index.html'), 'utf8');
  const tag = '<script src="./__harness/bridge.js"></script>';
  return html.includes('<script') ? html.replace('<script', `${tag}\n    <script`) : html.replace('</head>', `${tag}</head>`);
}

function staticFile(urlPath: string): { body: Buffer; type: string } | null {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const full = join(rendererOut, relative);
  if (!full.startsWith(rendererOut + sep)) return null;
  try {
    return { body: readFileSync(full), type: TYPES[extname(full)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'test-clock': { type: 'boolean', default: false },
      kiosk: { type: 'boolean', default: false },
      policy: { type: 'string' },
      // Issue 14: stands in for the shell's folder dialog behind "Back up now".
      'backup-dir': { type: 'string' },
      'test-keyring': { type: 'string' },
    },
  });
  const dataDir = values['data-dir'] ?? process.env.GATEHOUSE_DATA_DIR;
  if (!dataDir) throw new Error('harness: pass --data-dir DIR (or set GATEHOUSE_DATA_DIR).');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('harness: --port must be 0–65535.');

  const policy = values.policy === undefined ? null : readPolicyObject(values.policy);
  if (policy && !policy.ok) throw new Error(`harness: --policy ${policy.message}`);

  ensureRendererBuild();
  await ensureBridgeBuild();

  // With --test-clock, tests move time forward (session expiry, lockout) through /__harness/clock.
  let offsetMs = 0;
  // As the app does: behind the unlock gate, so a store in passphrase mode (or one whose test
  // keyring lost its key) is unlocked on the page's own unlock screen.
  const starting = startGatehouse({
    dataDir,
    clock: () => Date.now() + offsetMs,
    rememberStore: fileStore(join(dataDir, 'harness-remember.json')),
    usernameStore: fileStore(join(dataDir, 'harness-username.json')),
    // As the app does with --kiosk: only ever switches kiosk on; GATEHOUSE_KIOSK=1 still works.
    ...(values.kiosk ? { kiosk: true } : {}),
    ...(policy ? { policy: policy.change } : {}),
    ...(values['backup-dir'] ? { chooseBackupFolder: async () => values['backup-dir']! } : {}),
    encryption: { keyStorage: fileKeyStorage(values['test-keyring'] ?? `${resolve(dataDir)}.test-keyring`) },
  });
  // Open, or waiting for its secret; a store that cannot open stops the harness, as before.
  await starting.settled;
  let core: GatehouseHandle | null = null;
  void starting.opened.then((opened) => (core = opened), () => undefined);

  let origin = '';
  const server = createServer((request, response) => {
    void handle(request, response).catch(() => send(response, 500, 'harness error'));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Only the loopback address we bound: a page on another host (DNS rebinding) is refused.
    if (`http://${request.headers.host ?? ''}` !== origin) return send(response, 421, 'wrong host');
    const url = new URL(request.url ?? '/', origin);

    if (url.pathname === '/__harness/ipc') {
      if (request.method !== 'POST') return send(response, 405, 'POST only');
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, 'JSON only');
      const body = await readBody(request);
      if (body === null) return send(response, 413, 'too large');
      let message: { channel?: unknown; payload?: unknown };
      try {
        message = JSON.parse(body) as typeof message;
      } catch {
        return send(response, 400, 'bad JSON');
      }
      // The shell checks the sender frame's URL; here the browser's Origin header plays that part.
      const caller = {
        windowId: Number(request.headers['x-gatehouse-window']),
        fromAppPage: request.headers.origin === origin,
      };
      const result = await starting.invoke(message?.channel, message?.payload, caller);
      return send(response, 200, JSON.stringify(result), 'application/json');
    }
    if (url.pathname === '/__harness/session-state') {
      // The harness's stand-in for the shell's session clock: the page polls, and each poll is
      // one tick of the core for that window, so the same pushed states reach the same code.
      if (request.method !== 'POST') return send(response, 405, 'POST only');
      if (request.headers.origin !== origin) return send(response, 403, 'not the app page');
      const windowId = Number(request.headers['x-gatehouse-window']);
      if (!Number.isSafeInteger(windowId)) return send(response, 400, 'window id');
      // Before the store is unlocked nobody can be signed in.
      const state = (core ? (await core.tick([windowId])).get(windowId) : null) ?? { status: 'signed-out' };
      return send(response, 200, JSON.stringify(state), 'application/json');
    }
    if (url.pathname === '/__harness/clock' && values['test-clock']) {
      if (request.method !== 'POST') return send(response, 405, 'POST only');
      const { advanceMs } = JSON.parse((await readBody(request)) ?? '{}') as { advanceMs?: unknown };
      if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) return send(response, 400, 'advanceMs');
      offsetMs += advanceMs;
      return send(response, 200, JSON.stringify({ offsetMs }), 'application/json');
    }
    if (url.pathname === '/__harness/system-lock' && values['test-clock']) {
      // Stands in for the shell's powerMonitor (the OS locked the screen or slept), for tests.
      if (request.method !== 'POST') return send(response, 405, 'POST only');
      const { windowId } = JSON.parse((await readBody(request)) ?? '{}') as { windowId?: unknown };
      if (typeof windowId !== 'number' || !Number.isSafeInteger(windowId)) return send(response, 400, 'windowId');
      await core?.lockWindowSession(windowId);
      return send(response, 200, '{}', 'application/json');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'GET only');
    if (url.pathname === '/__harness/bridge.js') return send(response, 200, readFileSync(bridgeOut), TYPES['.js']);
    if (url.pathname === '/' || url.pathname === '/index.html') return send(response, 200, indexHtml(), TYPES['.html']);
    const file = staticFile(url.pathname);
    return file ? send(response, 200, file.body, file.type) : send(response, 404, 'not found');
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('harness: no address');
  origin = `http://127.0.0.1:${address.port}`;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    starting.giveUp();
    await (await starting.opened.catch(() => null))?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  console.log(`HARNESS_READY ${origin}/`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
