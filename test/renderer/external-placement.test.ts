/**
 * Outside nodes beside the VPC boxes: the numbers below are worked out by hand from the rules in
 * external-placement.ts (first column 160 left of the boxes, rows at least 80 apart, columns at
 * least 150 apart or the widest label plus 40, the column count that fits the pane at the largest zoom).
 */
import { describe, expect, it } from 'vitest';
import { placeOutsideNodes, type OutsideNode } from '../../src/renderer/external-placement';

const box = { x1: 1000, y1: 0, w: 600, h: 500 };

function many(n: number, w = 100): OutsideNode[] {
  return Array.from({ length: n }, (_, i) => ({ id: `x${i}`, y: i, w }));
}

describe('placeOutsideNodes', () => {
  it('puts a few nodes in one column 160 left of the boxes, spread over their height in top-to-bottom order', () => {
    const nodes = [
      { id: 'c', y: 300, w: 60 },
      { id: 'a', y: 100, w: 60 },
      { id: 'b', y: 200, w: 60 },
    ];
    // One column: 3 rows of 500/3 each, starting at the boxes' top.
    const placed = placeOutsideNodes(box, nodes, 1.3);
    expect(Object.keys(placed).sort()).toEqual(['a', 'b', 'c']);
    for (const [id, y] of [['a', 500 / 6], ['b', 250], ['c', 2500 / 6]] as const) {
      expect(placed[id]!.x).toBe(840);
      expect(placed[id]!.y).toBeCloseTo(y, 9);
    }
  });

  it('keeps rows 80 apart, centred on the boxes, when one column is taller than they are', () => {
    // 8 nodes: one column of 8 rows (640 high) beats two of 4 (zoom min(1.3/835, 1/640) vs 1.3/985).
    const placed = placeOutsideNodes(box, many(8), 1.3);
    expect(new Set(Object.values(placed).map((p) => p.x))).toEqual(new Set([840]));
    expect(placed.x0).toEqual({ x: 840, y: -30 });
    expect(placed.x7).toEqual({ x: 840, y: 530 });
  });

  it('wraps 150 CIDR blocks into 8 columns of 19 rows instead of one column 18,000 px tall', () => {
    // Per column count c: width 600 + 160 + 75 + 150(c-1), height 80 * ceil(150/c). At c = 8
    // (19 rows): min(1.3/1885, 1/1520) = 1/1520; c = 7 gives 1/1760, c = 9 gives 1.3/2035.
    const placed = placeOutsideNodes(box, many(150), 1.3);
    const xs = [...new Set(Object.values(placed).map((p) => p.x))].sort((a, b) => b - a);
    const ys = [...new Set(Object.values(placed).map((p) => p.y))].sort((a, b) => a - b);
    expect(xs).toEqual([840, 690, 540, 390, 240, 90, -60, -210]);
    // 19 rows of 80 centred on the boxes: the first at (500 - 1520) / 2 + 40.
    expect(ys).toHaveLength(19);
    expect(ys[0]).toBe(-470);
    expect(ys[18]).toBe(970);
    // Row by row in top-to-bottom order, the nearest column first.
    expect(placed.x0).toEqual({ x: 840, y: -470 });
    expect(placed.x7).toEqual({ x: -210, y: -470 });
    expect(placed.x8).toEqual({ x: 840, y: -390 });
    expect(placed.x149).toEqual({ x: 90, y: 970 });
  });

  it('spaces columns by the widest label plus 40 when that is over 150', () => {
    const nodes = [...many(40), { id: 'wide', y: 100, w: 300 }];
    const xs = [...new Set(Object.values(placeOutsideNodes(box, nodes, 1.3)).map((p) => p.x))].sort((a, b) => b - a);
    expect(xs.length).toBeGreaterThan(1);
    expect(xs[0]! - xs[1]!).toBe(340);
  });

  it('uses more columns for a wider pane', () => {
    const columns = (aspect: number) => new Set(Object.values(placeOutsideNodes(box, many(150), aspect)).map((p) => p.x)).size;
    expect(columns(3)).toBeGreaterThan(columns(1.3));
    expect(columns(0.5)).toBeLessThan(columns(1.3));
  });

  it('places nothing for no nodes, and reads a pane of no size as 1.3 wide per high', () => {
    expect(placeOutsideNodes(box, [], 1.3)).toEqual({});
    expect(placeOutsideNodes(box, many(150), Number.NaN)).toEqual(placeOutsideNodes(box, many(150), 1.3));
    expect(placeOutsideNodes(box, many(150), Infinity)).toEqual(placeOutsideNodes(box, many(150), 1.3));
  });
});
