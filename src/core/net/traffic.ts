/**
 * Traffic sets: which (protocol, port) pairs a rule or a question covers. A set maps each IP
 * protocol 0..255 to a port interval set; tcp/udp use real ports, icmp/icmpv6 encode
 * type*256+code in the same 0..65535 space, and every other protocol is either wholly in or
 * wholly out (AWS ignores ports for them, so we store the full range). To keep "all traffic" small,
 * a set stores a default (`rest`: every unlisted protocol is full or empty) plus the exceptions.
 * Sets are immutable; equal sets have equal canonical content, so `trafficKey` can hash them.
 */
import { PROTO_ALL, PROTO_TCP, PROTO_UDP } from '../model';
import type { ProtocolPorts } from '../analysis-types';
import { icmpTypeName, isIcmp, protocolName, usesPorts } from '../reach/protocols';
import {
  ALL_PORTS,
  EMPTY_SET,
  containsPoint,
  containsSet,
  equals as setEquals,
  overlaps as setOverlaps,
  intersect,
  intervalSet,
  subtract,
  union,
} from './interval-set';
import type { PortSet } from './interval-set';

export interface TrafficSet {
  /** Whether protocols absent from `protos` are wholly included. */
  readonly rest: boolean;
  /** Exceptions to `rest`, never equal to the default (full when rest, empty otherwise). */
  readonly protos: ReadonlyMap<number, PortSet>;
}

export const NO_TRAFFIC: TrafficSet = Object.freeze({ rest: false, protos: new Map() });
export const ALL_TRAFFIC: TrafficSet = Object.freeze({ rest: true, protos: new Map() });

const isFull = (s: PortSet): boolean => s.length === 1 && s[0]![0] === 0 && s[0]![1] === 65535;

function make(rest: boolean, entries: Iterable<[number, PortSet]>): TrafficSet {
  const protos = new Map<number, PortSet>();
  for (const [p, s] of entries) {
    if (rest ? !isFull(s) : s.length > 0) protos.set(p, s);
  }
  if (protos.size === 0) return rest ? ALL_TRAFFIC : NO_TRAFFIC;
  return { rest, protos };
}

/** A set from a default (every unlisted protocol full or empty) and per-protocol port sets. */
export function trafficFromEntries(rest: boolean, entries: Iterable<[number, PortSet]>): TrafficSet {
  return make(rest, entries);
}

/** Protocols listed explicitly (as exceptions to the default) in the set. */
export function listedProtocols(t: TrafficSet): Iterable<number> {
  return t.protos.keys();
}

/** Ports of one protocol in the set (the full range for a portless protocol that is in). */
export function portsOfProtocol(t: TrafficSet, protocol: number): PortSet {
  return portsOf(t, protocol);
}

/** Traffic on one protocol over the given port set; portless protocols take the full range. */
export function trafficOf(protocol: number, ports: PortSet): TrafficSet {
  if (protocol === PROTO_ALL) return ALL_TRAFFIC;
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) return NO_TRAFFIC;
  return make(false, [[protocol, usesPorts(protocol) ? intersect(ports, ALL_PORTS) : ALL_PORTS]]);
}

/** The icmp/icmpv6 sub-range for a type and code, where -1 (or undefined) means "every". */
export function icmpRange(type: number | null | undefined, code: number | null | undefined): PortSet {
  if (type === null || type === undefined || type < 0) return ALL_PORTS;
  if (type > 255) return EMPTY_SET;
  if (code === null || code === undefined || code < 0) return [[type * 256, type * 256 + 255]];
  if (code > 255) return EMPTY_SET;
  return [[type * 256 + code, type * 256 + code]];
}

/**
 * What one security group rule covers. -1 is everything whatever its ports say; tcp/udp ports are
 * [from, to] (missing or negative bounds mean the open end, as AWS shows -1 for "all"); icmp takes
 * from = type and to = code; other protocols ignore ports.
 */
export function trafficOfRule(protocol: number, fromPort: number | null, toPort: number | null): TrafficSet {
  if (protocol === PROTO_ALL) return ALL_TRAFFIC;
  if (isIcmp(protocol)) return trafficOf(protocol, icmpRange(fromPort, toPort));
  if (protocol === PROTO_TCP || protocol === PROTO_UDP) {
    const from = fromPort === null || fromPort < 0 ? 0 : fromPort;
    const to = toPort === null || toPort < 0 ? 65535 : toPort;
    return trafficOf(protocol, from <= to ? [[from, to]] : EMPTY_SET);
  }
  return trafficOf(protocol, ALL_PORTS);
}

/**
 * A question naming an ICMP code but no type. Codes are numbered within a type (code 3 of type 3 is
 * "port unreachable", of type 5 a host redirect): a code alone names no traffic, where it used to be
 * dropped and the question widened to every type and code. AWS refuses such a rule for the same reason.
 */
