// Loads the real Electron main module against a mocked `electron` (there is no Electron binary on
// CI machines like this one) and checks the wiring: one IPC handler per API method, each refusing
// senders other than the app page, the window's locked-down preferences, the CSP header, and the
// navigation / window.open / permission rules applied to every web contents.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf } from '../../src/shared/api-contract';
import { buildCsp } from '../../src/node/csp';
import { DOCS_URL } from '../../src/node/external-links';

type Handler = (event: unknown, arg: unknown) => Promise<unknown>;
const m = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, arg: unknown) => Promise<unknown>>(),
  appListeners: new Map<string, ((...args: unknown[]) => void)[]>(),
  windows: [] as { options: Record<string, unknown>; loaded: string[] }[],
  headersListener: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
  permissionRequest: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
  opened: [] as string[],
  menu: null as unknown,
  sandboxEnabled: false,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: vi.fn(), reload: vi.fn() };
    record: { options: Record<string, unknown>; loaded: string[] };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      m.windows.push(this.record);
    }
    static getAllWindows() {
      return m.windows;
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    loadFile(file: string) {
      this.record.loaded.push(file);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    show() {}
  }
  const app = {
    isPackaged: true,
    enableSandbox: () => {
      m.sandboxEnabled = true;
    },
    on: (name: string, fn: (...args: unknown[]) => void) => {
      m.appListeners.set(name, [...(m.appListeners.get(name) ?? []), fn]);
    },
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    getPath: () => '/tmp/reachmap-main-wiring-test',
    getVersion: () => '9.9.9',
    setPath: vi.fn(),
    getName: () => 'Reachmap',
    quit: vi.fn(),
  };
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Handler) => m.handlers.set(channel, fn) },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
    shell: { openExternal: (url: string) => (m.opened.push(url), Promise.resolve()) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (menu: unknown) => (m.menu = menu) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof m.headersListener) => (m.headersListener = fn) },
        setPermissionRequestHandler: (fn: typeof m.permissionRequest) => (m.permissionRequest = fn),
        setPermissionCheckHandler: () => undefined,
      },
    },
  };
});

const indexHtml = path.resolve(__dirname, '../../src/renderer/index.html');
const appUrl = pathToFileURL(indexHtml).href;

beforeAll(async () => {
  await import('../../src/main/index');
  // whenReady().then(...) runs on a microtask.
  await new Promise((r) => setTimeout(r, 0));
});

describe('Electron main wiring', () => {
  it('enables the sandbox for every renderer', () => {
    expect(m.sandboxEnabled).toBe(true);
  });

  it('registers exactly one handler per API method', () => {
    expect([...m.handlers.keys()].sort()).toEqual(API_METHODS.map((x) => channelOf(x)).sort());
  });

  it('refuses calls from any frame but the app page, and answers the app page', async () => {
    const call = m.handlers.get(channelOf('getHostInfo')) as Handler;
    for (const url of ['https://evil.example/', 'file:///tmp/evil.html', '', undefined]) {
      expect(await call({ senderFrame: url === undefined ? null : { url } }, null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await call({ senderFrame: { url: appUrl } }, null)).toEqual({ ok: true, value: { mode: 'electron', version: '9.9.9', platform: process.platform } });
  });

  it('opens one window with isolated, sandboxed, Node-free preferences and the bundled preload', () => {
    expect(m.windows).toHaveLength(1);
    const prefs = m.windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(m.windows[0]?.loaded).toEqual([indexHtml]);
  });

  it('adds the CSP to every response', () => {
    let result: { responseHeaders: Record<string, string[]> } | undefined;
    m.headersListener?.({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (result = r as typeof result));
    expect(result?.responseHeaders['Content-Security-Policy']).toEqual([buildCsp()]);
    expect(result?.responseHeaders['X-Other']).toEqual(['1']);
  });

  it('denies every permission request', () => {
    const answers: boolean[] = [];
    m.permissionRequest?.(null, 'media', (granted) => answers.push(granted));
    expect(answers).toEqual([false]);
  });

  it('blocks navigation and window.open; allowed docs links go to the browser', () => {
    const created = m.appListeners.get('web-contents-created')?.[0];
    const events = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    created?.({}, { on: (name: string, fn: (...args: unknown[]) => void) => events.set(name, fn), setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn) });
    const prevented = vi.fn();
    events.get('will-navigate')?.({ preventDefault: prevented }, 'https://evil.example/');
    expect(prevented).toHaveBeenCalled();
    expect(openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: DOCS_URL })).toEqual({ action: 'deny' });
    expect(m.opened).toEqual([DOCS_URL]);
    const attach = vi.fn();
    events.get('will-attach-webview')?.({ preventDefault: attach });
    expect(attach).toHaveBeenCalled();
  });

  it('installs the application menu', () => {
    expect(Array.isArray(m.menu)).toBe(true);
    expect((m.menu as { label?: string }[]).map((x) => x.label)).toContain('&View');
  });
});
