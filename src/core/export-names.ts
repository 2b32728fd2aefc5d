/**
 * Input names as exports carry them. A snapshot or analysis document records where every group,
 * rule and endpoint was read from, by the name the user gave (`/home/alice/clients/acme/prod.tfstate`);
 * shared as a file, that path tells strangers the user's name and how their disk is organised. What
 * leaves the machine names each input by its base name instead (`prod.tfstate`), or by as many
 * trailing folders as it takes to tell two inputs of one base name apart (`a/prod.tfstate`,
 * `b/prod.tfstate`). The app and the CLI keep the full path for what stays with the user (the map,
 * warnings on screen, Open Recent, the in-memory model the worker restores after a crash).
 */
import type { Origin, Snapshot, Warning } from './model';

/**
 * A short name for each distinct input name: the shortest trailing part of its path that no other
 * name of the same base ends with, looking only below the folder those names share and with a home
 * folder (`/home/alice`, `/Users/alice`, `C:\\Users\\alice`, `/root`) read as `~`, so telling two
 * inputs apart never brings in the user's name. Two different paths that still end alike (on two
 * drives, or absolute and relative) are numbered: `prod.tfstate`, `prod.tfstate (2)`. A live
 * import's URL label is kept without its user, password, query or fragment; a bare file name (an
 * upload) as it is. The parts are joined with '/' whatever the platform, so an export reads the
 * same wherever it was made.
 */
export function shortenFileNames(names: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const byBase = new Map<string, { name: string; key: string; parts: string[] }[]>();
  // Every short name given so far, with the key of what it stands for: different inputs never
  // share one, across base names and labels too.
  const taken = new Map<string, string>();
  const give = (name: string, short: string, key: string): void => {
    let unique = short;
    for (let n = 2; taken.has(unique) && taken.get(unique) !== key; n++) unique = `${short} (${n})`;
    taken.set(unique, key);
    out.set(name, unique);
  };
  const urls: string[] = [];
  for (const name of names) {
    if (out.has(name)) continue;
    out.set(name, name);
    if (isUrl(name)) {
      urls.push(name);
      continue;
    }
    const { key, parts } = splitPath(name.startsWith('file://') ? fileUrlPath(name) : name);
    const base = parts.at(-1);
    if (base === undefined) continue;
    const same = byBase.get(base);
    if (same) same.push({ name, key, parts });
    else byBase.set(base, [{ name, key, parts }]);
  }
  for (const group of byBase.values()) {
    // The folders every name of this base shares say nothing that tells them apart.
    let shared = 0;
    if (group.length > 1) {
      const first = group[0]!.parts;
      while (shared < first.length - 1 && group.every((o) => o.parts.length - 1 > shared && o.parts[shared] === first[shared])) shared++;
    }
    for (const self of group) {
      const own = self.parts.slice(shared);
      // Grow the tail until no other name of this base ends the same way, or the path runs out
      // (two spellings of one path, `a/x.json` and `./a/x.json`, then share a short name).
      let k = 1;
      while (k < own.length && group.some((o) => o !== self && endsWith(o.parts, own, k))) k++;
      // Different paths that end alike all the way are numbered in input order (give).
      give(self.name, own.slice(-k).join('/'), self.key);
    }
  }
  // Labels that differ only in what is taken out of them (the user) are numbered the same way.
  for (const name of urls) give(name, urlLabel(name), name);
  return out;
}

/**
 * A copy of the snapshot whose file names (sources, origins, warnings, and the paths warning
 * messages quote) are the short names of shortenFileNames. Objects without a file are shared with
 * the original, which is left untouched: the caller keeps showing full paths.
 */
