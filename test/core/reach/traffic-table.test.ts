// The interned traffic table against the TrafficSet algebra it stands for: ids of equal sets are
// equal, and union, intersection, overlap and rendering agree with unionTraffic, intersectTraffic,
// overlapsTraffic and toProtocolPorts, on sets with ports, icmp types, portless protocols, the
// whole of "all traffic" and "all traffic but some protocols" (property-based, fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_TRAFFIC, NO_TRAFFIC, intersectTraffic, overlapsTraffic, subtractTraffic, toProtocolPorts, trafficEquals, trafficOfRule, unionAllTraffic, unionTraffic } from '../../../src/core/net/traffic';
import type { TrafficSet } from '../../../src/core/net/traffic';
import { NO_TRAFFIC_ID, TrafficTable } from '../../../src/core/reach/traffic-table';

const arbRule = fc.oneof(
  fc.tuple(fc.constantFrom(6, 17), fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 12 })).map(([p, from, width]) => trafficOfRule(p, from * 1000, from * 1000 + width)),
  fc.tuple(fc.constantFrom(1, 58), fc.integer({ min: -1, max: 20 }), fc.integer({ min: -1, max: 3 })).map(([p, type, code]) => trafficOfRule(p, type, code)),
  fc.constantFrom(50, 47, 0, 255).map((p) => trafficOfRule(p, null, null)),
  fc.constant(ALL_TRAFFIC),
);
/** Unions of rules, and now and then "all traffic but" some of them (a set with `rest`). */
const arbSet: fc.Arbitrary<TrafficSet> = fc
  .tuple(fc.array(arbRule, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.array(arbRule, { maxLength: 2 }))
  .map(([rules, allBut, cut]) => {
    const union = unionAllTraffic(rules);
    return allBut ? subtractTraffic(ALL_TRAFFIC, unionAllTraffic(cut.length ? cut : [NO_TRAFFIC])) : union;
  });

describe('TrafficTable', () => {
  it('gives equal sets one id and no traffic id 0', () => {
    const table = new TrafficTable();
    expect(table.intern(NO_TRAFFIC)).toBe(NO_TRAFFIC_ID);
    // The same content built two ways (one rule, and a union of its halves) is one id.
    const whole = table.intern(trafficOfRule(6, 80, 90));
    const halves = table.intern(unionTraffic(trafficOfRule(6, 80, 84), trafficOfRule(6, 85, 90)));
    expect(halves).toBe(whole);
    expect(table.intern(trafficOfRule(17, 80, 90))).not.toBe(whole);
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        expect(table.intern(a) === table.intern(b)).toBe(trafficEquals(a, b));
      }),
    );
  });

  it('union, intersection, overlap and rendering agree with the TrafficSet algebra', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        const table = new TrafficTable();
        const ia = table.intern(a);
        const ib = table.intern(b);
        const u = table.union(ia, ib);
        const i = table.intersect(ia, ib);
        expect(trafficEquals(table.set(u), unionTraffic(a, b))).toBe(true);
        expect(trafficEquals(table.set(i), intersectTraffic(a, b))).toBe(true);
        expect(table.overlaps(ia, ib)).toBe(overlapsTraffic(a, b));
        expect(table.render(u).ports).toEqual(toProtocolPorts(unionTraffic(a, b)));
        // Results are ids like any other: interning the expected set finds them.
        expect(table.intern(unionTraffic(a, b))).toBe(u);
        expect(table.intern(intersectTraffic(a, b))).toBe(i);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps "all traffic" whole: its union with anything is all traffic, rendered as such', () => {
    const table = new TrafficTable();
    const all = table.intern(ALL_TRAFFIC);
    const tcp = table.intern(trafficOfRule(6, 22, 22));
    expect(table.union(all, tcp)).toBe(all);
    expect(table.intersect(all, tcp)).toBe(tcp);
    expect(table.render(all).label).toBe('all traffic');
    expect(table.render(table.union(tcp, table.intern(trafficOfRule(6, 23, 23)))).label).toBe('tcp 22-23');
  });
});
