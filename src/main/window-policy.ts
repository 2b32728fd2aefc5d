/**
 * The security decisions for the app window, as plain functions so they are unit-tested under Node
 * (only Electron's types are imported): the webPreferences every window gets, what happens when the
 * page tries to open or navigate to a URL, which permission requests are granted (none), and where
 * launch arguments come from.
 */
import type { WebPreferences } from 'electron';
import { isAllowedExternalUrl } from '../node/external-links';

/** Isolated, sandboxed, no Node in the page: the page can only use what the preload exposes. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * window.open and target=_blank links: never a new Electron window. An allow-listed https link is
 * handed to the user's browser; anything else is dropped.
 */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) };
}

/**
 * In-page navigation away from the app is always refused: the app is a single page and a navigated
 * window would keep the preload's API. Allowed links still open externally.
 */
export function decideNavigation(url: string): { allow: false; openExternally: boolean } {
  return { allow: false, openExternally: isAllowedExternalUrl(url) };
}

/** The app needs no camera, notifications, geolocation, clipboard-read or anything else. */
export function decidePermission(_permission: string): boolean {
  return false;
}

/**
 * Files and folders named on the command line. `electron . a.tfstate` (development) has the app
 * path as argv[1]; a packaged app has its own binary only. Switches (Chromium's or ours) are skipped.
 */
export function launchPathsFrom(argv: readonly string[], isPackaged: boolean): string[] {
  return argv.slice(isPackaged ? 1 : 2).filter((a) => a.length > 0 && !a.startsWith('-'));
}
