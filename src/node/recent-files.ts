/**
 * The Open Recent list, persisted as a small JSON file in the user-data folder. It stores only the
 * paths that were opened, a title and a time, never file contents (Terraform state can hold secrets).
 * Writes go to a temporary file that is then renamed over the old one, so a crash mid-write never
 * leaves a truncated list; a list that cannot be read is treated as empty rather than as an error.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RecentFile } from '../shared/api-contract';
import { writeFileAtomic } from './write-file-atomic';

export const RECENT_FILE_NAME = 'recent-files.json';
export const MAX_RECENT = 10;

export interface RecentStore {
  list(): Promise<RecentFile[]>;
  add(entry: { paths: string[]; title: string }): Promise<RecentFile[]>;
}

/**
 * The same folder Electron's `app.getPath('userData')` uses for a product named Reachmap, so the app
 * and `reachmap serve` share one recent list. REACHMAP_USER_DATA overrides it (tests, portable use).
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.REACHMAP_USER_DATA) return env.REACHMAP_USER_DATA;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Reachmap');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Reachmap');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Reachmap');
}

export function createRecentStore(dir: string, now: () => Date = () => new Date()): RecentStore {
  const file = path.join(dir, RECENT_FILE_NAME);
  // Serialise writes so two quick opens cannot interleave read-modify-write.
  let chain: Promise<unknown> = Promise.resolve();

  async function read(): Promise<RecentFile[]> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.filter(isRecentFile).slice(0, MAX_RECENT) : [];
    } catch {
      return [];
    }
  }

  async function write(list: RecentFile[]): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(file, JSON.stringify(list, null, 2), { mode: 0o600 });
  }

  return {
    list: () => read(),
    add(entry) {
      const paths = entry.paths.map((p) => path.resolve(p));
      const next = chain.then(async () => {
        const key = paths.join('\n');
        const list = (await read()).filter((r) => r.paths.join('\n') !== key);
        list.unshift({ paths, title: entry.title, openedAt: now().toISOString() });
        const trimmed = list.slice(0, MAX_RECENT);
        await write(trimmed);
        return trimmed;
      });
      chain = next.catch(() => undefined);
      return next;
    },
  };
}

function isRecentFile(value: unknown): value is RecentFile {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    Array.isArray(r.paths) &&
    r.paths.length > 0 &&
    r.paths.every((p) => typeof p === 'string') &&
    typeof r.title === 'string' &&
    typeof r.openedAt === 'string'
  );
}
