// The window's security decisions: webPreferences, window.open, navigation, permissions, argv.
import { describe, expect, it } from 'vitest';
import { decideNavigation, decidePermission, decideWindowOpen, launchPathsFrom, secureWebPreferences } from '../../src/main/window-policy';
import { DOCS_URL } from '../../src/node/external-links';

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page with no Node and web security on', () => {
    const p = secureWebPreferences('/app/out/preload/index.cjs');
    expect(p).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('window.open and navigation', () => {
  it('never opens a window; allowed docs links go to the browser', () => {
    expect(decideWindowOpen(DOCS_URL)).toEqual({ action: 'deny', openExternally: true });
    expect(decideWindowOpen('https://evil.example/')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
  });

  it('never navigates the app window', () => {
    expect(decideNavigation('https://evil.example/')).toEqual({ allow: false, openExternally: false });
    expect(decideNavigation(DOCS_URL)).toEqual({ allow: false, openExternally: true });
    expect(decideNavigation('file:///tmp/x.html').allow).toBe(false);
  });

  it('grants no permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      expect(decidePermission(p)).toBe(false);
    }
  });
});

describe('launchPathsFrom', () => {
  it('skips the binary (and the app path in development) and switches', () => {
    expect(launchPathsFrom(['/usr/bin/electron', '.', 'a.tfstate', '--inspect', 'dir'], false)).toEqual(['a.tfstate', 'dir']);
    expect(launchPathsFrom(['/opt/Reachmap/reachmap', 'a.tfstate', '--no-sandbox'], true)).toEqual(['a.tfstate']);
    expect(launchPathsFrom(['/opt/Reachmap/reachmap'], true)).toEqual([]);
  });
});
