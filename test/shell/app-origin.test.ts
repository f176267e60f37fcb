import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAppOrigin } from '../../src/main/app-origin';
import { resolveAppFiles } from '../../src/main/paths';

// A path with a space and a '#', which must be percent-encoded in the URL.
const files = resolveAppFiles(join(resolve('/opt/Gate house #1'), 'out', 'main'));
const appPage = pathToFileURL(files.rendererHtml).href;

describe('the app page (built files)', () => {
  const origin = createAppOrigin(files, null);

  it('is index.html of the build, with any hash route', () => {
    expect(origin.pageUrl('/login')).toBe(`${appPage}#/login`);
    expect(origin.isAppUrl(appPage)).toBe(true);
    expect(origin.isAppUrl(origin.pageUrl('/dashboard'))).toBe(true);
  });

  it('is not another file, a query string variant, a remote page or nothing', () => {
    expect(origin.isAppUrl(`${appPage}?evil=1`)).toBe(false);
    expect(origin.isAppUrl(pathToFileURL(join(files.rendererDir, 'other.html')).href)).toBe(false);
    expect(origin.isAppUrl(origin.recoveryUrl)).toBe(false);
    expect(origin.isAppUrl('file:///etc/passwd')).toBe(false);
    expect(origin.isAppUrl('https://evil.example/index.html')).toBe(false);
    expect(origin.isAppUrl(`file://otherhost${new URL(appPage).pathname}`)).toBe(false);
    expect(origin.isAppUrl('')).toBe(false);
    expect(origin.isAppUrl(undefined)).toBe(false);
    expect(origin.isAppUrl(null)).toBe(false);
    expect(origin.isAppUrl('not a url')).toBe(false);
  });

  it('allows requests for the build and the shipped resources only', () => {
    expect(origin.isAllowedRequest(pathToFileURL(join(files.rendererDir, 'assets', 'app.css')).href)).toBe(true);
    expect(origin.isAllowedRequest(pathToFileURL(join(files.resourcesDir, 'recovery.css')).href)).toBe(true);
    expect(origin.isAllowedRequest(pathToFileURL(`${files.rendererDir}-evil/x.js`).href)).toBe(false);
    expect(origin.isAllowedRequest(pathToFileURL(join(files.rendererDir, '..', 'main', 'index.js')).href)).toBe(false);
    expect(origin.isAllowedRequest('http://localhost:5173/')).toBe(false);
    expect(origin.isAllowedRequest('data:text/html,<script>alert(1)</script>')).toBe(false);
    expect(origin.isAllowedRequest('https://chrome-devtools-frontend.appspot.com/serve_file/x')).toBe(false);
  });

  it("allows Chromium's devtools frontend, which webPreferences keeps closed where it is not allowed", () => {
    expect(origin.isAllowedRequest('devtools://devtools/bundled/devtools_app.html')).toBe(true);
  });
});

describe('the app page (dev server)', () => {
  const origin = createAppOrigin(files, new URL('http://localhost:5173/'));

  it('is the dev server origin', () => {
    expect(origin.pageUrl('/login')).toBe('http://localhost:5173/#/login');
    expect(origin.isAppUrl('http://localhost:5173/#/register')).toBe(true);
    expect(origin.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(origin.isAppUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(origin.isAppUrl(appPage)).toBe(false);
  });

  it('allows the dev server and its hot-reload socket', () => {
    expect(origin.isAllowedRequest('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(origin.isAllowedRequest('ws://localhost:5173/')).toBe(true);
    expect(origin.isAllowedRequest('ws://localhost:9999/')).toBe(false);
    expect(origin.isAllowedRequest('https://localhost:5173/')).toBe(false);
  });
});

describe('blob URLs (the audit CSV download)', () => {
  it('accepts blobs the built page made, and no others', () => {
    const origin = createAppOrigin(files, null);
    expect(origin.isAppBlobUrl('blob:file:///0b6c7f1e-4d2a-4c3e-9a51-2f1d1f0e9a11')).toBe(true);
    expect(origin.isAppBlobUrl('blob:null/0b6c7f1e-4d2a-4c3e-9a51-2f1d1f0e9a11')).toBe(true);
    expect(origin.isAllowedRequest('blob:file:///0b6c7f1e-4d2a-4c3e-9a51-2f1d1f0e9a11')).toBe(true);
    expect(origin.isAppBlobUrl('blob:https://evil.example/0b6c7f1e')).toBe(false);
    expect(origin.isAppBlobUrl('blob:http://localhost:5173/0b6c7f1e')).toBe(false);
    expect(origin.isAppBlobUrl('https://evil.example/report.csv')).toBe(false);
  });

  it('accepts blobs of the dev server only while developing', () => {
    const origin = createAppOrigin(files, new URL('http://localhost:5173/'));
    expect(origin.isAppBlobUrl('blob:http://localhost:5173/0b6c7f1e')).toBe(true);
    expect(origin.isAppBlobUrl('blob:http://localhost:5174/0b6c7f1e')).toBe(false);
    expect(origin.isAppBlobUrl('blob:file:///0b6c7f1e')).toBe(false);
  });
});
