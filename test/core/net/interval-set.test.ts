// Interval algebra: hand-worked tables plus fast-check laws over random sets of numbers and bigints,
// checked against a brute-force membership oracle on small universes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  complement,
  containsPoint,
  containsSet,
  equals,
  intersect,
  intervalSet,
  isEmpty,
  overlaps,
  size,
  subtract,
  union,
} from '../../../src/core/net/interval-set';
import type { IntervalSet } from '../../../src/core/net/interval-set';

describe('interval sets by hand', () => {
  it('normalises: sorts, merges overlaps and touching neighbours', () => {
    expect(intervalSet([[5, 7], [1, 2], [3, 4], [10, 12], [11, 11]])).toEqual([[1, 7], [10, 12]]);
    expect(intervalSet<number>([])).toEqual([]);
    expect(() => intervalSet([[3, 1]])).toThrow(RangeError);
  });

  it.each([
    [[[1, 5]], [[3, 8]], [[1, 8]], [[3, 5]], [[1, 2]]],
    [[[1, 5]], [[6, 8]], [[1, 8]], [], [[1, 5]]],
    [[[0, 10]], [[2, 3], [5, 6]], [[0, 10]], [[2, 3], [5, 6]], [[0, 1], [4, 4], [7, 10]]],
    [[[80, 80], [443, 443]], [[0, 65535]], [[0, 65535]], [[80, 80], [443, 443]], []],
  ] as [number, number][][][])('union / intersect / subtract %j %j', (a, b, u, i, d) => {
    expect(union(a, b)).toEqual(u);
    expect(intersect(a, b)).toEqual(i);
    expect(subtract(a, b)).toEqual(d);
  });

  it('contains points and sets, and sees overlaps', () => {
    const s = intervalSet([[80, 80], [443, 443], [8000, 8080]]);
    expect(containsPoint(s, 80)).toBe(true);
    expect(containsPoint(s, 81)).toBe(false);
    expect(containsPoint(s, 8080)).toBe(true);
    expect(containsSet(s, [[8000, 8010]])).toBe(true);
    expect(containsSet(s, [[8000, 8081]])).toBe(false);
    expect(containsSet(s, [])).toBe(true);
    expect(overlaps(s, [[81, 442]])).toBe(false);
    expect(overlaps(s, [[81, 443]])).toBe(true);
  });

  it('bigint sets cover the whole IPv6 space and its top edge', () => {
    const top = (1n << 128n) - 1n;
    const all: IntervalSet<bigint> = [[0n, top]];
    expect(complement(all, 0n, top)).toEqual([]);
    expect(subtract(all, [[top, top]])).toEqual([[0n, top - 1n]]);
    expect(union([[0n, top - 1n]], [[top, top]])).toEqual(all);
    expect(size(all)).toBe(1n << 128n);
    expect(containsPoint(all, top)).toBe(true);
    expect(isEmpty(intersect([[0n, 5n]], [[top - 1n, top]]))).toBe(true);
  });
});

const U = 64;
const arbSet = fc.array(fc.tuple(fc.integer({ min: 0, max: U - 1 }), fc.integer({ min: 0, max: 8 })), { maxLength: 6 }).map((l) =>
  intervalSet(l.map(([s, w]) => [s, Math.min(U - 1, s + w)] as [number, number])),
);
const arbPoint = fc.integer({ min: 0, max: U - 1 });
const members = (s: IntervalSet<number>): Set<number> => {
  const out = new Set<number>();
  for (const [a, b] of s) for (let x = a; x <= b; x++) out.add(x);
  return out;
};
const isCanonical = (s: IntervalSet<number>): boolean => s.every(([a, b], i) => a <= b && (i === 0 || a > (s[i - 1] as [number, number])[1] + 1));

describe('interval set laws (fast-check)', () => {
  it('results are canonical and agree with a membership oracle', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbPoint, (a, b, x) => {
        for (const r of [union(a, b), intersect(a, b), subtract(a, b)]) expect(isCanonical(r)).toBe(true);
        expect(containsPoint(union(a, b), x)).toBe(containsPoint(a, x) || containsPoint(b, x));
        expect(containsPoint(intersect(a, b), x)).toBe(containsPoint(a, x) && containsPoint(b, x));
        expect(containsPoint(subtract(a, b), x)).toBe(containsPoint(a, x) && !containsPoint(b, x));
        expect(containsPoint(a, x)).toBe(members(a).has(x));
        expect(overlaps(a, b)).toBe(!isEmpty(intersect(a, b)));
        expect(containsSet(a, b)).toBe([...members(b)].every((y) => members(a).has(y)));
      }),
    );
  });

  it('union and intersection are commutative, associative and distribute over each other', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbSet, (a, b, c) => {
        expect(equals(union(a, b), union(b, a))).toBe(true);
        expect(equals(intersect(a, b), intersect(b, a))).toBe(true);
        expect(union(union(a, b), c)).toEqual(union(a, union(b, c)));
        expect(intersect(intersect(a, b), c)).toEqual(intersect(a, intersect(b, c)));
        expect(intersect(a, union(b, c))).toEqual(union(intersect(a, b), intersect(a, c)));
        expect(union(a, intersect(b, c))).toEqual(intersect(union(a, b), union(a, c)));
      }),
    );
  });

  it('subtract: (a - b) and b are disjoint and their union is a ∪ b; complement twice is identity', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        expect(isEmpty(intersect(subtract(a, b), b))).toBe(true);
        expect(union(subtract(a, b), b)).toEqual(union(a, b));
        expect(complement(complement(a, 0, U - 1), 0, U - 1)).toEqual(a);
        expect(containsSet(union(a, b), a)).toBe(true);
      }),
    );
  });

  it('the same laws hold for bigints near the top of the IPv6 space', () => {
    const top = (1n << 128n) - 1n;
    const arbBig = arbSet.map((s) => s.map(([x, y]) => [top - BigInt(U - 1 - x), top - BigInt(U - 1 - y)] as const) as IntervalSet<bigint>);
    fc.assert(
      fc.property(arbBig, arbBig, fc.bigInt({ min: top - BigInt(U), max: top }), (a, b, x) => {
        expect(containsPoint(union(a, b), x)).toBe(containsPoint(a, x) || containsPoint(b, x));
        expect(containsPoint(intersect(a, b), x)).toBe(containsPoint(a, x) && containsPoint(b, x));
        expect(containsPoint(subtract(a, b), x)).toBe(containsPoint(a, x) && !containsPoint(b, x));
      }),
    );
  });
});
