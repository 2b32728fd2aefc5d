// The recent list: atomic, bounded, deduplicated, paths only, tolerant of a damaged file.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecentStore, defaultUserDataDir, MAX_RECENT, RECENT_FILE_NAME } from '../../src/node/recent-files';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reachmap-recent-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('recent files', () => {
  it('starts empty and creates its folder on first write', async () => {
    const store = createRecentStore(path.join(dir, 'nested', 'user-data'));
    expect(await store.list()).toEqual([]);
    await store.add({ paths: ['/a/x.tfstate'], title: 'x.tfstate' });
    expect((await store.list()).map((r) => r.paths)).toEqual([['/a/x.tfstate']]);
  });

  it('puts the newest first, deduplicates the same paths and keeps at most MAX_RECENT', async () => {
    let t = 0;
    const store = createRecentStore(dir, () => new Date(Date.UTC(2025, 0, 1, 0, 0, t++)));
    for (let i = 0; i < MAX_RECENT + 3; i++) await store.add({ paths: [`/a/${i}.json`], title: `${i}` });
    await store.add({ paths: ['/a/5.json'], title: 'again' });
    const list = await store.list();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toMatchObject({ paths: ['/a/5.json'], title: 'again' });
    expect(list.filter((r) => r.paths[0] === '/a/5.json')).toHaveLength(1);
  });

  it('stores absolute paths, titles and times only, and leaves no temp files behind', async () => {
    const store = createRecentStore(dir);
    await Promise.all([store.add({ paths: ['rel/a.json'], title: 'a' }), store.add({ paths: ['/b.json'], title: 'b' })]);
    const entries = await fs.readdir(dir);
    expect(entries).toEqual([RECENT_FILE_NAME]);
    const saved = JSON.parse(await fs.readFile(path.join(dir, RECENT_FILE_NAME), 'utf8')) as Record<string, unknown>[];
    expect(saved).toHaveLength(2);
    for (const r of saved) expect(Object.keys(r).sort()).toEqual(['openedAt', 'paths', 'title']);
    expect(saved.some((r) => (r.paths as string[])[0] === path.resolve('rel/a.json'))).toBe(true);
  });

  it('treats a damaged or foreign file as an empty list', async () => {
    await fs.writeFile(path.join(dir, RECENT_FILE_NAME), '{not json');
    const store = createRecentStore(dir);
    expect(await store.list()).toEqual([]);
    await fs.writeFile(path.join(dir, RECENT_FILE_NAME), JSON.stringify([{ paths: 'x' }, 7, { paths: ['/ok'], title: 't', openedAt: 'now' }]));
    expect(await store.list()).toEqual([{ paths: ['/ok'], title: 't', openedAt: 'now' }]);
  });
});

describe('defaultUserDataDir', () => {
  it('matches Electron’s userData folder per platform and honours REACHMAP_USER_DATA', () => {
    expect(defaultUserDataDir({ REACHMAP_USER_DATA: '/tmp/x' }, 'linux')).toBe('/tmp/x');
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(path.join('/cfg', 'Reachmap'));
    expect(defaultUserDataDir({}, 'darwin')).toMatch(/Library[/\\]Application Support[/\\]Reachmap$/);
    expect(defaultUserDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toMatch(/Reachmap$/);
  });
});
