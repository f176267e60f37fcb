/**
 * The app's Content-Security-Policy, written out once. Every page Gatehouse shows runs under it:
 *   - the shell's response header (src/main/hardening.ts),
 *   - the renderer's meta tag (src/renderer/index.html gets it injected at build time by the
 *     gatehouse-csp plugin in vite.renderer.config.ts; file:// pages have no response headers),
 *   - the recovery page's meta tag (resources/recovery.html, a static file; checked by test),
 *   - the browser harness's header (e2e/harness/server.ts).
 * test/tooling/csp.test.ts fails when any of them says something else.
 *
 * Only our own bundled files; nothing inline, no eval, no framing, no form submission.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What index.html says where the policy goes; replaced at build time. */
export const CSP_PLACEHOLDER = '%GATEHOUSE_CSP%';
