/**
 * Pure helpers over protocol/port sets as the map shows them: which flows count as risky when they
 * come from the Internet, whether a flow's ports meet a port filter, and how the rules of the
 * security-groups view merge into the same "tcp 80, 443" labels that the engine gives flow edges.
 * The engine owns the real semantics; these helpers only read its output, so they stay small.
 */
import type { ProtocolPorts } from '../core/analysis-types';
import type { Rule } from '../core/model';

/** Admin and database ports that must never be open to the Internet; the map paints them red. */
export const SENSITIVE_PORTS: readonly number[] = [
  20, 21, 22, 23, 135, 139, 445, 1433, 1521, 2049, 2375, 2376, 3306, 3389, 5432, 5601, 5900, 5984,
  6379, 7000, 7001, 8020, 9042, 9200, 9300, 11211, 27017, 27018, 50070,
];

const PROTOCOL_NAMES: Record<number, string> = { [-1]: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

/** Display name for an IP protocol number, as the engine spells it. */
export function nameProtocol(protocol: number): string {
  return PROTOCOL_NAMES[protocol] ?? String(protocol);
}

/** Whether a port set opens every protocol or a sensitive tcp/udp port. */
export function containsSensitivePort(ports: readonly ProtocolPorts[]): boolean {
  for (const p of ports) {
    if (p.protocol === -1) return true;
    if (p.protocol !== 6 && p.protocol !== 17) continue;
    for (const [from, to] of p.ranges) {
      // A wide range (e.g. 0-65535) necessarily contains one; the loop stays short for small ones.
      if (to - from > 1000) return true;
      if (SENSITIVE_PORTS.some((s) => s >= from && s <= to)) return true;
    }
  }
  return false;
}

/** A port-filter criterion: a protocol (or any), and an optional inclusive port range. */
export interface PortCriterion {
  /** IP protocol number, or null for "tcp or udp or anything" (a bare port number). */
  protocol: number | null;
  range?: [number, number];
}

/** Whether a flow's ports let through some traffic the criterion asks about. */
export function matchPorts(ports: readonly ProtocolPorts[], c: PortCriterion): boolean {
  for (const p of ports) {
    // "all traffic" carries every protocol and port, so it meets every criterion.
    if (p.protocol === -1) return true;
    if (c.protocol !== null && p.protocol !== c.protocol) continue;
    if (!c.range) return true;
    if (p.protocol !== 6 && p.protocol !== 17) {
      // Port-less protocols (icmp, gre…) only match an explicit protocol criterion.
      if (c.protocol !== null && c.protocol !== 6 && c.protocol !== 17) return true;
      continue;
    }
    const [lo, hi] = c.range;
    if (p.ranges.some(([from, to]) => from <= hi && to >= lo)) return true;
  }
  return false;
}

/** Sorts and merges inclusive ranges, joining adjacent ones. */
export function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

function labelRanges(name: string, ranges: [number, number][]): string {
  if (ranges.length === 1 && ranges[0]![0] === 0 && ranges[0]![1] === 65535) return `${name} all ports`;
  return `${name} ${ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(', ')}`;
}

/**
 * Merges rules into per-protocol port sets with labels, for edges of the security-groups view.
 * ICMP type/code pairs are kept as a type*256+code range (-1 meaning any), as the engine does.
 */
export function summarizeRulePorts(rules: readonly Pick<Rule, 'protocol' | 'fromPort' | 'toPort'>[]): ProtocolPorts[] {
  if (rules.some((r) => r.protocol === -1)) {
    return [{ protocol: -1, name: 'all', ranges: [], label: 'all traffic' }];
  }
  const byProto = new Map<number, [number, number][]>();
  for (const r of rules) {
    const list = byProto.get(r.protocol) ?? [];
    if (r.protocol === 6 || r.protocol === 17) list.push([r.fromPort ?? 0, r.toPort ?? 65535]);
    else if (r.protocol === 1 || r.protocol === 58) {
      const type = r.fromPort ?? -1;
      const code = r.toPort ?? -1;
      if (type < 0) list.push([0, 65535]);
      else if (code < 0) list.push([type * 256, type * 256 + 255]);
      else list.push([type * 256 + code, type * 256 + code]);
    } else list.push([0, 65535]);
    byProto.set(r.protocol, list);
  }
  return [...byProto.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([protocol, ranges]) => {
      const merged = mergeRanges(ranges);
      const name = nameProtocol(protocol);
      let label: string;
      if (protocol === 6 || protocol === 17) label = labelRanges(name, merged);
      else if (protocol === 1 || protocol === 58) {
        label = merged.length === 1 && merged[0]![0] === 0 && merged[0]![1] >= 65535
          ? `${name} all`
          : `${name} ${merged.map(([a, b]) => (a === b ? `${a >> 8}/${a & 255}` : (b - a === 255 && (a & 255) === 0 ? `type ${a >> 8}` : `${a >> 8}/${a & 255}-${b >> 8}/${b & 255}`))).join(', ')}`;
      } else label = `protocol ${name}`;
      return { protocol, name, ranges: merged, label };
    });
}

/** The label of a port set list, as flow edges carry it ('tcp 80, 443; udp 53'). */
export function labelPorts(ports: readonly ProtocolPorts[]): string {
  return ports.map((p) => p.label).join('; ');
}
