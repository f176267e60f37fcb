/**
 * The renderer build, on its own. electron-vite uses this same object for the app's renderer
 * (see electron.vite.config.ts); `npm run build:renderer` uses it directly so the browser
 * harness can build out/renderer without touching main or preload.
 *
 * The production page runs under a strict Content-Security-Policy (no inline scripts, no eval,
 * no data: URLs), so the build must not produce any of those.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { CONTENT_SECURITY_POLICY, CSP_PLACEHOLDER } from './src/shared/csp';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Puts the one CSP (src/shared/csp.ts) into index.html's meta tag, so the page says exactly what
 * the shell's header says. Runs first ('pre'), before the dev server loosens it below.
 */
export function injectCsp(): Plugin {
  return {
    name: 'gatehouse-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`index.html has no ${CSP_PLACEHOLDER} for the CSP`);
        return html.replaceAll(CSP_PLACEHOLDER, CONTENT_SECURITY_POLICY);
      },
    },
  };
}

/**
 * Development only: Vite's dev server injects an inline React-refresh preamble, inline styles
 * and a websocket for hot reload, all of which the production CSP forbids. The served page gets
 * a looser policy while developing; `vite build` never runs this (apply: 'serve').
 */
function devServerCsp(): Plugin {
  return {
    name: 'gatehouse-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
    },
  };
}

export const rendererConfig = {
  root: resolve(repoRoot, 'src/renderer'),
  // Relative asset URLs: the same build is loaded from a file/app URL in Electron and from
  // http://127.0.0.1:PORT/ in the harness.
  base: './',
  plugins: [react(), injectCsp(), devServerCsp()],
  build: {
    outDir: resolve(repoRoot, 'out/renderer'),
    emptyOutDir: true,
    // Chromium of Electron 45 and the browser suite's Chromium 153 both handle ES2022 natively.
    target: 'es2022',
    // The polyfill is an inline <script>; the CSP forbids inline scripts.
    modulePreload: { polyfill: false },
    // Never turn small assets into data: URLs, which the CSP does not allow.
    assetsInlineLimit: 0,
    sourcemap: false,
    minify: true,
    reportCompressedSize: false,
    rolldownOptions: {
      input: resolve(repoRoot, 'src/renderer/index.html'),
    },
  },
} satisfies UserConfig;

export default defineConfig(rendererConfig);
