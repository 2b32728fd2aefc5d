/**
 * Plan-time unknowns. In a plan, a value computed at apply time (a new group's id, an ingress
 * block's `security_groups`) is absent from the planned values and marked `true` in `after_unknown`,
 * possibly deep inside a list. The only way to link such a value to a group is the resource's
 * `configuration` expression `references` (`aws_security_group.web.id`), resolved within the
 * referencing resource's module instance, and followed across module boundaries through module
 * outputs and input variables. These helpers answer "is this path unknown?" and "which resource
 * addresses does the expression at this path reference?".
 */
import { isObject } from './values';
import type { ModuleLinks, TfResource } from './records';

type PathPart = string | number;

/** True when `after_unknown` marks the value at `path` (or an element of it) as unknown. */
export function isUnknownAt(rec: TfResource, path: PathPart[]): boolean {
  let node: unknown = rec.unknown;
  for (const part of path) {
    if (node === true) return true;
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isObject(node) && typeof part === 'string') node = node[part];
    else return false;
  }
  if (node === true) return true;
  return Array.isArray(node) && node.some((e) => e === true);
}

/**
 * References found in the configuration expression at `path`. Blocks written as blocks appear as an
 * array of per-block expression objects; written as a list expression they appear as one object with
 * `references` for the whole attribute. When the exact path cannot be followed, every reference under
 * the deepest reachable node counts (the caller filters by resource type).
 */
export function configReferencesAt(rec: TfResource, path: PathPart[]): string[] {
  let node: unknown = rec.expressions;
  for (const part of path) {
    if (isObject(node) && Array.isArray(node.references)) break;
    if (Array.isArray(node)) {
      if (typeof part === 'number') node = part < node.length ? node[part] : node;
      else node = node.map((n) => (isObject(n) ? n[part] : undefined));
    } else if (isObject(node)) {
      if (typeof part === 'number') continue;
      // An attribute the configuration does not set references nothing.
      if (!(part in node)) return [];
      node = node[part];
    } else return [];
  }
  return referencesUnder(node);
}

/**
 * Every `references` entry under a configuration expression (nested lists and objects included).
 * For a reference to one instance (`aws_security_group.web[0].id`) Terraform also lists the
 * resource without its key (`aws_security_group.web`); that one is left out, or it would stand for
 * every instance. A resource named without any key (no count, a splat, a computed index) stays.
 */
export function referencesUnder(node: unknown): string[] {
  const out: string[] = [];
  collectReferences(node, out);
  const refs = [...new Set(out)];
  const keyed = new Set<string>();
  for (const r of refs) {
    const m = KEYED_RESOURCE.exec(r);
    if (m) keyed.add(m[1]!);
  }
  return keyed.size === 0 ? refs : refs.filter((r) => !keyed.has(r));
}

function collectReferences(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collectReferences(n, out);
  } else if (isObject(node)) {
    if (Array.isArray(node.references)) {
      for (const r of node.references) if (typeof r === 'string') out.push(r);
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'references' && k !== 'constant_value') collectReferences(v, out);
  }
}

/**
 * Candidate resource addresses for a reference made inside `module`: `aws_security_group.web.id`
 * gives `<module>.aws_security_group.web`; an indexed reference keeps its index. Returns
 * [exact address, base address without index] so the caller can fall back to "all instances".
 */
export function referenceTargets(module: string, ref: string): { exact: string; base: string } | undefined {
  const m = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/.exec(ref);
  if (!m || ref.startsWith('module.') || ref.startsWith('var.') || ref.startsWith('local.')) return undefined;
  const prefix = module ? `${module}.` : '';
  return { exact: `${prefix}${m[1]}${m[2] ?? ''}`, base: `${prefix}${m[1]}` };
}

/**
 * A resource a reference leads to; `anyModuleKey` when it passed through a module call without an
 * instance key, whose module paths (as they appear in `exact`, without a key) are `anyKeyModules`:
 * any instance of those calls matches, while every other module key in the address still must.
 */
export interface RefTarget {
  exact: string;
  base: string;
  anyModuleKey: boolean;
  anyKeyModules: string[];
  /**
   * Reached through a module input whose expression also references each.* or count.* (the
   * caller's `[aws_security_group.svc[each.key].id]`): its key is computed, which the plan does
   * not say more of.
   */
  computedKey?: true;
}

