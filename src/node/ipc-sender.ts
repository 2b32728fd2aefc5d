/**
 * Decides whether an IPC message comes from the app's own page. Electron main checks every
 * `ipcMain.handle` call with it (`event.senderFrame.url`), so a frame that navigated elsewhere, an
 * injected iframe or any other origin cannot reach the API even if it somehow got a handle on the
 * preload. Pure, so it is unit-tested without Electron.
 */

/**
 * `appUrl` is what the window loaded: the file:// URL of the built index.html, or the dev server URL
 * in `electron-vite dev`. For file:// the sender must be that exact file (any file:// page would
 * otherwise share the opaque "file" origin); for http(s) it must have the same origin.
 */
export function isTrustedSender(senderUrl: string | undefined | null, appUrl: string): boolean {
  if (typeof senderUrl !== 'string' || senderUrl === '') return false;
  let sender: URL;
  let app: URL;
  try {
    sender = new URL(senderUrl);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') {
    return sender.protocol === 'file:' && sender.host === app.host && decodePath(sender.pathname) === decodePath(app.pathname);
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return sender.origin === app.origin;
  }
  return false;
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
