/**
 * The locks on the window's session and web contents: no permissions but clipboard writes, no remote requests, a
 * strict Content-Security-Policy, no new windows, no navigation away from the app.
 */
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import type { AppOrigin } from './app-origin';

/** The one policy (src/shared/csp.ts): the renderer's meta tag says the same. */
export { CONTENT_SECURITY_POLICY };

/**
 * Session-wide rules. The CSP header covers any http response other than the dev server's;
 * Chromium reports no response headers for file:// pages, where the meta tag in index.html applies.
 */
export function hardenSession(session: Session, origin: AppOrigin): void {
  // The one permission the app uses: navigator.clipboard.writeText (Copy of a temporary
  // password) needs 'clipboard-sanitized-write'. Reading the clipboard stays refused.
  const allowed = (permission: string, details: { requestingUrl?: string; isMainFrame: boolean }) =>
    permission === 'clipboard-sanitized-write' && details.isMainFrame && origin.isAppUrl(details.requestingUrl);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details)));
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => allowed(permission, details));
  session.setDevicePermissionHandler(() => false);

  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !origin.isAllowedRequest(details.url) });
  });

  // The only download the app makes is a file it built itself (the audit log's CSV export);
  // Electron then asks where to save it. Any other download is refused.
  session.on('will-download', (event, item) => {
    if (!origin.isAppBlobUrl(item.getURL())) event.preventDefault();
  });

  session.webRequest.onHeadersReceived((details, callback) => {
    // The dev server's page carries a development CSP that allows Vite's inline refresh
    // preamble and HMR socket (vite.renderer.config.ts); a built app has no http responses.
    if (origin.isDevServerUrl(details.url)) return callback({});
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

/** Per-window rules: the page can open nothing and go nowhere but the app itself. */
export function hardenWebContents(contents: WebContents, origin: AppOrigin): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));

  const stayInApp = (event: { url: string; preventDefault(): void }) => {
    if (!origin.isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  // <webview> is off in webPreferences; refuse it here too in case that ever changes.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
