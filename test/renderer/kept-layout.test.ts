// Where nodes go when a group is expanded or collapsed without a new layout, on small maps laid out
// by hand (model coordinates). The starting map, before any expand:
//
//   a(0,0)        A(100,0)          A and B group two endpoints each: a1, a2 and b1, b2
//   B(0,100)
//
// Expanding A puts a1 and a2 in a ring around it; the layout pass then moves every node a little,
// which the "after" maps below stand in for.
import { describe, expect, it } from 'vitest';
import { placeKeptLeaves } from '../../src/renderer/kept-layout';
import type { Point } from '../../src/renderer/grid-layout';
import type { Expansion, LeafNow, LeafNext, Viewport } from '../../src/renderer/kept-layout';

const map = (entries: Record<string, [number, number]>): Map<string, Point> => new Map(Object.entries(entries).map(([id, [x, y]]) => [id, { x, y }]));
/** The nodes of a position map as they stand on the map; members name their group by its first letter. */
const onMap = (positions: Map<string, Point>): LeafNow[] =>
  [...positions].map(([id, p]) => ({ id, ...p, ...(/^[ab]\d$/.test(id) ? { expandedFrom: id[0]!.toUpperCase() } : {}) }));
const leaves = (...ids: string[]): LeafNext[] => ids.map((id) => ({ id, ...(/^[ab]\d$/.test(id) ? { expandedFrom: id[0]!.toUpperCase() } : {}) }));
const plain = (positions: Map<string, Point>): Record<string, [number, number]> => Object.fromEntries([...positions].map(([id, p]) => [id, [p.x, p.y]]));

const map0 = map({ a: [0, 0], A: [100, 0], B: [0, 100] });
// After expanding A: a nudged right, B nudged down, the members either side of where A was.
const map1 = map({ a: [5, 0], a1: [90, 10], a2: [110, -10], B: [0, 110] });
// After expanding B too.
const map2 = map({ a: [5, 5], a1: [95, 10], a2: [115, -10], b1: [-10, 120], b2: [10, 120] });
const view0: Viewport = { zoom: 1, pan: { x: 0, y: 0 } };
const view1: Viewport = { zoom: 0.8, pan: { x: 30, y: 40 } };
const view2: Viewport = { zoom: 0.7, pan: { x: 50, y: 45 } };
const expandA: Expansion = { before: map0, after: map1, viewBefore: view0, viewAfter: view1 };
const expandB: Expansion = { before: map1, after: map2, viewBefore: view1, viewAfter: view2 };

describe('placeKeptLeaves: expanding', () => {
  it('keeps every node where it is and puts the members in a ring around their group', () => {
    const placed = placeKeptLeaves(onMap(map0), leaves('a', 'a1', 'a2', 'B'), new Map(), view0);
    // Two members: radius 40 + 2 × 12 = 64 around A(100,0), the first to its right, the second to its left.
    expect(placed.positions.get('a')).toEqual({ x: 0, y: 0 });
    expect(placed.positions.get('B')).toEqual({ x: 0, y: 100 });
    expect(placed.positions.get('a1')!.x).toBeCloseTo(164);
    expect(placed.positions.get('a1')!.y).toBeCloseTo(0);
    expect(placed.positions.get('a2')!.x).toBeCloseTo(36);
    expect(placed.positions.get('a2')!.y).toBeCloseTo(0);
    expect(placed.positions.has('A')).toBe(false);
    expect(placed.spread).toEqual(['A']);
    expect(placed.returned).toEqual([]);
    expect(placed.view).toBeUndefined();
  });

  it('puts a node it knows nothing of in the middle of the map, not at the origin', () => {
    // The middle of a(0,0), A(100,0), B(0,100) is (100/3, 100/3).
    const placed = placeKeptLeaves(onMap(map0), leaves('a', 'A', 'B', 'z'), new Map());
    expect(placed.positions.get('z')!.x).toBeCloseTo(100 / 3);
    expect(placed.positions.get('z')!.y).toBeCloseTo(100 / 3);
    expect(placed.spread).toEqual([]);
  });
});

