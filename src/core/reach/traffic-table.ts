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

/**
 * Int -> int memo keyed by an unordered-normalised pair of ids (lo, hi): open addressing over
 * typed arrays, so a lookup is a few integer operations and touches no Map or boxed key. It
 * replaced per-id Maps, whose lookups were a large part of the pair checks (about a million per
 * analysis of a large estate). Values are >= 0; -1 means absent.
 */
class PairMemo {
  private los = new Int32Array(1024).fill(-1);
  private his = new Int32Array(1024);
  private values = new Int32Array(1024);
  private size = 0;

  private slot(lo: number, hi: number): number {
    const mask = this.los.length - 1;
    let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & mask;
    for (;;) {
      const k = this.los[h] as number;
      if (k === -1 || (k === lo && this.his[h] === hi)) return h;
      h = (h + 1) & mask;
    }
  }

  get(lo: number, hi: number): number {
    const h = this.slot(lo, hi);
    return this.los[h] === -1 ? -1 : (this.values[h] as number);
  }

  set(lo: number, hi: number, value: number): void {
    const h = this.slot(lo, hi);
    if (this.los[h] === -1) {
      this.los[h] = lo;
      this.his[h] = hi;
      this.size++;
    }
    this.values[h] = value;
    if (this.size * 2 > this.los.length) this.grow();
  }

  private grow(): void {
    const { los, his, values } = this;
    this.los = new Int32Array(los.length * 2).fill(-1);
    this.his = new Int32Array(los.length * 2);
    this.values = new Int32Array(los.length * 2);
    for (let k = 0; k < los.length; k++) {
      if (los[k] === -1) continue;
      const h = this.slot(los[k] as number, his[k] as number);
      this.los[h] = los[k] as number;
      this.his[h] = his[k] as number;
      this.values[h] = values[k] as number;
    }
  }
}

export class TrafficTable {
  private readonly byKey = new Map<string, number>();
  private readonly sets: TrafficSet[] = [];
  // Memos keyed by (smaller id, larger id): integer keys keep the lookups allocation-free, which
  // matters at a million lookups per analysis.
  private readonly unions = new PairMemo();
  private readonly intersections = new PairMemo();
  /** 1 = overlap, 0 = disjoint. */
  private readonly overlapMemo = new PairMemo();
  private readonly rendered: ({ ports: ProtocolPorts[]; label: string } | undefined)[] = [];

  constructor() {
    this.sets.push(NO_TRAFFIC);
    this.byKey.set(trafficKey(NO_TRAFFIC), NO_TRAFFIC_ID);
  }

  /** The id of a set, equal for equal sets whatever object holds them. */
  intern(t: TrafficSet): number {
    // Set operations return this very object for an empty result: no key to build.
    if (t === NO_TRAFFIC) return NO_TRAFFIC_ID;
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
    let id = this.unions.get(lo, hi);
    if (id < 0) {
      id = this.intern(unionTraffic(this.set(a), this.set(b)));
      this.unions.set(lo, hi, id);
    }
    return id;
  }

  intersect(a: number, b: number): number {
    if (a === b) return a;
    if (a === 0 || b === 0) return 0;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    let id = this.intersections.get(lo, hi);
    if (id < 0) {
      // Most pairs the flow analysis intersects are disjoint: the (memoized) overlap test says so
      // without building an empty set and its key.
      id = this.overlaps(a, b) ? this.intern(intersectTraffic(this.set(a), this.set(b))) : NO_TRAFFIC_ID;
      this.intersections.set(lo, hi, id);
    }
    return id;
  }

  overlaps(a: number, b: number): boolean {
    if (a === 0 || b === 0) return false;
    if (a === b) return true;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    let hit = this.overlapMemo.get(lo, hi);
    if (hit < 0) {
      hit = overlapsTraffic(this.set(a), this.set(b)) ? 1 : 0;
      this.overlapMemo.set(lo, hi, hit);
    }
    return hit === 1;
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
