/**
 * Normalisation of the values a security-group rule is made of: protocol spellings ('TCP', '6',
 * 'all', '-1', 'icmpv6', '58'), port pairs (strings in flatmap, ignored for most protocols) and
 * CIDRs (canonical text, host bits cleared). Each function either returns the normalised value or a
 * reason string the caller turns into a warning: input quirks never throw.
 */
import { PROTO_ALL, PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, PROTO_UDP } from '../../model';
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
 * icmp keeps type/code with -1 meaning any.
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

/** Canonical CIDR text (IPv4 dotted, IPv6 RFC 5952), host bits cleared; or an error message. */
export function normalizeCidr(text: string): CidrResult | { error: string } {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addr = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const lenText = slash < 0 ? undefined : trimmed.slice(slash + 1);
  const v6 = addr.includes(':');
  const bits = v6 ? parseIpv6(addr) : parseIpv4(addr);
  if (!bits) return { error: `"${text}" is not a valid CIDR` };
  const max = v6 ? 128 : 32;
  const len = lenText === undefined ? max : /^\d{1,3}$/.test(lenText) ? Number(lenText) : NaN;
  if (!(len >= 0 && len <= max)) return { error: `"${text}" has an invalid prefix length` };
  const masked = maskBits(bits, len);
  const cidr = `${v6 ? formatIpv6(masked) : formatIpv4(masked)}/${len}`;
  if (lenText === undefined) return { cidr, note: `"${text}" has no prefix length; read as ${cidr}` };
  if (masked.some((b, i) => b !== bits[i])) return { cidr, note: `"${text}" has host bits set; read as ${cidr}` };
  return { cidr };
}

/** Address as 16-bit words (IPv4: 2 words) so one masking routine serves both families. */
function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return [bytes[0]! * 256 + bytes[1]!, bytes[2]! * 256 + bytes[3]!];
}

function parseIpv6(text: string): number[] | undefined {
  let head = text;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // Embedded IPv4 (::ffff:10.0.0.1): rewrite it as two hex words and parse as usual.
    const v4 = parseIpv4(last);
    if (!v4) return undefined;
    head = `${text.slice(0, lastColon + 1)}${v4[0]!.toString(16)}:${v4[1]!.toString(16)}`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parseWords = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const w of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return undefined;
      out.push(Number.parseInt(w, 16));
    }
    return out;
  };
  const left = parseWords(halves[0]!);
  const right = halves.length === 2 ? parseWords(halves[1]!) : [];
  if (!left || !right) return undefined;
  if (halves.length === 1) return left.length === 8 ? left : undefined;
  if (left.length + right.length > 7) return undefined;
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function maskBits(words: number[], len: number): number[] {
  return words.map((w, i) => {
    const keep = Math.max(0, Math.min(16, len - i * 16));
    const mask = keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
    return w & mask;
  });
}

function formatIpv4(words: number[]): string {
  return [words[0]! >> 8, words[0]! & 255, words[1]! >> 8, words[1]! & 255].join('.');
}

function formatIpv6(words: number[]): string {
  // RFC 5952: compress the longest run of two or more zero words (the first one on ties).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
