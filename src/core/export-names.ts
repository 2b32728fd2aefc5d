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
 * name ends with. Names that are not local paths (a bare file name from an upload, an `aws://` or
 * `https://` label of a live import) are kept as they are. The parts are joined with '/' whatever
 * the platform, so an export reads the same wherever it was made.
 */
export function shortenFileNames(names: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const byBase = new Map<string, { name: string; parts: string[] }[]>();
  for (const name of names) {
    if (out.has(name)) continue;
    out.set(name, name);
    if (isUrl(name)) continue;
    const parts = pathParts(name);
    const base = parts.at(-1);
    if (base === undefined) continue;
    const same = byBase.get(base);
    if (same) same.push({ name, parts });
    else byBase.set(base, [{ name, parts }]);
  }
  for (const group of byBase.values()) {
    for (const self of group) {
      // Grow the tail until no other name of this base ends the same way, or the path runs out
      // (two spellings of one path, `a/x.json` and `./a/x.json`, then share a short name).
      let k = 1;
      while (k < self.parts.length && group.some((o) => o !== self && endsWith(o.parts, self.parts, k))) k++;
      out.set(self.name, self.parts.slice(-k).join('/'));
    }
  }
  return out;
}

/**
 * A copy of the snapshot whose file names (sources, origins, warnings, and the paths warning
 * messages quote) are the short names of shortenFileNames. Objects without a file are shared with
 * the original, which is left untouched: the caller keeps showing full paths.
 */
export function shortenSnapshotFiles(snapshot: Snapshot): Snapshot {
  const names = new Set<string>();
  const note = (file: string | undefined): void => void (file !== undefined && names.add(file));
  for (const s of snapshot.sources) note(s.file);
  for (const list of [snapshot.vpcs, snapshot.subnets, snapshot.groups, snapshot.prefixLists, snapshot.endpoints]) for (const x of list) note(x.origin?.file);
  for (const r of snapshot.rules) for (const o of r.origins) note(o.file);
  for (const w of snapshot.warnings) note(w.file);
  const short = shortenFileNames(names);
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

/** A live import's label (`aws://default/eu-west-1`, an endpoint URL): no local path in it. */
function isUrl(name: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(name);
}

/**
 * The folders and file of a path, POSIX or Windows: no empty or `.` parts, no drive letter (a
 * drive or the root says nothing that tells two inputs apart, only where the user keeps them).
 */
function pathParts(name: string): string[] {
  const parts = name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.length > 1 && /^[a-z]:$/i.test(parts[0]!)) parts.shift();
  return parts;
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
