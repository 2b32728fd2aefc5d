/**
 * Corners of the AWS security group rules that the other reach tests leave out, one table per
 * semantic, each expectation worked out by hand from the rules written next to it (EC2 user guide,
 * "Security group rules"; the IpPermission reference of the EC2 API):
 * - ports are inclusive at 0 and 65535, and a tcp question with no port needs every port, which
 *   rules of several groups may cover between them;
 * - overlapping CIDR rules of several groups are a union, point by point;
 * - a CIDR is a block of its own family: IPv4-mapped IPv6 (::ffff:a.b.c.d/104) is IPv6, and a /0
 *   written on a non-zero base is still the whole family;
 * - /32 and /128 rules hold exactly one address;
 * - an icmp rule naming a prefix list of both families allows its IPv4 entries only;
 * - `self` on one group of several admits the members of that group only;
 * - a portless protocol (ESP, 50) rule allows that protocol and no other.
 */
import { describe, expect, it } from 'vitest';
import { buildReachIndex, queryReach } from '../../../src/core/reach';
import type { ReachQuery, Verdict } from '../../../src/core/analysis-types';
import { cidr, ep, ip, pl, q, qIcmp, qProto, sg, snapshot } from './builders';

// Every source here starts anything: sg-out allows all traffic to both families.
const estate = snapshot()
  .egressAll('sg-out')
  .egress('sg-out', 'all', null, cidr('::/0'))
  // Ports at the ends of the range.
  .ingress('sg-port0', 'tcp', [0, 0], cidr('0.0.0.0/0'))
  .ingress('sg-port0', 'udp', [65535, 65535], cidr('0.0.0.0/0'))
  .endpoint('port0', { groups: ['sg-port0'], ipv4: ['10.0.9.1'] })
  // Two groups that cover all tcp ports only together.
  .ingress('sg-lo', 'tcp', [0, 1000], cidr('10.0.0.0/8'))
  .ingress('sg-hi', 'tcp', [1001, 65535], cidr('10.0.0.0/8'))
  .endpoint('split', { groups: ['sg-lo', 'sg-hi'], ipv4: ['10.0.9.2'] })
  .endpoint('half', { groups: ['sg-lo'], ipv4: ['10.0.9.3'] })
  // Overlapping CIDRs and ports across two groups.
  .ingress('sg-ov1', 'tcp', [80, 90], cidr('10.0.0.0/16'))
  .ingress('sg-ov2', 'tcp', [85, 100], cidr('10.0.1.0/24'))
  .endpoint('ov', { groups: ['sg-ov1', 'sg-ov2'], ipv4: ['10.0.9.4'] })
  // IPv4-mapped IPv6 blocks are IPv6; IPv4 blocks hold no IPv6 address.
  .ingress('sg-mapped', 'tcp', 22, cidr('::ffff:10.0.0.0/104'))
  .endpoint('mapped', { groups: ['sg-mapped'], ipv4: ['10.0.9.5'], ipv6: ['2001:db8:9::5'] })
  .ingress('sg-v4only', 'tcp', 22, cidr('10.0.0.0/8'))
  .endpoint('v4only', { groups: ['sg-v4only'], ipv4: ['10.0.9.6'], ipv6: ['2001:db8:9::6'] })
  // /0 written on a non-zero base (the model as a hand-edited snapshot could hold it; the importers clear host bits).
  .ingress('sg-zero', 'tcp', 443, cidr('10.1.2.3/0'))
  .ingress('sg-zero', 'udp', 53, cidr('2001:db8::1/0'))
  .endpoint('zero', { groups: ['sg-zero'], ipv4: ['10.0.9.7'], ipv6: ['2001:db8:9::7'] })
  // One-address blocks.
  .ingress('sg-host', 'tcp', 22, cidr('10.0.1.5/32'))
  .ingress('sg-host', 'tcp', 22, cidr('2001:db8::5/128'))
  .endpoint('host', { groups: ['sg-host'], ipv4: ['10.0.9.8'], ipv6: ['2001:db8:9::8'] })
  // icmp from a prefix list of both families.
  .prefixList('pl-mix', ['10.0.0.0/8', '2001:db8::/32'])
  .ingress('sg-plicmp', 'icmp', [-1, -1], pl('pl-mix'))
  .endpoint('plicmp', { groups: ['sg-plicmp'], ipv4: ['10.0.9.9'], ipv6: ['2001:db8:9::9'] })
  // self on one group of several: sg-a admits all traffic from sg-a members, sg-b tcp 22 from sg-b members.
  .ingress('sg-a', 'all', null, sg('sg-a'))
  .ingress('sg-b', 'tcp', 22, sg('sg-b'))
  .endpoint('x', { groups: ['sg-a', 'sg-b', 'sg-out'], ipv4: ['10.0.8.1'] })
  .endpoint('y', { groups: ['sg-b', 'sg-out'], ipv4: ['10.0.8.2'] })
  .endpoint('z', { groups: ['sg-a', 'sg-out'], ipv4: ['10.0.8.3'] })
  // A portless protocol.
  .ingress('sg-esp', 50, null, cidr('0.0.0.0/0'))
  .endpoint('esp', { groups: ['sg-esp'], ipv4: ['10.0.9.10'] })
  .build();

