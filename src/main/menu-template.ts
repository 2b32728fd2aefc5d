/**
 * The application menu as plain data. Building it is a pure function of the platform, the recent
 * list and a few callbacks, so it is unit-tested without Electron (only Electron's types are
 * imported). Menu items never act on the map themselves: they push a `menu` event (MenuCommand) to
 * the renderer, which owns the UI state; only Open Recent, Help and Quit are handled by the host.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFile } from '../shared/api-contract';

export interface MenuActions {
  /** Forwards a command to the renderer. */
  send(command: MenuCommand): void;
  openRecent(paths: string[]): void;
  /** Opens an allow-listed documentation link in the user's browser. */
  openDocs(which: 'reachmap' | 'security-groups'): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  recent: RecentFile[];
  actions: MenuActions;
  /** Adds reload and developer tools (electron-vite dev only). */
  dev?: boolean;
  appName?: string;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { actions, platform } = options;
  const isMac = platform === 'darwin';
  const command = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => actions.send(cmd),
  });

  const recentItems: MenuItemConstructorOptions[] =
    options.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : options.recent.map((r) => ({
          label: r.title,
          sublabel: r.paths.join(', '),
          toolTip: r.paths.join('\n'),
          click: () => actions.openRecent(r.paths),
        }));

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recentItems },
      command('Open Sample', 'open-sample'),
      command('Import from AWS…', 'import-aws'),
      { type: 'separator' },
      command('Export…', 'export', 'CmdOrCtrl+E'),
      // On macOS Quit lives in the application menu.
      ...(isMac ? [] : [{ type: 'separator' } as MenuItemConstructorOptions, { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' } as MenuItemConstructorOptions]),
    ],
  };

  // Text fields (search, filters, the A-to-B query) need the standard editing shortcuts on macOS.
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      command('Reachability', 'view-reachability', 'CmdOrCtrl+1'),
      command('Security Groups', 'view-groups', 'CmdOrCtrl+2'),
      command('Exposure', 'view-exposure', 'CmdOrCtrl+3'),
      { type: 'separator' },
      command('Fit to Window', 'fit', 'CmdOrCtrl+0'),
      command('Zoom In', 'zoom-in', 'CmdOrCtrl+='),
      command('Zoom Out', 'zoom-out', 'CmdOrCtrl+-'),
      { type: 'separator' },
      command('Find…', 'find', 'CmdOrCtrl+F'),
      ...(options.dev ? [{ type: 'separator' } as MenuItemConstructorOptions, { role: 'reload' } as MenuItemConstructorOptions, { role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Reachmap Documentation', click: () => actions.openDocs('reachmap') },
      { label: 'AWS Security Groups Documentation', click: () => actions.openDocs('security-groups') },
    ],
  };

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({ label: options.appName ?? 'Reachmap', role: 'appMenu' });
  }
  template.push(file, edit, view);
  if (isMac) template.push({ role: 'windowMenu' });
  template.push(help);
  return template;
}
