/**
 * Normalisation of the values a security-group rule is made of: protocol spellings ('TCP', '6',
 * 'all', '-1', 'icmpv6', '58'), port pairs (strings in flatmap, ignored for most protocols) and
 * CIDRs (canonical text, host bits cleared). Each function either returns the normalised value or a
 * reason string the caller turns into a warning: input quirks never throw.
 */
import { PROTO_ALL, PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, PROTO_UDP } from '../../model';
import { tryParseAddress, tryParseCidr } from '../../net/address';
import { readInt } from './values';

const PROTOCOL_NAMES: Record<string, number> = {
  all: PROTO_ALL,
  icmp: PROTO_ICMP,
  tcp: PROTO_TCP,
  udp: PROTO_UDP,
  icmpv6: PROTO_ICMPV6,
  'ipv6-icmp': PROTO_ICMPV6,
  gre: 47,
  esp: 50,
  ah: 51,
  sctp: 132,
};

/** Protocol number, -1 for all, or an error message. */
export function normalizeProtocol(v: unknown): number | { error: string } {
  if (v === undefined || v === null || v === '') return { error: 'has no protocol' };
  if (typeof v !== 'string' && typeof v !== 'number') return { error: `has a protocol of type ${typeof v}` };
  const text = String(v).trim().toLowerCase();
  if (text in PROTOCOL_NAMES) return PROTOCOL_NAMES[text]!;
  const n = readInt(text);
  if (n === undefined || n < -1 || n > 255) return { error: `has an unknown protocol "${String(v)}"` };
  return n;
}

export interface PortRange {
  fromPort: number | null;
  toPort: number | null;
}

/**
 * Ports for a protocol, following model.ts: null for -1 and for protocols other than tcp/udp/icmp/
 * icmpv6; tcp/udp need 0 <= from <= to <= 65535 (AWS rejects from > to, so such a rule is dropped);
 * icmp keeps type/code (-1 to 255) with -1 meaning any.
 */
export function normalizePorts(protocol: number, from: unknown, to: unknown): PortRange | { error: string } {
  if (protocol !== PROTO_TCP && protocol !== PROTO_UDP && protocol !== PROTO_ICMP && protocol !== PROTO_ICMPV6) {
    return { fromPort: null, toPort: null };
  }
  const f = readInt(from);
  const t = readInt(to);
  if ((from !== undefined && from !== null && f === undefined) || (to !== undefined && to !== null && t === undefined)) {
    return { error: `has non-numeric ports (${JSON.stringify(from)}, ${JSON.stringify(to)})` };
  }
  if (protocol === PROTO_ICMP || protocol === PROTO_ICMPV6) {
    // The engine reads a negative type or code as "any": -5 would open every type.
    if ((f !== undefined && (f < -1 || f > 255)) || (t !== undefined && (t < -1 || t > 255))) return { error: `has an ICMP type or code out of range (${f ?? -1}, ${t ?? -1})` };
    // "If you specify all ICMP types, you must specify all codes" (EC2 IpPermission): read as all
    // types, the code would be dropped and the rule widened to what AWS never allowed.
    if ((f ?? -1) === -1 && (t ?? -1) !== -1) return { error: `has ICMP code ${t} for all types, which AWS rejects (all types take all codes)` };
    return { fromPort: f ?? -1, toPort: t ?? -1 };
  }
  if (f === undefined || t === undefined) return { error: 'has no port range' };
  if (f < 0 || t < 0 || f > 65535 || t > 65535) return { error: `has ports out of range (${f}-${t})` };
  if (f > t) return { error: `has from_port ${f} greater than to_port ${t}, which AWS rejects` };
  return { fromPort: f, toPort: t };
}

export interface CidrResult {
  cidr: string;
  /** Set when host bits were cleared or the prefix length was missing. */
  note?: string;
}

/**
 * Canonical CIDR text (IPv4 dotted, IPv6 RFC 5952), host bits cleared; or an error message. The
 * parsing is the core's one address parser, so the importers and the engine agree on every text.
 */
export function normalizeCidr(text: string): CidrResult | { error: string } {
  const trimmed = text.trim();
  if (!trimmed.includes('/')) {
    // Terraform accepts a bare address in some older configurations: read it as a host route.
    const a = tryParseAddress(trimmed);
    if (!a) return { error: `"${text}" is not a valid CIDR` };
    const cidr = `${a.text}/${a.family === 4 ? 32 : 128}`;
    return { cidr, note: `"${text}" has no prefix length; read as ${cidr}` };
  }
  const address = trimmed.slice(0, trimmed.indexOf('/'));
  if (!tryParseAddress(address)) return { error: `"${text}" is not a valid CIDR` };
  const parsed = tryParseCidr(trimmed);
  if (!parsed) return { error: `"${text}" has an invalid prefix length` };
  if (parsed.hostBitsSet) return { cidr: parsed.text, note: `"${text}" has host bits set; read as ${parsed.text}` };
  return { cidr: parsed.text };
}