/** Whether references list a key computed at apply: each.key, each.value…, count.index. */
export function hasComputedKey(refs: readonly string[]): boolean {
  return refs.some((r) => r === 'count.index' || r === 'each.key' || r === 'each.value' || r.startsWith('each.value.'));
}

const KEY = String.raw`\[(?:"(?:[^"\\]|\\.)*"|\d+)\]`;
const TRAILING_KEY = new RegExp(`${KEY}$`);

/** The instance key at the end of a resource address (`[0]`, `["api"]`), or undefined without one. */
export function instanceKeyOf(address: string): string | undefined {
  return TRAILING_KEY.exec(address)?.[0];
}
/** A reference to a keyed resource instance, and the resource (`[data.]type.name`) it is of. */
const KEYED_RESOURCE = new RegExp(`^((?:data\\.)?[a-z0-9_]+\\.[A-Za-z0-9_-]+)${KEY}`);
const MODULE_REF = new RegExp(`^module\\.([A-Za-z0-9_-]+)((?:${KEY})?)\\.([A-Za-z0-9_-]+)`);
const MODULE_KEYS = new RegExp(`(module\\.[A-Za-z0-9_-]+)${KEY}`, 'g');

/**
 * The resources a reference made inside module instance `module` leads to, following module
 * boundaries the way Terraform evaluates them: `module.sg.id` through the output `id` of the call
 * `sg` into that module, and `var.x` inside a module through the caller's expression for input x.
 * Locals are not in the plan's configuration, so references through them lead nowhere.
 */
export function resolveReference(links: ModuleLinks | undefined, module: string, ref: string, depth = 0, anyKey: readonly string[] = []): RefTarget[] {
  if (depth > 16) return [];
  const v = /^var\.([A-Za-z0-9_-]+)/.exec(ref);
  if (v) {
    if (!module || !links) return [];
    const refs = links.inputs.get(stripModuleKeys(module))?.get(v[1]!) ?? [];
    const caller = parentModule(module);
    // Back in the caller: a call crossed without a key no longer encloses what is found there.
    const still = anyKey.filter((w) => caller === w || caller.startsWith(`${w}.`));
    const found = refs.flatMap((r) => resolveReference(links, caller, r, depth + 1, still));
    return hasComputedKey(refs) ? found.map((t) => ({ ...t, computedKey: true as const })) : found;
  }
  const m = MODULE_REF.exec(ref);
  if (m) {
    if (!links) return [];
    const callee = `${module ? `${module}.` : ''}module.${m[1]!}${m[2] ?? ''}`;
    const refs = links.outputs.get(stripModuleKeys(callee))?.get(m[3]!) ?? [];
    // Only this call's own instance key is open; the keys of the modules around it are not.
    const next = m[2] ? anyKey : [...anyKey, callee];
    return refs.flatMap((r) => resolveReference(links, callee, r, depth + 1, next));
  }
  const t = referenceTargets(module, ref);
  return t ? [{ ...t, anyModuleKey: anyKey.length > 0, anyKeyModules: [...anyKey] }] : [];
}

/**
 * The resource addresses a target stands for: `exact`, or any instance of `base` when the
 * reference named no index, with any instance key after each module of `anyKeyModules`.
 */
export function targetPattern(t: RefTarget): RegExp {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const open = [...new Set(t.anyKeyModules)].filter((w) => t.base.startsWith(`${w}.`)).map((w) => w.length).sort((a, b) => a - b);
  const build = (address: string): string => {
    let out = '';
    let at = 0;
    for (const cut of open) {
      out += `${escape(address.slice(at, cut))}(?:${KEY})?`;
      at = cut;
    }
    return out + escape(address.slice(at));
  };
  return new RegExp(t.exact === t.base ? `^${build(t.base)}(?:${KEY})?$` : `^${build(t.exact)}$`);
}

/** `module.a[0].module.b["x"]` -> `module.a[0]`; a string key may itself hold `.module.` or quotes. */
function parentModule(module: string): string {
  // The last `.module.` outside the instance keys: blank the keys out (same length) and search that.
  const at = module.replace(MODULE_KEYS, (whole, call: string) => call + ' '.repeat(whole.length - call.length)).lastIndexOf('.module.');
  return at < 0 ? '' : module.slice(0, at);
}

/** `module.a[0].module.b["x"].aws_x.y[1]` -> `module.a.module.b.aws_x.y[1]`: instance keys of modules only. */
export function stripModuleKeys(address: string): string {
  return address.replace(MODULE_KEYS, '$1');
}
