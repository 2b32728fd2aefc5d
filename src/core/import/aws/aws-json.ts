/**
 * Defensive readers for AWS answers. The same PascalCase shapes arrive from the AWS CLI (`--output
 * json`), from botocore dumps and from the SDK v3 client, but files on disk may be truncated, edited or
 * from another tool entirely, so nothing here trusts a type: every reader returns undefined (or an
 * empty list) for anything that is not what AWS would send, and the callers decide what to warn about.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A list of objects; non-object items are dropped (the caller counts them via `countNonObjects`). */
export function objectsOf(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) return [];
  const out: JsonObject[] = [];
  for (const item of value) {
    const obj = asObject(item);
    if (obj) out.push(obj);
  }
  return out;
}

/** What a JSON value is, for warnings: 'a string', 'a list', 'null', … */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Calls `each` for every object of a nested list with its index in the list, and warns about what
 * it drops instead of dropping it silently: a value that is not a list, and entries that are not
 * objects. Absent and null are an empty list (AWS leaves empty collections out). `where` names the
 * list in the warning, e.g. `sg-1: IpPermissions`.
 */
export function eachObject(value: unknown, where: string, warn: (message: string) => void, each: (item: JsonObject, index: number) => void): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    warn(`${where} should be a list but is ${describeJson(value)}; ignored`);
    return;
  }
  value.forEach((item: unknown, i) => {
    const obj = asObject(item);
    if (obj) each(obj, i);
    else warn(`${where}[${i}] is ${describeJson(item)}, not an object; skipped`);
  });
}

/** eachObject's objects as a list. */
export function objectsWarned(value: unknown, where: string, warn: (message: string) => void): JsonObject[] {
  const out: JsonObject[] = [];
  eachObject(value, where, warn, (item) => out.push(item));
  return out;
}

export function countNonObjects(value: unknown): number {
  return Array.isArray(value) ? value.filter((item) => asObject(item) === undefined).length : 0;
}

export function readString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function readStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

/** Numbers also arrive as numeric strings from hand-written or converted files. */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** `Tags` / `TagSet` lists of `{Key, Value}` into a record; undefined when there are none. */
export function readTags(value: unknown): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  let any = false;
  for (const tag of objectsOf(value)) {
    const key = readString(tag.Key);
    if (key === undefined) continue;
    tags[key] = typeof tag.Value === 'string' ? tag.Value : '';
    any = true;
  }
  return any ? tags : undefined;
}

export function pushUnique<T>(list: T[], value: T | undefined): void {
  if (value !== undefined && !list.includes(value)) list.push(value);
}

/** `us-east-1a` -> `us-east-1`; local-zone and wavelength names keep their region prefix the same way. */
export function regionOfZone(zone: string | undefined): string | undefined {
  if (zone === undefined) return undefined;
  const match = /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)/.exec(zone);
  return match?.[1];
}
