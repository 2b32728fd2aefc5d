/**
 * IP address and CIDR parsing for the core. Addresses become plain numbers (IPv4, 0..2^32-1) or
 * bigints (IPv6, 0..2^128-1) so that the interval algebra can work on numeric ranges; text is
 * validated here, at the boundary, and never again. Parsing is hand-written rather than delegated
 * to a library because the importers and the engine parse tens of thousands of CIDRs per snapshot
 * and the numeric form is what they need. IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) stay IPv6:
 * security group rules never treat them as IPv4, so neither do we.
 */

export type IpFamily = 4 | 6;

export type ParsedAddress =
  | { family: 4; value: number; text: string }
  | { family: 6; value: bigint; text: string };

export type ParsedCidr =
  | { family: 4; start: number; end: number; prefix: number; text: string; hostBitsSet: boolean }
  | { family: 6; start: bigint; end: bigint; prefix: number; text: string; hostBitsSet: boolean };

export const IPV4_MAX = 0xffffffff;
export const IPV6_MAX = (1n << 128n) - 1n;

/** Thrown for text that is not an address or CIDR; the message quotes the input and says what is wrong. */
export class AddressError extends Error {
  constructor(input: string, why: string) {
    super(`invalid address '${input}': ${why}`);
    this.name = 'AddressError';
  }
}

/** Parses dotted-quad IPv4 to a number, or returns a reason string. Leading zeros are refused (octal ambiguity). */
function readIpv4(s: string): number | string {
  const parts = s.split('.');
  if (parts.length !== 4) return 'an IPv4 address has four dot-separated parts';
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return `'${p}' is not a number from 0 to 255`;
    if (p.length > 1 && p[0] === '0') return `'${p}' has a leading zero`;
    const n = Number(p);
    if (n > 255) return `'${p}' is greater than 255`;
    value = value * 256 + n;
  }
  return value;
}

/** Parses RFC 4291 text (with `::` and an optional dotted IPv4 tail) to a bigint, or returns a reason. */
function readIpv6(s: string): bigint | string {
  if (s.includes('%')) return 'zone indexes are not allowed';
  const halves = s.split('::');
  if (halves.length > 2) return "'::' may appear only once";
  const toGroups = (part: string, allowV4Tail: boolean): number[] | string => {
    if (part === '') return [];
    const items = part.split(':');
    const groups: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as string;
      if (allowV4Tail && i === items.length - 1 && item.includes('.')) {
        const v4 = readIpv4(item);
        if (typeof v4 === 'string') return v4;
        groups.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return `'${item}' is not a hexadecimal group`;
        groups.push(parseInt(item, 16));
      }
    }
    return groups;
  };
  let groups: number[];
  if (halves.length === 2) {
    const head = toGroups(halves[0] as string, false);
    if (typeof head === 'string') return head;
    const tail = toGroups(halves[1] as string, true);
    if (typeof tail === 'string') return tail;
    if (head.length + tail.length > 7) return "too many groups around '::'";
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = toGroups(s, true);
    if (typeof all === 'string') return all;
    if (all.length !== 8) return 'an IPv6 address has eight groups (or uses ::)';
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

export function formatIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/** RFC 5952 text: lowercase, longest run of two or more zero groups compressed (first on ties). */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // IPv4-mapped addresses read better, and are conventionally written, with a dotted tail.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4(Number(value & 0xffffffffn))}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatAddress(family: 4, value: number): string;
export function formatAddress(family: 6, value: bigint): string;
export function formatAddress(family: IpFamily, value: number | bigint): string {
  return family === 4 ? formatIpv4(value as number) : formatIpv6(value as bigint);
}

/** Returns the family of an address or CIDR text by its shape, or null when it looks like neither. */
export function addressFamily(s: string): IpFamily | null {
  const a = tryParseAddress(s.split('/')[0] ?? '');
  return a ? a.family : null;
}

export function tryParseAddress(input: string): ParsedAddress | null {
  const r = readAddress(input);
  return typeof r === 'string' ? null : r;
}

/** Parses an IPv4 or IPv6 address; throws AddressError with a one-line reason for anything else. */
export function parseAddress(input: string): ParsedAddress {
  const r = readAddress(input);
  if (typeof r === 'string') throw new AddressError(input, r);
  return r;
}

function readAddress(input: string): ParsedAddress | string {
  const s = input.trim();
  if (s === '') return 'empty';
  if (s.includes(':')) {
    const v = readIpv6(s);
    return typeof v === 'string' ? v : { family: 6, value: v, text: formatIpv6(v) };
  }
  const v = readIpv4(s);
  return typeof v === 'string' ? v : { family: 4, value: v, text: formatIpv4(v) };
}

export function tryParseCidr(input: string): ParsedCidr | null {
  const r = readCidr(input);
  return typeof r === 'string' ? null : r;
}

/**
 * Parses `address/prefix` and normalises host bits away (`10.0.0.5/8` -> `10.0.0.0/8`), reporting
 * that it did so in `hostBitsSet` so importers can warn: AWS itself rejects such CIDRs, so their
 * presence usually means a typo. A bare address is refused: callers that accept one use parseAddress.
 */
export function parseCidr(input: string): ParsedCidr {
  const r = readCidr(input);
  if (typeof r === 'string') throw new AddressError(input, r);
  return r;
}

function readCidr(input: string): ParsedCidr | string {
  const s = input.trim();
  const slash = s.indexOf('/');
  if (slash < 0) return 'a CIDR needs a /prefix length';
  const addr = readAddress(s.slice(0, slash));
  if (typeof addr === 'string') return addr;
  const p = s.slice(slash + 1);
  const bits = addr.family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(p) || Number(p) > bits || (p.length > 1 && p[0] === '0')) {
    return `prefix length '${p}' must be 0 to ${bits}`;
  }
  const prefix = Number(p);
  if (addr.family === 4) {
    const size = 2 ** (32 - prefix);
    const start = Math.floor(addr.value / size) * size;
    return { family: 4, start, end: start + size - 1, prefix, text: `${formatIpv4(start)}/${prefix}`, hostBitsSet: start !== addr.value };
  }
  const hostMask = (1n << BigInt(128 - prefix)) - 1n;
  const start = addr.value & ~hostMask & IPV6_MAX;
  return { family: 6, start, end: start | hostMask, prefix, text: `${formatIpv6(start)}/${prefix}`, hostBitsSet: start !== addr.value };
}