export function isIcmpCodeWithoutType(type: number | undefined, code: number | undefined): boolean {
  return code !== undefined && code >= 0 && (type === undefined || type < 0);
}

/**
 * What one question asks about: a tcp/udp port (every port when omitted), an icmp type/code
 * (-1 or omitted = every), a portless protocol, or -1 = every protocol and port.
 */
export function trafficOfQuery(q: { protocol: number; port?: number; icmpType?: number; icmpCode?: number }): TrafficSet {
  // The boundary of every question: a protocol name or an out-of-range number here would build a
  // set no rule speaks about, and the answer would be nonsense rather than an error.
  const int = (v: unknown, lo: number, hi: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
  if (!int(q.protocol, -1, 255)) throw new Error(`protocol must be a number from -1 to 255, got ${JSON.stringify(q.protocol)}`);
  if (q.port !== undefined && !int(q.port, -1, 65535)) throw new Error(`port must be a number from 0 to 65535, got ${JSON.stringify(q.port)}`);
  for (const [name, v] of [['icmpType', q.icmpType], ['icmpCode', q.icmpCode]] as const) {
    if (v !== undefined && !int(v, -1, 255)) throw new Error(`${name} must be a number from -1 to 255, got ${JSON.stringify(v)}`);
  }
  if (isIcmpCodeWithoutType(q.icmpType, q.icmpCode)) {
    throw new Error(`icmpCode ${q.icmpCode} needs an icmpType: ICMP codes are numbered within a type`);
  }
  if (q.protocol === PROTO_ALL) return ALL_TRAFFIC;
  if (isIcmp(q.protocol)) return trafficOf(q.protocol, icmpRange(q.icmpType, q.icmpCode));
  if (q.protocol === PROTO_TCP || q.protocol === PROTO_UDP) {
    return trafficOf(q.protocol, q.port === undefined || q.port < 0 ? ALL_PORTS : [[q.port, q.port]]);
  }
  return trafficOf(q.protocol, ALL_PORTS);
}

function portsOf(t: TrafficSet, p: number): PortSet {
  return t.protos.get(p) ?? (t.rest ? ALL_PORTS : EMPTY_SET);
}

function combine(a: TrafficSet, b: TrafficSet, rest: boolean, op: (x: PortSet, y: PortSet) => PortSet): TrafficSet {
  const keys = new Set<number>([...a.protos.keys(), ...b.protos.keys()]);
  const entries: [number, PortSet][] = [];
  for (const p of keys) entries.push([p, op(portsOf(a, p), portsOf(b, p))]);
  return make(rest, entries);
}

export function unionTraffic(a: TrafficSet, b: TrafficSet): TrafficSet {
  if (a === NO_TRAFFIC || b === ALL_TRAFFIC) return b;
  if (b === NO_TRAFFIC || a === ALL_TRAFFIC) return a;
  return combine(a, b, a.rest || b.rest, union);
}

/** Union of many sets in one pass: one merge per protocol instead of one allocation per set. */
export function unionAllTraffic(list: readonly TrafficSet[]): TrafficSet {
  if (list.length === 0) return NO_TRAFFIC;
  if (list.length === 1) return list[0] as TrafficSet;
  const byProto = new Map<number, [number, number][]>();
  for (const t of list) {
    if (t.rest) return list.reduce(unionTraffic, NO_TRAFFIC);
    for (const [p, set] of t.protos) {
      let acc = byProto.get(p);
      if (!acc) byProto.set(p, (acc = []));
      for (const iv of set) acc.push([iv[0], iv[1]]);
    }
  }
  const entries: [number, PortSet][] = [];
  for (const [p, ivs] of byProto) entries.push([p, intervalSet(ivs)]);
  return make(false, entries);
}

export function intersectTraffic(a: TrafficSet, b: TrafficSet): TrafficSet {
  if (a === ALL_TRAFFIC || b === NO_TRAFFIC) return b;
  if (b === ALL_TRAFFIC || a === NO_TRAFFIC) return a;
  return combine(a, b, a.rest && b.rest, intersect);
}

/** a minus b. */
export function subtractTraffic(a: TrafficSet, b: TrafficSet): TrafficSet {
  if (b === NO_TRAFFIC || a === NO_TRAFFIC) return a;
  if (b === ALL_TRAFFIC) return NO_TRAFFIC;
  return combine(a, b, a.rest && !b.rest, subtract);
}

export function isTrafficEmpty(t: TrafficSet): boolean {
  return !t.rest && t.protos.size === 0;
}

export function isAllTraffic(t: TrafficSet): boolean {
  return t.rest && t.protos.size === 0;
}

/** Is every (protocol, port) of b also in a? */
export function coversTraffic(a: TrafficSet, b: TrafficSet): boolean {
  if (b.rest && !a.rest) return false;
  const keys = new Set<number>([...a.protos.keys(), ...b.protos.keys()]);
  for (const p of keys) if (!containsSet(portsOf(a, p), portsOf(b, p))) return false;
  return true;
}

/** Do the sets share any (protocol, port)? Allocation-free: the engine asks this per rule. */
export function overlapsTraffic(a: TrafficSet, b: TrafficSet): boolean {
  if (a.rest && b.rest) {
    // Both hold every unlisted protocol; only a protocol listed on one side can break that, and
    // at most 256 protocols exist, so some protocol is shared unless all 256 are listed.
    if (a.protos.size + b.protos.size < 256) return true;
  }
  for (const [p, s] of a.protos) if (setOverlaps(s, portsOf(b, p))) return true;
  for (const [p, s] of b.protos) if (!a.protos.has(p) && setOverlaps(portsOf(a, p), s)) return true;
  if (a.rest && b.rest) {
    for (let p = 0; p < 256; p++) if (!a.protos.has(p) && !b.protos.has(p)) return true;
  }
  return false;
}

export function trafficEquals(a: TrafficSet, b: TrafficSet): boolean {
  if (a.rest !== b.rest || a.protos.size !== b.protos.size) return false;
  for (const [p, s] of a.protos) {
    const o = b.protos.get(p);
    if (!o || !setEquals(s, o)) return false;
  }
  return true;
}

/** Does the set hold this protocol at this port (icmp: type*256+code)? */
export function trafficContains(t: TrafficSet, protocol: number, port = 0): boolean {
  return containsPoint(portsOf(t, protocol), usesPorts(protocol) ? port : 0);
}

/** A canonical string for hashing and grouping equal sets. */
export function trafficKey(t: TrafficSet): string {
  const parts = [...t.protos.keys()].sort((x, y) => x - y).map((p) => `${p}:${t.protos.get(p)!.map(([s, e]) => (s === e ? `${s}` : `${s}-${e}`)).join(',')}`);
  return `${t.rest ? '*' : ''}|${parts.join('|')}`;
}

/** The set back from ProtocolPorts (e.g. read from JSON). */
export function trafficFromProtocolPorts(list: readonly ProtocolPorts[]): TrafficSet {
  let t = NO_TRAFFIC;
  for (const pp of list) t = unionTraffic(t, pp.protocol === PROTO_ALL ? ALL_TRAFFIC : trafficOf(pp.protocol, intervalSet(pp.ranges)));
  return t;
}

function icmpParts(protocol: number, ranges: PortSet): string[] {
  const out: string[] = [];
  const typeLabel = (t: number): string => icmpTypeName(protocol, t) ?? `type ${t}`;
  for (const [s, e] of ranges) {
    let pos = s;
    while (pos <= e) {
      const t = pos >> 8;
      const c = pos & 255;
      if (c === 0 && t * 256 + 255 <= e) {
        const lastType = Math.min(255, Math.floor((e + 1) / 256) - 1);
        out.push(lastType === t ? typeLabel(t) : `type ${t}-${lastType}`);
        pos = lastType * 256 + 256;
      } else {
        const endCode = Math.min(255, e - t * 256);
        out.push(endCode === c ? `type ${t} code ${c}` : `type ${t} code ${c}-${endCode}`);
        pos = t * 256 + endCode + 1;
      }
    }
  }
  return out;
}

/** Label of one protocol's ports: 'tcp 80, 443, 8000-8080', 'icmp echo-request', 'udp all ports'. */
export function portsLabel(protocol: number, ranges: PortSet): string {
  const name = protocolName(protocol);
  if (protocol === PROTO_ALL) return 'all traffic';
  if (!usesPorts(protocol)) return `protocol ${protocol}`;
  if (isFull(ranges)) return isIcmp(protocol) ? `${name} all` : `${name} all ports`;
  if (isIcmp(protocol)) return `${name} ${icmpParts(protocol, ranges).join(', ')}`;
  return `${name} ${ranges.map(([s, e]) => (s === e ? `${s}` : `${s}-${e}`)).join(', ')}`;
}

/** The set as ProtocolPorts, ascending by protocol; 'all traffic' is one entry with protocol -1. */
export function toProtocolPorts(t: TrafficSet): ProtocolPorts[] {
  if (isAllTraffic(t)) return [{ protocol: PROTO_ALL, name: 'all', ranges: [], label: 'all traffic' }];
  const protocols = t.rest ? Array.from({ length: 256 }, (_, i) => i) : [...t.protos.keys()].sort((a, b) => a - b);
  const out: ProtocolPorts[] = [];
  for (const p of protocols) {
    const ranges = portsOf(t, p);
    if (ranges.length === 0) continue;
    out.push({ protocol: p, name: protocolName(p), ranges: ranges.map(([s, e]) => [s, e]), label: portsLabel(p, ranges) });
  }
  return out;
}

/** 'tcp 80, 443; udp 53' or 'all traffic' (or 'no traffic'). */
export function trafficLabel(t: TrafficSet): string {
  if (isTrafficEmpty(t)) return 'no traffic';
  return toProtocolPorts(t).map((pp) => pp.label).join('; ');
}

