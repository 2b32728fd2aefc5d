/**
 * Lenient readers for Terraform attribute values. The same attribute arrives as a native JSON value
 * (state v4, show/plan JSON) or as a flatmap string (state v1–v3, `attributes_flat`), and pruned or
 * hand-written files leave fields out or use `null` where the provider would write `[]`. Every
 * importer step reads attributes through these helpers so that none of those variants can crash it.
 */

export type Attrs = Record<string, unknown>;

export function isObject(v: unknown): v is Attrs {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, or a number turned into one; anything else is undefined. */
export function readString(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Flatmap writes booleans as "true"/"false"; "1"/"0" appear in very old states. */
export function readBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/** An integer from a number or a numeric string; undefined for anything else (objects, '', NaN). */
export function readInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number.parseInt(v.trim(), 10);
  return undefined;
}

/**
 * A list of strings; `null`, missing and `[]` all read as empty, a lone string as one element.
 * One loop and one array: this runs for several attributes of every rule and endpoint.
 */
export function readStringList(v: unknown): string[] {
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const e of v) {
      const s = readString(e);
      if (s !== undefined) out.push(s);
    }
    return out;
  }
  const one = readString(v);
  return one === undefined ? [] : [one];
}

/** A list of objects (nested blocks); non-object elements are dropped. */
export function readBlocks(v: unknown): Attrs[] {
  if (Array.isArray(v)) return v.filter(isObject);
  if (isObject(v)) return [v];
  return [];
}

/** The first nested block, as Terraform stores single blocks (`vpc_config`) as one-element lists. */
export function readBlock(v: unknown): Attrs | undefined {
  return readBlocks(v)[0];
}

/** String-valued tags only: tag values are copied into the snapshot, so nothing else may slip in. */
export function readTags(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(v).sort()) {
    const value = v[key];
    if (typeof value === 'string') out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Turns a Terraform flatmap (`ingress.#`, `ingress.2541437006.cidr_blocks.0`, `tags.%`, `tags.Name`)
 * into nested objects. `#` marks a list or set: its elements are ordered by their index, which is the
 * position for lists (Terraformer) and a hash for sets, so hash order is merely deterministic. `%`
 * marks a map whose keys may themselves contain dots (`kubernetes.io/cluster/x`), so everything after
 * the map prefix is one key. Values stay strings; the readers above coerce them.
 */
export function unflattenFlatmap(flat: Record<string, unknown>): Attrs {
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(flat)) {
    if (typeof v === 'string') entries.push([k, v]);
    else if (typeof v === 'number' || typeof v === 'boolean') entries.push([k, String(v)]);
  }
  const built = buildNode(entries);
  return isObject(built) ? built : {};
}

function buildNode(entries: [string, string][]): unknown {
  const leaf = entries.find(([k]) => k === '');
  if (leaf && entries.length === 1) return leaf[1];
  const hasCount = entries.some(([k]) => k === '#');
  const hasMap = entries.some(([k]) => k === '%');
  if (hasMap && !hasCount) {
    const map: Attrs = {};
    const nested = new Map<string, [string, string][]>();
    for (const [k, v] of entries) {
      if (k === '%' || k === '') continue;
      // Map values are primitives in practice; a nested marker means a map of blocks (rare).
      const m = /^([^.]+)\.(.*)$/.exec(k);
      if (m && /(^|\.)[#%]$/.test(k)) {
        const group = nested.get(m[1]!) ?? [];
        group.push([m[2]!, v]);
        nested.set(m[1]!, group);
      } else map[k] = v;
    }
    for (const [k, group] of nested) map[k] = buildNode(group);
    return map;
  }
  const groups = new Map<string, [string, string][]>();
  for (const [k, v] of entries) {
    if (k === '#' || k === '%' || k === '') continue;
    const dot = k.indexOf('.');
    const head = dot < 0 ? k : k.slice(0, dot);
    const rest = dot < 0 ? '' : k.slice(dot + 1);
    const group = groups.get(head) ?? [];
    group.push([rest, v]);
    groups.set(head, group);
  }
  // Very old states count maps with `#` too (`tags.#`); real list indices are always digits.
  if (hasCount && [...groups.keys()].every((k) => /^\d+$/.test(k))) {
    const keys = [...groups.keys()].sort(compareIndexKeys);
    return keys.map((key) => buildNode(groups.get(key)!));
  }
  const obj: Attrs = {};
  for (const [key, group] of groups) obj[key] = buildNode(group);
  return obj;
}

function compareIndexKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
