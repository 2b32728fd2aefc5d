// The menu as data: items, shortcuts and that clicks only forward commands.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../src/main/menu-template';
import type { MenuCommand } from '../../src/shared/api-contract';

function actions() {
  const sent: MenuCommand[] = [];
  const a: MenuActions & { sent: MenuCommand[] } = {
    sent,
    send: (c) => sent.push(c),
    openRecent: vi.fn(),
    openDocs: vi.fn(),
  };
  return a;
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

function find(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const item of template) {
    if (item.label === label) return item;
    const inner = find(submenu(item), label);
    if (inner) return inner;
  }
  return undefined;
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help on Windows and Linux, with Quit in File', () => {
    const t = buildMenuTemplate({ platform: 'linux', recent: [], actions: actions() });
    expect(t.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(submenu(t[0]).some((i) => i.role === 'quit')).toBe(true);
  });

  it('adds the app and window menus on macOS and moves Quit out of File', () => {
    const t = buildMenuTemplate({ platform: 'darwin', recent: [], actions: actions(), appName: 'Reachmap' });
    expect(t[0]?.role).toBe('appMenu');
    expect(t.some((m) => m.role === 'windowMenu')).toBe(true);
    expect(submenu(t.find((m) => m.label === '&File')).some((i) => i.role === 'quit')).toBe(false);
  });

  it.each([
    ['Open…', 'open', 'CmdOrCtrl+O'],
    ['Open Sample', 'open-sample', undefined],
    ['Import from AWS…', 'import-aws', undefined],
    ['Export…', 'export', 'CmdOrCtrl+E'],
    ['Reachability', 'view-reachability', 'CmdOrCtrl+1'],
    ['Security Groups', 'view-groups', 'CmdOrCtrl+2'],
    ['Exposure', 'view-exposure', 'CmdOrCtrl+3'],
    ['Fit to Window', 'fit', 'CmdOrCtrl+0'],
    ['Zoom In', 'zoom-in', 'CmdOrCtrl+='],
    ['Zoom Out', 'zoom-out', 'CmdOrCtrl+-'],
    ['Find…', 'find', 'CmdOrCtrl+F'],
  ] as const)('%s sends %s with shortcut %s', (label, cmd, accelerator) => {
    const a = actions();
    const t = buildMenuTemplate({ platform: 'win32', recent: [], actions: a });
    const item = find(t, label);
    expect(item).toBeDefined();
    expect(item?.accelerator).toBe(accelerator);
    click(item);
    expect(a.sent).toEqual([cmd]);
  });

  it('lists recent files and opens their paths; an empty list shows a disabled item', () => {
    const a = actions();
    const recent = [{ paths: ['/x/a.tfstate', '/x/b.json'], title: 'a.tfstate + 1 more', openedAt: '2025-01-01T00:00:00.000Z' }];
    const t = buildMenuTemplate({ platform: 'linux', recent, actions: a });
    const items = submenu(find(t, 'Open Recent'));
    expect(items.map((i) => i.label)).toEqual(['a.tfstate + 1 more']);
    click(items[0]);
    expect(a.openRecent).toHaveBeenCalledWith(['/x/a.tfstate', '/x/b.json']);

    const empty = submenu(find(buildMenuTemplate({ platform: 'linux', recent: [], actions: a }), 'Open Recent'));
    expect(empty).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('Help opens the documentation through the allow-listed action only', () => {
    const a = actions();
    const t = buildMenuTemplate({ platform: 'linux', recent: [], actions: a });
    click(find(t, 'Reachmap Documentation'));
    expect(a.openDocs).toHaveBeenCalledWith('reachmap');
  });

  it('offers reload and developer tools in development only', () => {
    const roles = (dev: boolean) => submenu(buildMenuTemplate({ platform: 'linux', recent: [], actions: actions(), dev }).find((m) => m.label === '&View')).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('has no duplicate shortcuts', () => {
    const seen: string[] = [];
    const walk = (items: MenuItemConstructorOptions[]) => {
      for (const i of items) {
        if (typeof i.accelerator === 'string') seen.push(i.accelerator);
        walk(submenu(i));
      }
    };
    walk(buildMenuTemplate({ platform: 'linux', recent: [], actions: actions() }));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
