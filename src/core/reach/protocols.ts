/**
 * IP protocol names and numbers as security groups spell them. AWS APIs, Terraform and the CLI
 * write protocols as names ('tcp', 'icmpv6'), numbers ('6', 58) or the all-protocols marker
 * ('-1', 'all'); everything past this module works on the number alone.
 */
import { PROTO_ALL, PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, PROTO_UDP } from '../model';

const BY_NAME: Record<string, number> = {
  all: PROTO_ALL,
  '-1': PROTO_ALL,
  any: PROTO_ALL,
  tcp: PROTO_TCP,
  udp: PROTO_UDP,
  icmp: PROTO_ICMP,
  icmpv6: PROTO_ICMPV6,
  'icmp-v6': PROTO_ICMPV6,
  'ipv6-icmp': PROTO_ICMPV6,
  gre: 47,
  esp: 50,
  ah: 51,
  sctp: 132,
};

const NAMES: Record<number, string> = {
  [PROTO_ALL]: 'all',
  [PROTO_TCP]: 'tcp',
  [PROTO_UDP]: 'udp',
  [PROTO_ICMP]: 'icmp',
  [PROTO_ICMPV6]: 'icmpv6',
};

/**
 * 'tcp' | 'TCP' | 'udp' | 'icmp' | 'icmpv6' | 'all' | '-1' | '6' | 6 ... to an IP protocol number
 * (-1 for all), or null when the input names no protocol (unknown word, out of 0..255).
 */
export function parseProtocol(x: string | number): number | null {
  if (typeof x === 'number') return Number.isInteger(x) && x >= -1 && x <= 255 ? x : null;
  const s = x.trim().toLowerCase();
  const named = BY_NAME[s];
  if (named !== undefined) return named;
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n <= 255 ? n : null;
}

/** 'all', 'tcp', 'udp', 'icmp', 'icmpv6' or the number as a string (the ProtocolPorts naming). */
export function protocolName(n: number): string {
  return NAMES[n] ?? String(n);
}

/** Protocols whose rules look at ports (tcp/udp) or ICMP type/code; every other number ignores them. */
export function usesPorts(n: number): boolean {
  return n === PROTO_TCP || n === PROTO_UDP || n === PROTO_ICMP || n === PROTO_ICMPV6;
}

export function isIcmp(n: number): boolean {
  return n === PROTO_ICMP || n === PROTO_ICMPV6;
}

const ICMP_TYPES: Record<number, string> = {
  0: 'echo-reply',
  3: 'destination-unreachable',
  4: 'source-quench',
  5: 'redirect',
  8: 'echo-request',
  11: 'time-exceeded',
  12: 'parameter-problem',
  13: 'timestamp',
  14: 'timestamp-reply',
};

const ICMPV6_TYPES: Record<number, string> = {
  1: 'destination-unreachable',
  2: 'packet-too-big',
  3: 'time-exceeded',
  4: 'parameter-problem',
  128: 'echo-request',
  129: 'echo-reply',
  133: 'router-solicitation',
  134: 'router-advertisement',
  135: 'neighbor-solicitation',
  136: 'neighbor-advertisement',
  137: 'redirect',
};

/** Conventional name of an ICMP / ICMPv6 type ('echo-request'), or undefined. */
export function icmpTypeName(protocol: number, type: number): string | undefined {
  return protocol === PROTO_ICMPV6 ? ICMPV6_TYPES[type] : protocol === PROTO_ICMP ? ICMP_TYPES[type] : undefined;
}
