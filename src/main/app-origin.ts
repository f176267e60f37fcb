/**
 * What counts as "the app itself": the one page IPC trusts, and the few places the window may
 * load anything from. Everything else is foreign and refused.
 */
import { normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AppFiles } from './paths';

export interface AppOrigin {
  /** The app page at a hash route, e.g. pageUrl('/login'). Every screen is a route of one page. */
  pageUrl(hashRoute?: string): string;
  /** The static page shown when the renderer keeps crashing. */
  recoveryUrl: string;
  /** True only for the app's own page: index.html itself (any hash, no query), or the dev server. */
  isAppUrl(url: string | null | undefined): boolean;
  /** True for requests the window may make: the built renderer, the shipped resources, the dev server, devtools. */
  isAllowedRequest(url: string): boolean;
  /** True for responses from the development server (never in a built app). */
  isDevServerUrl(url: string): boolean;
  /** True for a blob: URL the app's own page made (the audit CSV export downloads one). */
  isAppBlobUrl(url: string): boolean;
}

function parse(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The local path of a file: URL, or null for anything else (including file://otherhost/...). */
function localPath(url: URL): string | null {
  if (url.protocol !== 'file:') return null;
  try {
    return normalize(fileURLToPath(url));
  } catch {
    return null;
  }
}

export function createAppOrigin(files: AppFiles, devServer: URL | null): AppOrigin {
  const rendererHtml = normalize(files.rendererHtml);
  const rendererDirPrefix = normalize(files.rendererDir) + sep;
  const resourcesDirPrefix = normalize(files.resourcesDir) + sep;
  // pathToFileURL percent-encodes spaces and '#' in paths, which a hand-built string would not.
  const page = devServer ? new URL(devServer.href) : pathToFileURL(rendererHtml);

  const isDevServer = (url: URL) =>
    devServer !== null &&
    url.host === devServer.host &&
    // The dev server's hot reload talks over a websocket on the same host and port.
    (url.protocol === devServer.protocol || url.protocol === 'ws:');

  const isAppBlobUrl = (raw: string) => {
    const url = parse(raw);
    if (!url || url.protocol !== 'blob:') return false;
    // A blob URL names its creator's origin: blob:file:///… for the built page (file pages have
    // an opaque origin, "null" in some versions), blob:http://localhost:…/… in dev.
    const creator = url.pathname.slice(0, url.pathname.lastIndexOf('/'));
    if (creator === 'file://' || creator === 'null') return devServer === null;
    const inner = parse(creator);
    return inner !== null && devServer !== null && inner.origin === devServer.origin;
  };

  return {
    pageUrl(hashRoute = '') {
      const url = new URL(page.href);
      url.hash = hashRoute;
      return url.href;
    },
    recoveryUrl: pathToFileURL(files.recoveryHtml).href,
    isDevServerUrl(raw) {
      const url = parse(raw);
      return url !== null && isDevServer(url);
    },
    isAppUrl(raw) {
      const url = parse(raw);
      if (!url) return false;
      if (devServer) return url.origin === devServer.origin;
      return url.search === '' && localPath(url) === rendererHtml;
    },
    isAppBlobUrl,
    isAllowedRequest(raw) {
      const url = parse(raw);
      if (!url) return false;
      if (isAppBlobUrl(raw)) return true;
      if (isDevServer(url)) return true;
      // Chromium's own devtools frontend (only openable where webPreferences.devTools allows).
      if (url.protocol === 'devtools:') return true;
      const path = localPath(url);
      return path !== null && (path.startsWith(rendererDirPrefix) || path.startsWith(resourcesDirPrefix));
    },
  };
}