const index = buildReachIndex(estate);

function table(rows: [string, ReachQuery, Verdict][]): void {
  it.each(rows)('%s', (_why, query, verdict) => {
    expect(queryReach(index, query).verdict).toBe(verdict);
  });
}

const tcpAll = (from: ReachQuery['from'], to: ReachQuery['to']): ReachQuery => ({ from, to, protocol: 6 });

describe('tcp and udp ports are inclusive at both ends of 0-65535', () => {
  table([
    ['a tcp 0-0 rule allows port 0', q(ip('203.0.113.9'), ep('port0'), 'tcp', 0), 'allowed'],
    ['a tcp 0-0 rule does not allow port 1', q(ip('203.0.113.9'), ep('port0'), 'tcp', 1), 'denied'],
    ['a udp 65535-65535 rule allows port 65535', q(ip('203.0.113.9'), ep('port0'), 'udp', 65535), 'allowed'],
    ['a udp 65535-65535 rule does not allow port 65534', q(ip('203.0.113.9'), ep('port0'), 'udp', 65534), 'denied'],
    ['a udp 65535 rule allows no tcp 65535', q(ip('203.0.113.9'), ep('port0'), 'tcp', 65535), 'denied'],
  ]);
});

describe('rules of several groups are a union: together they may cover a whole range', () => {
  table([
    ['tcp 0-1000 and tcp 1001-65535 on two groups allow every tcp port', tcpAll(ip('10.0.0.9'), ep('split')), 'allowed'],
    ['tcp 0-1000 alone does not allow every tcp port', tcpAll(ip('10.0.0.9'), ep('half')), 'denied'],
    ['the seam 1000 is allowed by the lower group', q(ip('10.0.0.9'), ep('split'), 'tcp', 1000), 'allowed'],
    ['the seam 1001 is allowed by the upper group', q(ip('10.0.0.9'), ep('split'), 'tcp', 1001), 'allowed'],
    ['both groups name 10.0.0.0/8 only: a public source gets no port', q(ip('203.0.113.9'), ep('split'), 'tcp', 80), 'denied'],
  ]);
});

describe('overlapping CIDR rules of several groups are matched port by port', () => {
  table([
    ['80 from 10.0.2.5: tcp 80-90 from 10.0.0.0/16', q(ip('10.0.2.5'), ep('ov'), 'tcp', 80), 'allowed'],
    ['95 from 10.0.2.5: only 10.0.1.0/24 has 95, and it does not hold the source', q(ip('10.0.2.5'), ep('ov'), 'tcp', 95), 'denied'],
    ['95 from 10.0.1.5: tcp 85-100 from 10.0.1.0/24', q(ip('10.0.1.5'), ep('ov'), 'tcp', 95), 'allowed'],
    ['80 from 10.0.1.5: tcp 80-90 from 10.0.0.0/16, which holds 10.0.1.0/24', q(ip('10.0.1.5'), ep('ov'), 'tcp', 80), 'allowed'],
    ['101 from 10.0.1.5: past both ranges', q(ip('10.0.1.5'), ep('ov'), 'tcp', 101), 'denied'],
    ['79 from 10.0.1.5: before both ranges', q(ip('10.0.1.5'), ep('ov'), 'tcp', 79), 'denied'],
    ['every tcp port from 10.0.1.5: only 80-100', tcpAll(ip('10.0.1.5'), ep('ov')), 'denied'],
  ]);
});

