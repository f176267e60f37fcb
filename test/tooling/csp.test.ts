/**
 * One CSP (src/shared/csp.ts). Every page and header Gatehouse serves says exactly that policy,
 * and nobody writes it out again: a second literal copy anywhere in the sources fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as SHELL_HEADER } from '../../src/main/hardening';
import { CONTENT_SECURITY_POLICY, CSP_PLACEHOLDER } from '../../src/shared/csp';
import { injectCsp } from '../../vite.renderer.config';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** The content of the page's CSP meta tag, or null. */
function metaCsp(html: string): string | null {
  return /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1] ?? null;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

describe('one Content-Security-Policy', () => {
  it('is strict: only our own files, nothing inline, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('is the header the shell sets', () => {
    expect(SHELL_HEADER).toBe(CONTENT_SECURITY_POLICY);
  });

  it('is put into the renderer page by the build, in place of the placeholder', () => {
    const source = read('src/renderer/index.html');
    expect(metaCsp(source)).toBe(CSP_PLACEHOLDER);
    const plugin = injectCsp();
    const hook = plugin.transformIndexHtml as { order: string; handler: (html: string) => string };
    expect(hook.order).toBe('pre');
    expect(metaCsp(hook.handler(source))).toBe(CONTENT_SECURITY_POLICY);
    expect(() => hook.handler('<html></html>')).toThrow(/no %GATEHOUSE_CSP%/);
  });

  it('is the recovery page’s meta tag, word for word', () => {
    expect(metaCsp(read('resources/recovery.html'))).toBe(CONTENT_SECURITY_POLICY);
  });

  it('is written out nowhere else', () => {
    const sources = [...filesUnder('src'), ...filesUnder('e2e'), ...filesUnder('resources'), ...filesUnder('scripts')].filter(
      (file) => /\.(ts|tsx|mjs|js|html)$/.test(file),
    );
    const copies = sources.filter((file) => read(file).includes("default-src 'none'"));
    // recovery.html is a static page shown when the renderer is gone: it cannot be built, so it
    // keeps a literal copy, held to the constant by the test above.
    expect(copies.sort()).toEqual(['resources/recovery.html', 'src/shared/csp.ts']);
  });
});