describe('placeKeptLeaves: collapsing A', () => {
  const recorded = new Map([['A', expandA]]);
  const panned: Viewport = { zoom: 0.8, pan: { x: 30, y: 140 } };
  it.each<[string, Map<string, Point>, ReadonlyMap<string, Expansion>, Viewport, Record<string, [number, number]>, Viewport | undefined]>([
    // Nothing happened since the expand: every node, and the view, back to before it.
    ['as the expand left it', map1, recorded, view1, { a: [0, 0], A: [100, 0], B: [0, 100] }, view0],
    // A nudge of less than half a pixel is no move.
    ['a nudged 0.3 px', map({ a: [5.3, -0.2], a1: [90, 10], a2: [110, -10], B: [0, 110] }), recorded, view1, { a: [0, 0], A: [100, 0], B: [0, 100] }, view0],
    // The nodes go back; the view stays where the user took it.
    ['panned since', map1, recorded, panned, { a: [0, 0], A: [100, 0], B: [0, 100] }, undefined],
    // a dragged away: no undo, so B stays where the expand left it and A comes back where it was.
    ['a dragged since', map({ a: [300, 300], a1: [90, 10], a2: [110, -10], B: [0, 110] }), recorded, view1, { a: [300, 300], A: [100, 0], B: [0, 110] }, undefined],
    // Expanded before this layout: no record, so A comes back between a1(90,10) and a2(110,-10).
    ['expanded before this layout', map1, new Map(), view1, { a: [5, 0], A: [100, 0], B: [0, 110] }, undefined],
    ['expanded before this layout, members apart', map({ a: [5, 0], a1: [50, 20], a2: [150, 60], B: [0, 110] }), new Map(), view1, { a: [5, 0], A: [100, 40], B: [0, 110] }, undefined],
  ])('%s', (_case, now, expansions, view, expected, expectedView) => {
    const placed = placeKeptLeaves(onMap(now), leaves('a', 'A', 'B'), expansions, view);
    expect(plain(placed.positions)).toEqual(expected);
    expect(placed.view).toEqual(expectedView);
    expect(placed.returned).toEqual(['A']);
    expect(placed.spread).toEqual([]);
  });
});

describe('placeKeptLeaves: two groups', () => {
  it('collapsing the later of two expands goes back one step, then the earlier goes back to the start', () => {
    const both = new Map([['A', expandA], ['B', expandB]]);
    const first = placeKeptLeaves(onMap(map2), leaves('a', 'a1', 'a2', 'B'), both, view2);
    expect(plain(first.positions)).toEqual(plain(map1));
    expect(first.view).toEqual(view1);
    const second = placeKeptLeaves(onMap(map1), leaves('a', 'A', 'B'), new Map([['A', expandA]]), view1);
    expect(plain(second.positions)).toEqual(plain(map0));
    expect(second.view).toEqual(view0);
  });

  it('collapsing the earlier of two expands first keeps the map as it is, A where it was', () => {
    const both = new Map([['A', expandA], ['B', expandB]]);
    const placed = placeKeptLeaves(onMap(map2), leaves('a', 'A', 'b1', 'b2'), both, view2);
    expect(plain(placed.positions)).toEqual({ a: [5, 5], A: [100, 0], b1: [-10, 120], b2: [10, 120] });
    expect(placed.returned).toEqual(['A']);
    expect(placed.view).toBeUndefined();
  });

  it('collapsing both at once undoes B and then A, whichever order the map lists them in', () => {
    const both = new Map([['A', expandA], ['B', expandB]]);
    const placed = placeKeptLeaves(onMap(map2), leaves('B', 'a', 'A'), both, view2);
    expect(plain(placed.positions)).toEqual(plain(map0));
    expect(placed.view).toEqual(view0);
    expect(placed.returned.sort()).toEqual(['A', 'B']);
  });

  it('collapsing all, one group expanded before this layout: the recorded expand is undone first', () => {
    // B was expanded before this layout (b1, b2 on the map from the start); then A was expanded.
    const start = map({ a: [0, 0], A: [100, 0], b1: [-10, 100], b2: [10, 100] });
    const expanded = map({ a: [5, 0], a1: [90, 10], a2: [110, -10], b1: [-10, 110], b2: [10, 110] });
    const onlyA = new Map([['A', { before: start, after: expanded }]]);
    const placed = placeKeptLeaves(onMap(expanded), leaves('a', 'A', 'B'), onlyA);
    // A's expand undone (b1, b2 back at y = 100), then B in the middle of b1 and b2 there.
    expect(plain(placed.positions)).toEqual({ a: [0, 0], A: [100, 0], B: [0, 100] });
  });
});
