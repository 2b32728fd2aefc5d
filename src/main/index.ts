/**
 * Electron main: the thin glue between Electron and the Node services. It creates one locked-down
 * window (policies in window-policy.ts), sets the CSP, registers one IPC handler per API method
 * (each checking the sender against the app's own page), builds the menu and wires progress and menu
 * events to the page. All behaviour lives in src/node (API handlers, worker host, recent files), the
 * same code `reachmap serve` runs, so it is tested under plain Node.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_METHODS, channelOf, eventChannelOf, type ApiResult, type MenuCommand, type RecentFile } from '../shared/api-contract';
import { createApiHandlers } from '../node/api-handlers';
import { listAwsProfiles } from '../node/aws/aws-profiles';
import { buildCsp } from '../node/csp';
import { DOCS_URL, isAllowedExternalUrl, SECURITY_GROUPS_DOCS_URL } from '../node/external-links';
import { isTrustedSender } from '../node/ipc-sender';
import { createRecentStore, type RecentStore } from '../node/recent-files';
import { resolveWorkerPath, WorkerHost } from '../node/worker-host';
import { buildMenuTemplate } from './menu-template';
import { decideNavigation, decidePermission, decideWindowOpen, launchPathsFrom, secureWebPreferences } from './window-policy';

const here = path.dirname(fileURLToPath(import.meta.url));
// electron-vite sets this in `electron-vite dev` only; a packaged app always loads its own file.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const indexHtml = path.join(here, '..', 'renderer', 'index.html');
const appUrl = devServerUrl ?? pathToFileURL(indexHtml).href;

app.enableSandbox();
// Lets tests (and portable installs) keep settings out of the real profile; must precede 'ready'.
if (process.env.REACHMAP_USER_DATA) app.setPath('userData', process.env.REACHMAP_USER_DATA);

let mainWindow: BrowserWindow | null = null;
const launchPaths = launchPathsFrom(process.argv, app.isPackaged);

// macOS delivers files opened from Finder (or dropped on the Dock icon) as events.
app.on('open-file', (event, file) => {
  event.preventDefault();
  if (!app.isReady()) launchPaths.push(file);
  else void openFromHost([file]);
});

let openFromHost: (paths: string[]) => Promise<void> = async () => undefined;

app.whenReady().then(() => {
  const worker = new WorkerHost({ workerPath: resolveWorkerPath(import.meta.url) });
  const baseRecent = createRecentStore(app.getPath('userData'));
  const recent: RecentStore = {
    list: () => baseRecent.list(),
    async add(entry) {
      const list = await baseRecent.add(entry);
      installMenu(list);
      return list;
    },
  };

  const handlers = createApiHandlers({
    mode: 'electron',
    version: app.getVersion(),
    worker,
    recent,
    launchPaths,
    showOpenDialog: async () => {
      const options: Electron.OpenDialogOptions = {
        title: 'Open Terraform state, plan or AWS JSON',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Terraform state, plan, show -json, AWS CLI JSON, EC2 API XML, snapshots', extensions: ['tfstate', 'json', 'backup', 'xml'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : result.filePaths;
    },
    showSaveDialog: async ({ defaultName, filters }) => {
      const options: Electron.SaveDialogOptions = { defaultPath: path.join(app.getPath('documents'), defaultName), filters };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    openExternal: (url) => shell.openExternal(url),
    listAwsProfiles: () => listAwsProfiles(),
  });

  for (const method of API_METHODS) {
    ipcMain.handle(channelOf(method), async (event, arg: unknown): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event.senderFrame?.url, appUrl)) {
        return { ok: false, error: { code: 'forbidden', message: 'This page may not use the Reachmap API.' } };
      }
      return (handlers[method] as (a: unknown) => Promise<ApiResult<unknown>>)(arg);
    });
  }

  const send = (channel: string, payload: unknown) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
  };
  worker.onProgress((event) => send(eventChannelOf('progress'), event));

  // Open Recent (menu) and macOS open-file: load in the host, then reload the page, which asks for
  // getInitialModel and so receives the model just opened. Errors get a native message box.
  openFromHost = async (paths) => {
    const result = await handlers.openPaths({ paths });
    if (!result.ok) {
      dialog.showErrorBox('Reachmap could not open the file', result.error.message);
      return;
    }
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.reload();
    else createWindow();
  };

  function installMenu(list: RecentFile[]): void {
    const template = buildMenuTemplate({
      platform: process.platform,
      recent: list,
      dev: devServerUrl !== undefined,
      appName: app.getName(),
      actions: {
        send: (command: MenuCommand) => send(eventChannelOf('menu'), command),
        openRecent: (paths) => void openFromHost(paths),
        openDocs: (which) => {
          const url = which === 'reachmap' ? DOCS_URL : SECURITY_GROUPS_DOCS_URL;
          if (isAllowedExternalUrl(url)) void shell.openExternal(url);
        },
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  const csp = buildCsp(devServerUrl ? { devServerOrigin: devServerUrl } : {});
  // Headers cover http(s) loads (the dev server); file:// pages get the same policy from the meta
  // tag in index.html.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(decidePermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => decidePermission(permission));

  installMenu([]);
  void recent.list().then(installMenu);
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('before-quit', () => {
    void worker.close();
  });
});

// Every web contents (including any a bug might create) gets the same navigation rules.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    const decision = decideNavigation(url);
    event.preventDefault();
    if (decision.openExternally) void shell.openExternal(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Reachmap',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(path.join(here, '..', 'preload', 'index.cjs')),
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(indexHtml);
}
