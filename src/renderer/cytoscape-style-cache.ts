/**
 * A faster `dirtyStyleCache` for Cytoscape, with the same effect. Cytoscape calls it for every style
 * property it applies to an element (first drawing, and every class a filter toggles). On a map
 * with compound nodes (our VPC and subnet boxes) it builds collections of the element's
 * descendants, ancestors and all their edges to mark their style caches stale: on the 10,000-
 * instance benchmark account that was ~0.9 s of opening the map and ~0.6 s of each filter change
 * (measured in Chromium; collection building and its garbage). This walks the same elements
 * through Cytoscape's own parent, children and edge lists, allocating nothing.
 *
 * It reads Cytoscape internals, so it is installed only for the version it was checked against
 * (PATCHED_VERSION); any other version keeps Cytoscape's own function, and the test that compares
 * the two on a compound graph fails until this is checked again.
 */
import cytoscape from 'cytoscape';
import type { Core } from 'cytoscape';

/** The Cytoscape version whose dirtyStyleCache (collection/style.js) this reproduces. */
export const PATCHED_VERSION = '3.34.4';

interface Internal {
  _private: { group: 'nodes' | 'edges'; styleCache: unknown; edges: Internal[]; children: Internal[]; parent: Internal | null; cy: Core };
}

/** Marks an element stale, and a node's connected edges too. */
function dirtyWithEdges(ele: Internal): void {
  const p = ele._private;
  p.styleCache = null;
  if (p.group !== 'nodes') return;
  const edges = p.edges;
  for (let k = 0; k < edges.length; k++) (edges[k] as Internal)._private.styleCache = null;
}

function dirtyDescendants(ele: Internal): void {
  const children = ele._private.children;
  for (let k = 0; k < children.length; k++) {
    const child = children[k] as Internal;
    dirtyWithEdges(child);
    dirtyDescendants(child);
  }
}

/**
 * Cytoscape's: with compound nodes, each element, its descendants and ancestors, and the edges of all
 * of those; without, each element and its edges.
 */
function dirtyStyleCache(this: ArrayLike<Internal> & { cy(): { hasCompoundNodes(): boolean } }): unknown {
  const compound = this.cy().hasCompoundNodes();
  for (let i = 0; i < this.length; i++) {
    const ele = this[i] as Internal;
    dirtyWithEdges(ele);
    if (!compound) continue;
    dirtyDescendants(ele);
    for (let up = ele._private.parent; up; up = up._private.parent) dirtyWithEdges(up);
  }
  return this;
}

/** Collections and elements share one prototype; this returns it. */
function prototypeOf(cy: Core): { dirtyStyleCache: unknown } {
  return Object.getPrototypeOf(cy.collection()) as { dirtyStyleCache: unknown };
}

/** Cytoscape's own function, kept on first install (tests compare against it). */
let original: unknown;

/**
 * Installs the faster dirtyStyleCache for every Cytoscape instance (they share the prototype) when
 * the installed Cytoscape is PATCHED_VERSION; returns whether it is in place.
 */
export function installFastStyleCache(cy: Core, version: string = (cytoscape as unknown as { version: string }).version): boolean {
  if (version !== PATCHED_VERSION) return false;
  const proto = prototypeOf(cy);
  if (proto.dirtyStyleCache !== dirtyStyleCache) original ??= proto.dirtyStyleCache;
  proto.dirtyStyleCache = dirtyStyleCache;
  return true;
}

/** For tests: Cytoscape's own dirtyStyleCache, whether or not the faster one is installed. */
export function originalDirtyStyleCache(cy: Core): unknown {
  const current = prototypeOf(cy).dirtyStyleCache;
  return current === dirtyStyleCache ? original : current;
}

/** For tests: puts Cytoscape's own function back. */
export function uninstallFastStyleCache(cy: Core): void {
  if (original) prototypeOf(cy).dirtyStyleCache = original;
}