describe('a CIDR holds addresses of its own family only', () => {
  table([
    ['an IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) does not admit the IPv4 address 10.0.1.5', q(ip('10.0.1.5'), ep('mapped'), 'tcp', 22), 'denied'],
    ['an IPv4-mapped IPv6 block admits the IPv6 address ::ffff:10.0.1.5', q(ip('::ffff:10.0.1.5'), ep('mapped'), 'tcp', 22), 'allowed'],
    ['an IPv4 block (10.0.0.0/8) does not admit ::ffff:10.0.1.5, an IPv6 address', q(ip('::ffff:10.0.1.5'), ep('v4only'), 'tcp', 22), 'denied'],
    ['an IPv4 block admits 10.0.1.5', q(ip('10.0.1.5'), ep('v4only'), 'tcp', 22), 'allowed'],
    ['::ffff:10.0.9.1 is not the endpoint at 10.0.9.1: an outside IPv6 host, which port0 (IPv4 only) cannot receive from', q(ip('::ffff:10.0.9.1'), ep('port0'), 'tcp', 0), 'denied'],
    ['10.1.2.3/0 is all of IPv4: a public IPv4 source is admitted', q(ip('203.0.113.9'), ep('zero'), 'tcp', 443), 'allowed'],
    ['10.1.2.3/0 holds no IPv6 address', q(ip('2600:1f18::1'), ep('zero'), 'tcp', 443), 'denied'],
    ['2001:db8::1/0 is all of IPv6', q(ip('2600:1f18::1'), ep('zero'), 'udp', 53), 'allowed'],
    ['2001:db8::1/0 holds no IPv4 address', q(ip('203.0.113.9'), ep('zero'), 'udp', 53), 'denied'],
  ]);
});

describe('/32 and /128 rules hold exactly one address', () => {
  table([
    ['10.0.1.5/32 admits 10.0.1.5', q(ip('10.0.1.5'), ep('host'), 'tcp', 22), 'allowed'],
    ['10.0.1.5/32 does not admit 10.0.1.4', q(ip('10.0.1.4'), ep('host'), 'tcp', 22), 'denied'],
    ['10.0.1.5/32 does not admit 10.0.1.6', q(ip('10.0.1.6'), ep('host'), 'tcp', 22), 'denied'],
    ['2001:db8::5/128 admits 2001:db8::5', q(ip('2001:db8::5'), ep('host'), 'tcp', 22), 'allowed'],
    ['2001:db8::5/128 does not admit 2001:db8::4', q(ip('2001:db8::4'), ep('host'), 'tcp', 22), 'denied'],
    ['2001:db8::5/128 does not admit 2001:db8::5:0 (same digits, other bits)', q(ip('2001:db8::5:0'), ep('host'), 'tcp', 22), 'denied'],
  ]);
});

describe('an icmp rule naming a prefix list of both families allows IPv4 icmp only', () => {
  table([
    ['icmp echo from an IPv4 entry', qIcmp(ip('10.7.7.7'), ep('plicmp'), 'icmp', 8, 0), 'allowed'],
    ['icmp from an IPv6 entry: icmp is IPv4 only', qIcmp(ip('2001:db8::7'), ep('plicmp'), 'icmp', 8, 0), 'denied'],
    ['icmpv6 from an IPv6 entry: the rule is icmp, not icmpv6', qIcmp(ip('2001:db8::7'), ep('plicmp'), 'icmpv6', 128, 0), 'denied'],
    ['icmp from outside the list', qIcmp(ip('203.0.113.9'), ep('plicmp'), 'icmp', 8, 0), 'denied'],
  ]);
});

describe('self on one group of several admits the members of that group only', () => {
  table([
    ['y -> x tcp 22: both carry sg-b, whose self rule allows 22', q(ep('y'), ep('x'), 'tcp', 22), 'allowed'],
    ['y -> x tcp 80: y lacks sg-a, and sg-b allows 22 only', q(ep('y'), ep('x'), 'tcp', 80), 'denied'],
    ['z -> x tcp 80: both carry sg-a, whose self rule allows all traffic', q(ep('z'), ep('x'), 'tcp', 80), 'allowed'],
    ['z -> x udp 53: the same sg-a self rule', q(ep('z'), ep('x'), 'udp', 53), 'allowed'],
    ['x -> y tcp 22: x carries sg-b', q(ep('x'), ep('y'), 'tcp', 22), 'allowed'],
    ['x -> y udp 53: y has only sg-b (tcp 22) and sg-out (no ingress)', q(ep('x'), ep('y'), 'udp', 53), 'denied'],
    ['z -> y tcp 22: z does not carry sg-b', q(ep('z'), ep('y'), 'tcp', 22), 'denied'],
    ['x -> z all traffic: x carries sg-a', qProto(ep('x'), ep('z'), -1), 'allowed'],
    ['an outside host at z\'s neighbouring address is no member', q(ip('10.0.8.4'), ep('x'), 'tcp', 80), 'denied'],
  ]);
});

describe('a portless protocol rule allows that protocol and no other', () => {
  table([
    ['ESP (50) is allowed', qProto(ip('203.0.113.9'), ep('esp'), 50), 'allowed'],
    ['AH (51) is not', qProto(ip('203.0.113.9'), ep('esp'), 51), 'denied'],
    ['tcp 500 is not', q(ip('203.0.113.9'), ep('esp'), 'tcp', 500), 'denied'],
    ['all traffic is not', qProto(ip('203.0.113.9'), ep('esp'), -1), 'denied'],
  ]);
});
