/**
 * Interned traffic sets for the flow analysis. A large estate has a few hundred distinct rule
 * traffic sets but asks for their unions and intersections hundreds of thousands of times (once
 * per class pair and side), so each distinct set gets a small integer id and every operation on
 * two ids is computed once and remembered. Id 0 is always "no traffic", so emptiness is `=== 0`.
 *
 * Inside the table a set is one sorted list of disjoint, non-adjacent intervals over a single line
 * of keys, protocol * 65536 + port (icmp: type * 256 + code), plus the TrafficSet's `rest` flag.
 * Unions, intersections and overlap tests are then linear merges of integer arrays, and equal sets
 * are found by an integer hash: the first-time operations of a large estate (tens of thousands)
 * built Maps and string keys before. The TrafficSet of an id is built back only when asked for
 * (rendering, the risky-port check), equal in content and `rest` to what the TrafficSet algebra
 * gives. The ProtocolPorts rendering of a set is built once per id and shared by every edge that
 * carries that traffic: treat it as read-only.
 */
import type { ProtocolPorts } from '../analysis-types';
import { NO_TRAFFIC, toProtocolPorts, trafficFromEntries } from '../net/traffic';
import type { TrafficSet } from '../net/traffic';
import type { PortSet } from '../net/interval-set';

export const NO_TRAFFIC_ID = 0;

const PORTS = 65536;
const PROTOCOLS = 256;
const EMPTY = new Int32Array(0);

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

/** Appends [lo, hi] to a list being built in order, joining it to the last interval when they touch. */
function push(out: number[], lo: number, hi: number): void {
  const n = out.length;
  if (n > 0 && (out[n - 1] as number) + 1 >= lo) {
    if (hi > (out[n - 1] as number)) out[n - 1] = hi;
    return;
  }
  out.push(lo, hi);
}

/** The set's intervals on the key line, sorted, disjoint and with touching ones joined. */
function toLine(t: TrafficSet): Int32Array {
  const out: number[] = [];
  const protocols = t.rest ? Array.from({ length: PROTOCOLS }, (_, p) => p) : [...t.protos.keys()].sort((a, b) => a - b);
  for (const p of protocols) {
    const ports: PortSet = t.protos.get(p) ?? (t.rest ? [[0, PORTS - 1]] : []);
    for (const [s, e] of ports) push(out, p * PORTS + s, p * PORTS + e);
  }
  return Int32Array.from(out);
}

/** The TrafficSet of a line: per protocol, the ports that differ from the default (`rest`). */
function fromLine(rest: boolean, line: Int32Array): TrafficSet {
  const byProto = new Map<number, [number, number][]>();
  for (let k = 0; k < line.length; k += 2) {
    let lo = line[k] as number;
    const hi = line[k + 1] as number;
    while (lo <= hi) {
      const p = Math.floor(lo / PORTS);
      const end = Math.min(hi, p * PORTS + PORTS - 1);
      let list = byProto.get(p);
      if (!list) byProto.set(p, (list = []));
      list.push([lo - p * PORTS, end - p * PORTS]);
      lo = end + 1;
    }
  }
  const entries: [number, PortSet][] = [];
  if (rest) {
    // trafficFromEntries drops the protocols equal to the default (full), so list them all.
    for (let p = 0; p < PROTOCOLS; p++) entries.push([p, byProto.get(p) ?? []]);
  } else {
    for (const [p, ranges] of byProto) entries.push([p, ranges]);
  }
  return trafficFromEntries(rest, entries);
}

function unionLines(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number))) {
      push(out, a[i] as number, a[i + 1] as number);
      i += 2;
    } else {
      push(out, b[j] as number, b[j + 1] as number);
      j += 2;
    }
  }
  return Int32Array.from(out);
}

function intersectLines(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] as number, b[j] as number);
    const hi = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (lo <= hi) out.push(lo, hi);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return out.length ? Int32Array.from(out) : EMPTY;
}

function linesOverlap(a: Int32Array, b: Int32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (Math.max(a[i] as number, b[j] as number) <= Math.min(a[i + 1] as number, b[j + 1] as number)) return true;
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return false;
}

function hashLine(rest: boolean, line: Int32Array): number {
  let h = rest ? 0x2545f491 : 0x811c9dc5;
  for (let k = 0; k < line.length; k++) h = Math.imul(h ^ (line[k] as number), 0x01000193);
  return h >>> 0;
}

function sameLine(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export class TrafficTable {
  private readonly lines: Int32Array[] = [EMPTY];
  private readonly rests: boolean[] = [false];
  /** Built on first use from the line, or the set the id was interned from. */
  private readonly sets: (TrafficSet | undefined)[] = [NO_TRAFFIC];
  /** Hash of (rest, line) -> the ids with that hash. */
  private readonly byHash = new Map<number, number[]>();
  // Memos keyed by (smaller id, larger id): integer keys keep the lookups allocation-free, which
  // matters at a million lookups per analysis.
  private readonly unions = new PairMemo();
  private readonly intersections = new PairMemo();
  /** 1 = overlap, 0 = disjoint. */
  private readonly overlapMemo = new PairMemo();
  private readonly rendered: ({ ports: ProtocolPorts[]; label: string } | undefined)[] = [];

  constructor() {
    this.byHash.set(hashLine(false, EMPTY), [NO_TRAFFIC_ID]);
  }

  /** The id of a set, equal for equal sets whatever object holds them. */
  intern(t: TrafficSet): number {
    // Set operations return this very object for an empty result: nothing to convert.
    if (t === NO_TRAFFIC) return NO_TRAFFIC_ID;
    const line = toLine(t);
    // An empty set is id 0 whatever its `rest` says (a rest set whose exceptions empty every protocol).
    if (line.length === 0) return NO_TRAFFIC_ID;
    const id = this.idOf(t.rest, line);
    this.sets[id] ??= t;
    return id;
  }

  set(id: number): TrafficSet {
    let t = this.sets[id];
    if (!t) this.sets[id] = t = fromLine(this.rests[id] as boolean, this.lines[id] as Int32Array);
    return t;
  }

  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    let id = this.unions.get(lo, hi);
    if (id < 0) {
      // `rest` as unionTraffic gives it: either side's.
      id = this.idOf((this.rests[a] as boolean) || (this.rests[b] as boolean), unionLines(this.lines[a] as Int32Array, this.lines[b] as Int32Array));
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
      // without building an empty line.
      id = this.overlaps(a, b)
        ? this.idOf((this.rests[a] as boolean) && (this.rests[b] as boolean), intersectLines(this.lines[a] as Int32Array, this.lines[b] as Int32Array))
        : NO_TRAFFIC_ID;
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
      hit = linesOverlap(this.lines[a] as Int32Array, this.lines[b] as Int32Array) ? 1 : 0;
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

  /** The id of (rest, line), a new one when no equal set was seen. */
  private idOf(rest: boolean, line: Int32Array): number {
    if (line.length === 0) return NO_TRAFFIC_ID;
    const h = hashLine(rest, line);
    const ids = this.byHash.get(h);
    if (ids) {
      for (const id of ids) if (this.rests[id] === rest && sameLine(this.lines[id] as Int32Array, line)) return id;
    }
    const id = this.lines.length;
    this.lines.push(line);
    this.rests.push(rest);
    this.sets.push(undefined);
    if (ids) ids.push(id);
    else this.byHash.set(h, [id]);
    return id;
  }
}