/** Canonical text of a CIDR (`10.0.0.5/8` -> `10.0.0.0/8`, `2001:DB8::/32` -> `2001:db8::/32`). */
export function formatCidr(cidr: string | ParsedCidr): string {
  return typeof cidr === 'string' ? parseCidr(cidr).text : cidr.text;
}

// Non-public address space: RFC 1918, CGNAT (RFC 6598), loopback, link-local, unique-local (fc00::/7).
/** The IPv4 blocks that are not outside addresses (see isPrivateAddress). */
export const PRIVATE_V4_CIDRS: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'];
const PRIVATE_V4 = PRIVATE_V4_CIDRS.map((c) => parseCidr(c) as Extract<ParsedCidr, { family: 4 }>);
const PRIVATE_V6 = ['fc00::/7', 'fe80::/10', '::1/128'].map((c) => parseCidr(c) as Extract<ParsedCidr, { family: 6 }>);

/** True for RFC 1918, 100.64/10 CGNAT, loopback, link-local (v4 and v6) and fc00::/7 addresses. */
export function isPrivateAddress(address: string | ParsedAddress): boolean {
  const a = typeof address === 'string' ? parseAddress(address) : address;
  if (a.family === 4) return PRIVATE_V4.some((c) => a.value >= c.start && a.value <= c.end);
  return PRIVATE_V6.some((c) => a.value >= c.start && a.value <= c.end);
}

/** True when every address of `inner` lies in `outer` (same family). */
export function isCidrWithin(inner: ParsedCidr, outer: ParsedCidr): boolean {
  return inner.family === outer.family && inner.start >= outer.start && inner.end <= outer.end;
}

/** True when every address of the CIDR is private (it lies inside one of the blocks above). */
export function isPrivateCidr(cidr: string | ParsedCidr): boolean {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  if (c.family === 4) return PRIVATE_V4.some((p) => c.start >= p.start && c.end <= p.end);
  return PRIVATE_V6.some((p) => c.start >= p.start && c.end <= p.end);
}
