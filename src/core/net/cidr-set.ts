/**
 * Bridges between CIDR text and the numeric interval sets: a list of CIDRs becomes an IPv4 set and
 * an IPv6 set, and a set becomes the minimal list of CIDRs covering exactly it (largest aligned
 * block first, as cidr-tools does). Used by the engine to turn rule peers and prefix lists into
 * address space, and by the UI to show computed address space as CIDRs again.
 */
import { PRIVATE_V4_CIDRS, formatIpv4, formatIpv6, parseCidr } from './address';
import type { ParsedCidr } from './address';
import { complement, intervalSet } from './interval-set';
import type { Ipv4Set, Ipv6Set } from './interval-set';

export interface AddressSpace {
  v4: Ipv4Set;
  v6: Ipv6Set;
}

export const EMPTY_SPACE: AddressSpace = Object.freeze({ v4: [], v6: [] });
export const FULL_SPACE: AddressSpace = Object.freeze({
  v4: [[0, 0xffffffff] as const],
  v6: [[0n, (1n << 128n) - 1n] as const],
});

/**
 * The IPv4 addresses outside the private blocks (PRIVATE_V4_CIDRS): where a packet that crossed an
 * internet gateway can come from, since the gateway only passes public source addresses.
 */
export function publicIpv4Space(): Ipv4Set {
  return complement(cidrsToSpace(PRIVATE_V4_CIDRS).v4, 0, 0xffffffff);
}

/** CIDR texts (normalised or not) to one address space; throws AddressError on the first bad one. */
export function cidrsToSpace(cidrs: Iterable<string | ParsedCidr>): AddressSpace {
  const v4: [number, number][] = [];
  const v6: [bigint, bigint][] = [];
  for (const c of cidrs) {
    const p = typeof c === 'string' ? parseCidr(c) : c;
    if (p.family === 4) v4.push([p.start, p.end]);
    else v6.push([p.start, p.end]);
  }
  return { v4: intervalSet(v4), v6: intervalSet(v6) };
}

function blocksToCidrs(start: bigint, end: bigint, bits: number, format: (v: bigint) => string, out: string[]): void {
  let s = start;
  while (s <= end) {
    // Largest block aligned at s: limited by s's trailing zero bits and by what remains up to end.
    let len = 0;
    while (len < bits && ((s >> BigInt(len)) & 1n) === 0n && s + (1n << BigInt(len + 1)) - 1n <= end) len++;
    out.push(`${format(s)}/${bits - len}`);
    s += 1n << BigInt(len);
  }
}

/** Minimal CIDR list covering exactly the IPv4 set. */
export function ipv4SetToCidrs(set: Ipv4Set): string[] {
  const out: string[] = [];
  for (const [s, e] of set) blocksToCidrs(BigInt(s), BigInt(e), 32, (v) => formatIpv4(Number(v)), out);
  return out;
}

/** Minimal CIDR list covering exactly the IPv6 set. */
export function ipv6SetToCidrs(set: Ipv6Set): string[] {
  const out: string[] = [];
  for (const [s, e] of set) blocksToCidrs(s, e, 128, formatIpv6, out);
  return out;
}
