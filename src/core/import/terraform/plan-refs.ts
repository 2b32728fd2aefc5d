/**
 * Plan-time unknowns. In a plan, a value computed at apply time (a new group's id, an ingress
 * block's `security_groups`) is absent from the planned values and marked `true` in `after_unknown`,
 * possibly deep inside a list. The only way to link such a value to a group is the resource's
 * `configuration` expression `references` (`aws_security_group.web.id`), resolved within the
 * referencing resource's module instance. These helpers answer "is this path unknown?" and "which
 * resource addresses does the expression at this path reference?".
 */
import { isObject } from './values';
import type { TfResource } from './records';

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
  const out: string[] = [];
  collectReferences(node, out);
  return [...new Set(out)];
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
