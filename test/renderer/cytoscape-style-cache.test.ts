// The faster dirtyStyleCache must mark exactly the elements Cytoscape's own marks, for single
// elements and collections, on compound and flat graphs, since a style cache left stale draws an
// element with an old colour or size. Both run on headless Cytoscape, starting from every cache set.
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition } from 'cytoscape';
import { afterEach, describe, expect, it } from 'vitest';
import { PATCHED_VERSION, installFastStyleCache, originalDirtyStyleCache, uninstallFastStyleCache } from '../../src/renderer/cytoscape-style-cache';

type Priv = { _private: { styleCache: unknown } };

/** A VPC box holding two subnet boxes, endpoints inside and outside them, and edges across. */
const COMPOUND: ElementDefinition[] = [
  { data: { id: 'vpc' } },
  { data: { id: 'sub-a', parent: 'vpc' } },
  { data: { id: 'sub-b', parent: 'vpc' } },
  { data: { id: 'a1', parent: 'sub-a' } },
  { data: { id: 'a2', parent: 'sub-a' } },
  { data: { id: 'b1', parent: 'sub-b' } },
  { data: { id: 'v1', parent: 'vpc' } },
  { data: { id: 'net' } },
  { data: { id: 'lone' } },
  { data: { id: 'e1', source: 'net', target: 'a1' } },
  { data: { id: 'e2', source: 'a1', target: 'b1' } },
  { data: { id: 'e3', source: 'a2', target: 'a2' } },
  { data: { id: 'e4', source: 'v1', target: 'net' } },
  { data: { id: 'e5', source: 'sub-b', target: 'net' } },
];
const FLAT: ElementDefinition[] = COMPOUND.map((el) => ({ data: { ...el.data, parent: undefined } }));

/** The ids whose style cache `dirty` marks stale, every cache having been set before. */
function dirtied(cy: Core, ids: string[], dirty: unknown): string[] {
  cy.elements().forEach((e) => void ((e as unknown as Priv)._private.styleCache = { set: true }));
  (dirty as (this: unknown) => unknown).call(ids.reduce((eles, id) => eles.union(cy.getElementById(id)), cy.collection()));
  return cy
    .elements()
    .filter((e) => (e as unknown as Priv)._private.styleCache === null)
    .map((e) => e.id())
    .sort();
}

const CASES: string[][] = [['a1'], ['sub-a'], ['vpc'], ['net'], ['lone'], ['e2'], ['e5'], ['a2', 'e1'], ['b1', 'sub-a', 'e4'], []];

describe('installFastStyleCache', () => {
  afterEach(() => uninstallFastStyleCache(cytoscape({ headless: true })));

  for (const [name, elements] of [['compound', COMPOUND], ['flat', FLAT]] as const) {
    it(`marks the same elements stale as Cytoscape's own dirtyStyleCache (${name} graph)`, () => {
      const cy = cytoscape({ headless: true, elements });
      expect((cy as unknown as { hasCompoundNodes(): boolean }).hasCompoundNodes()).toBe(name === 'compound');
      const own = originalDirtyStyleCache(cy);
      const expected = CASES.map((ids) => dirtied(cy, ids, own));
      expect(installFastStyleCache(cy)).toBe(true);
      const fast = (cy.collection() as unknown as { dirtyStyleCache: unknown }).dirtyStyleCache;
      expect(fast).not.toBe(own);
      CASES.forEach((ids, k) => expect(dirtied(cy, ids, fast), ids.join(',')).toEqual(expected[k]));
      // Not vacuous: a subnet box marks its members, their edges and the VPC above it.
      if (name === 'compound') expect(expected[1]).toEqual(['a1', 'a2', 'e1', 'e2', 'e3', 'sub-a', 'vpc']);
    });
  }

  it('is installed for the Cytoscape version it reproduces, and only for it', () => {
    const cy = cytoscape({ headless: true });
    // A Cytoscape upgrade lands here: compare its collection/style.js dirtyStyleCache, then bump PATCHED_VERSION.
    expect((cytoscape as unknown as { version: string }).version).toBe(PATCHED_VERSION);
    expect(installFastStyleCache(cy, '3.99.0')).toBe(false);
    expect((cy.collection() as unknown as { dirtyStyleCache: unknown }).dirtyStyleCache).toBe(originalDirtyStyleCache(cy));
  });
});
