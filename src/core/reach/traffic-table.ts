/**
 * Interned traffic sets for the flow analysis. A large estate has a few hundred distinct rule
 * traffic sets but asks for their unions and intersections hundreds of thousands of times (once
 * per class pair and side), so each distinct set gets a small integer id and every operation on
 * two ids is computed once and remembered. Id 0 is always "no traffic", so emptiness is `=== 0`.
 * The ProtocolPorts rendering of a set is also built once per id and shared by every edge that
 * carries that traffic: treat it as read-only.
 */
import type { ProtocolPorts } from '../analysis-types';
import { NO_TRAFFIC, intersectTraffic, overlapsTraffic, toProtocolPorts, trafficKey, unionTraffic } from '../net/traffic';
import type { TrafficSet } from '../net/traffic';

export const NO_TRAFFIC_ID = 0;

export class TrafficTable {
  private readonly byKey = new Map<string, number>();
  private readonly sets: TrafficSet[] = [];
  // Memos indexed by the smaller id, then keyed by the larger: small-integer keys keep the lookups
  // allocation-free, which matters at a million lookups per analysis.
  private readonly unions: (Map<number, number> | undefined)[] = [];
  private readonly intersections: (Map<number, number> | undefined)[] = [];
  private readonly overlapMemo: (Map<number, boolean> | undefined)[] = [];
  private readonly rendered: ({ ports: ProtocolPorts[]; label: string } | undefined)[] = [];

  constructor() {
    this.intern(NO_TRAFFIC);
  }

  /** The id of a set, equal for equal sets whatever object holds them. */
  intern(t: TrafficSet): number {
    const key = trafficKey(t);
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(t);
      this.byKey.set(key, id);
    }
    return id;
  }

  set(id: number): TrafficSet {
    return this.sets[id] as TrafficSet;
  }

  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const memo = (this.unions[lo] ??= new Map());
    let id = memo.get(hi);
    if (id === undefined) {
      id = this.intern(unionTraffic(this.set(a), this.set(b)));
      memo.set(hi, id);
    }
    return id;
  }

  intersect(a: number, b: number): number {
    if (a === b) return a;
    if (a === 0 || b === 0) return 0;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const memo = (this.intersections[lo] ??= new Map());
    let id = memo.get(hi);
    if (id === undefined) {
      id = this.intern(intersectTraffic(this.set(a), this.set(b)));
      memo.set(hi, id);
    }
    return id;
  }

  overlaps(a: number, b: number): boolean {
    if (a === 0 || b === 0) return false;
    if (a === b) return true;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const memo = (this.overlapMemo[lo] ??= new Map());
    let hit = memo.get(hi);
    if (hit === undefined) {
      hit = overlapsTraffic(this.set(a), this.set(b));
      memo.set(hi, hit);
    }
    return hit;
  }

  /** The set's ProtocolPorts and label, built on first use and shared afterwards. */
  render(id: number): { ports: ProtocolPorts[]; label: string } {
    let r = this.rendered[id];
    if (!r) {
      const ports = toProtocolPorts(this.set(id));
      r = { ports, label: ports.map((p) => p.label).join('; ') };
      this.rendered[id] = r;
    }
    return r;
  }
}