export function shortenSnapshotFiles(snapshot: Snapshot): Snapshot {
  const short = snapshotShortNames(snapshot);
  const changed = [...short].filter(([name, s]) => name !== s);
  if (changed.length === 0) return snapshot;
  const rename = (file: string): string => short.get(file) ?? file;
  const origin = (o: Origin): Origin => (o.file !== undefined && rename(o.file) !== o.file ? { ...o, file: rename(o.file) } : o);
  const withOrigin = <T extends { origin?: Origin }>(x: T): T => (x.origin ? { ...x, origin: origin(x.origin) } : x);
  // Longest first, so a path that ends with another name is replaced whole, not from its tail.
  const quoted = new RegExp(changed.map(([name]) => name).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  const warning = (w: Warning): Warning => {
    const message = w.message.replace(quoted, (m) => rename(m));
    return message === w.message && (w.file === undefined || rename(w.file) === w.file) ? w : { ...w, message, ...(w.file !== undefined ? { file: rename(w.file) } : {}) };
  };
  return {
    ...snapshot,
    sources: snapshot.sources.map((s) => ({ ...s, file: rename(s.file) })),
    vpcs: snapshot.vpcs.map(withOrigin),
    subnets: snapshot.subnets.map(withOrigin),
    groups: snapshot.groups.map(withOrigin),
    prefixLists: snapshot.prefixLists.map(withOrigin),
    endpoints: snapshot.endpoints.map(withOrigin),
    rules: snapshot.rules.map((r) => (r.origins.some((o) => origin(o) !== o) ? { ...r, origins: r.origins.map(origin) } : r)),
    warnings: snapshot.warnings.map(warning),
  };
}

/**
 * The short name of every file the snapshot mentions (sources, origins, warnings): they depend on
 * each other, so a caption naming the sources must take them from here to match the export.
 */
export function snapshotShortNames(snapshot: Snapshot): Map<string, string> {
  const names = new Set<string>();
  const note = (file: string | undefined): void => void (file !== undefined && names.add(file));
  for (const s of snapshot.sources) note(s.file);
  for (const list of [snapshot.vpcs, snapshot.subnets, snapshot.groups, snapshot.prefixLists, snapshot.endpoints]) for (const x of list) note(x.origin?.file);
  for (const r of snapshot.rules) for (const o of r.origins) note(o.file);
  for (const w of snapshot.warnings) note(w.file);
  return shortenFileNames(names);
}

/** A live import's label (`aws://default/eu-west-1`, an endpoint URL): no local path in it. */
function isUrl(name: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(name) && !/^file:\/\//i.test(name);
}

/**
 * A URL label without what may be secret in it: its user and password (up to the authority's last
 * `@`, as a password may hold one), and a query or fragment, while the path after them stays (a
 * live import's label is the endpoint URL, then `/region`).
 */
function urlLabel(name: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/i.exec(name);
  if (!m) return name;
  const rest = m[2]!;
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const path = end < 0 ? '' : rest.slice(end);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return `${m[1]}${host}${path.replace(/[?#][^/]*/g, '')}`;
}

/** The local path of a file:// URL (`file:///home/a/x.json`; a host, `file://host/home/a`, is dropped). */
function fileUrlPath(name: string): string {
  const rest = name.slice('file://'.length).replace(/[?#].*$/, '');
  const path = rest.startsWith('/') ? rest : rest.slice(Math.max(0, rest.indexOf('/')));
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The folders and file of a path, POSIX or Windows, with no empty or `.` parts and no drive letter
 * or root (they say nothing that tells two inputs apart), a home folder as `~`; and a key that
 * still tells apart paths whose parts are the same (two drives, absolute and relative).
 * Backslashes separate only in Windows-looking paths: on POSIX they may be part of a name.
 */
function splitPath(raw: string): { key: string; parts: string[] } {
  // A Windows long path (\\?\C:\...) is the same path.
  const name = raw.replace(/^\\\\\?\\/, '');
  const windows = /^[a-z]:/i.test(name) || name.startsWith('\\\\') || (name.includes('\\') && !name.includes('/'));
  const parts = name.split(windows ? /[\\/]+/ : /\/+/).filter((p) => p !== '' && p !== '.');
  let drive = '';
  if (parts.length > 1 && /^[a-z]:$/i.test(parts[0]!)) drive = parts.shift()!.toLowerCase();
  const absolute = drive !== '' || /^[\\/]/.test(name);
  const key = `${drive}${absolute ? '/' : ''}${parts.join('/')}`;
  if (absolute) {
    // A home folder wherever it sits (/home/alice, /var/home/alice, /mnt/c/Users/alice): the
    // last such pair before the file, so nothing above or in it is kept.
    let home = -1;
    for (let i = 0; i < parts.length - 2; i++) if (/^(home|users)$/i.test(parts[i]!)) home = i;
    if (home >= 0) parts.splice(0, home + 2, '~');
    else if (parts.length > 1 && parts[0] === 'root') parts.splice(0, 1, '~');
  }
  return { key, parts };
}

/** Whether `a` ends with the last `k` parts of `b`. */
function endsWith(a: string[], b: string[], k: number): boolean {
  if (a.length < k) return false;
  for (let i = 1; i <= k; i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
