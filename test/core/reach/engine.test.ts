// The engine against the AWS security group semantics, one test per rule of the semantics, with
// expectations worked out from the rules written in each test (AWS VPC user guide, "Security
// group rules"), not from the engine's output.
import { describe, expect, it } from 'vitest';
import type { ReachQuery } from '../../../src/core/analysis-types';
import type { Snapshot } from '../../../src/core/model';
import { analyzeFlows, buildReachIndex, explainEdge, explainPair, queryReach } from '../../../src/core/reach/engine';
import { CIDR_PAIR_LIMIT } from '../../../src/core/reach/flows';
import { describeRule } from '../../../src/core/reach/explain';
import { cidr, ep, ip, pl, q, qIcmp, qProto, sg, snapshot } from './builders';
import type { Ports, Proto } from './builders';
import { mulberry32 } from '../../../src/shared/prng';

const ask = (s: Snapshot, query: ReachQuery) => queryReach(buildReachIndex(s), query);
const verdict = (s: Snapshot, query: ReachQuery) => ask(s, query).verdict;

describe('queryReach semantics', () => {
  it('allowed needs the source egress AND the destination ingress', () => {
    const base = snapshot().endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'] }).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] });
    expect(verdict(base.build(), q(ep('a'), ep('b'), 'tcp', 80))).toBe('denied');
    const onlyIn = snapshot().ingress('sg-b', 'tcp', 80, sg('sg-a')).endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'] }).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    const a1 = ask(onlyIn, q(ep('a'), ep('b'), 'tcp', 80));
    expect(a1.verdict).toBe('denied');
    expect(a1.refusedBy).toEqual(['egress']);
    const both = snapshot().ingress('sg-b', 'tcp', 80, sg('sg-a')).egress('sg-a', 'tcp', 80, cidr('10.0.0.2/32')).endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'] }).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    expect(ask(both, q(ep('a'), ep('b'), 'tcp', 80))).toMatchObject({ verdict: 'allowed', allowed: true });
  });

  it('an external source is checked against ingress only, an external destination against egress only', () => {
    const s = snapshot().ingress('sg-b', 'tcp', 443, cidr('0.0.0.0/0')).egress('sg-b', 'udp', 53, cidr('8.8.8.8/32')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    const inbound = ask(s, q(ip('203.0.113.9'), ep('b'), 'tcp', 443));
    expect(inbound.verdict).toBe('allowed');
    expect(inbound.egress).toEqual([]);
    const outbound = ask(s, q(ep('b'), ip('8.8.8.8'), 'udp', 53));
    expect(outbound.verdict).toBe('allowed');
    expect(outbound.ingress).toEqual([]);
    expect(verdict(s, q(ep('b'), ip('8.8.4.4'), 'udp', 53))).toBe('denied');
  });

  it('groups are stateful: return traffic is never checked', () => {
    // b has no egress at all, yet a -> b is allowed: the reply needs no rule.
    const s = snapshot().egressAll('sg-a').ingress('sg-b', 'tcp', 22, sg('sg-a')).endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'] }).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    expect(verdict(s, q(ep('a'), ep('b'), 'tcp', 22))).toBe('allowed');
    expect(verdict(s, q(ep('b'), ep('a'), 'tcp', 22))).toBe('denied');
  });

  it('several groups on one endpoint are a union of their rules', () => {
    const s = snapshot().egressAll('sg-a').ingress('sg-b1', 'tcp', 80, sg('sg-a')).ingress('sg-b2', 'tcp', 443, sg('sg-a'))
      .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'] }).endpoint('b', { groups: ['sg-b1', 'sg-b2'], ipv4: ['10.0.0.2'] }).build();
    expect(verdict(s, q(ep('a'), ep('b'), 'tcp', 80))).toBe('allowed');
    expect(verdict(s, q(ep('a'), ep('b'), 'tcp', 443))).toBe('allowed');
    expect(verdict(s, q(ep('a'), ep('b'), 'tcp', 8080))).toBe('denied');
  });

  it('a CIDR matches addresses it contains, in its own family only', () => {
    const s = snapshot().ingress('sg-b', 'tcp', 80, cidr('0.0.0.0/0')).ingress('sg-b', 'tcp', 81, cidr('2001:db8::/32')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'], ipv6: ['2001:db8::2'] }).build();
    expect(verdict(s, q(ip('1.2.3.4'), ep('b'), 'tcp', 80))).toBe('allowed');
    expect(verdict(s, q(ip('2001:db9::1'), ep('b'), 'tcp', 80))).toBe('denied');
    expect(verdict(s, q(ip('2001:db8::77'), ep('b'), 'tcp', 81))).toBe('allowed');
    expect(verdict(s, q(ip('2001:db9::1'), ep('b'), 'tcp', 81))).toBe('denied');
  });

  it('a prefix list matches any of its entries; a list of unknown entries may match any address (depends)', () => {
    const s = snapshot().prefixList('pl-1', ['192.0.2.0/24', '198.51.100.0/24']).ingress('sg-b', 'tcp', 443, pl('pl-1')).ingress('sg-b', 'tcp', 22, pl('pl-missing'))
      .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    expect(verdict(s, q(ip('198.51.100.7'), ep('b'), 'tcp', 443))).toBe('allowed');
    expect(verdict(s, q(ip('192.0.2.1'), ep('b'), 'tcp', 443))).toBe('allowed');
    expect(verdict(s, q(ip('203.0.113.1'), ep('b'), 'tcp', 443))).toBe('denied');
    // pl-missing is defined nowhere: whether 198.51.100.7 is in it is unknown, never "no".
    expect(verdict(s, q(ip('198.51.100.7'), ep('b'), 'tcp', 22))).toBe('depends');
    expect(ask(s, q(ip('198.51.100.7'), ep('b'), 'tcp', 22)).explanation).toContain('pl-missing, whose entries the inputs do not give');
    expect(verdict(s, q(ip('198.51.100.7'), ep('b'), 'tcp', 23))).toBe('denied');
  });

  it('a question with a protocol, port or ICMP type outside their ranges is refused, never answered', () => {
    const s = snapshot().ingress('sg-b', 'all', null, cidr('0.0.0.0/0')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    const base = q(ip('203.0.113.1'), ep('b'), 'tcp', 22);
    expect(verdict(s, base)).toBe('allowed');
    expect(() => ask(s, { ...base, protocol: 'tcp' as unknown as number })).toThrow(/protocol must be a number/);
    expect(() => ask(s, { ...base, protocol: 256 })).toThrow(/protocol/);
    expect(() => ask(s, { ...base, port: 70_000 })).toThrow(/port must be/);
    expect(() => ask(s, { ...base, port: 22.5 })).toThrow(/port must be/);
    expect(() => ask(s, { ...base, protocol: 1, icmpType: 300 })).toThrow(/icmpType/);
  });

  it('a prefix list of unknown entries of one family may match addresses of that family only', () => {
    const s = snapshot().prefixListOfUnknownEntries('pl-v4', 4).ingress('sg-b', 'tcp', 22, pl('pl-v4'))
      .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'], ipv6: ['2001:db8::2'] }).build();
    expect(verdict(s, q(ip('192.0.2.9'), ep('b'), 'tcp', 22))).toBe('depends');
    expect(verdict(s, q(ip('2001:db8:9::1'), ep('b'), 'tcp', 22))).toBe('denied');
  });

  it('group reference matches private addresses only, never a public IP', () => {
    const s = snapshot().egressAll('sg-a').ingress('sg-b', 'tcp', 80, sg('sg-a')).egress('sg-c', 'tcp', 80, sg('sg-b'))
      .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'], publicIpv4: ['54.0.0.1'] })
      .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'], publicIpv4: ['54.0.0.2'] })
      .endpoint('c', { groups: ['sg-c'], ipv4: ['10.0.0.3'] }).build();
    expect(verdict(s, q(ep('a'), ep('b'), 'tcp', 80))).toBe('allowed');
    // A bare destination address that is b's public IP is b reached through the internet: b's
    // ingress still filters it, and a arrives at its own public IP, so sg-a does not match.
    expect(verdict(s, q(ep('a'), ip('54.0.0.2'), 'tcp', 80))).toBe('denied');
    expect(ask(s, q(ep('a'), ip('54.0.0.2'), 'tcp', 80)).refusedBy).toEqual(['ingress']);
    // b named explicitly at its public IP: traffic arrives through the internet, where a is seen at
    // its own public IP, so b's group reference to sg-a does not match.
    expect(verdict(s, q(ep('a'), ep('b', '54.0.0.2'), 'tcp', 80))).toBe('denied');
    // c's egress names sg-b: it matches b at 10.0.0.2, not b's public IP.
    expect(ask(s, q(ep('c'), ip('54.0.0.2'), 'tcp', 80)).refusedBy).toContain('egress');
    // An external host at a's public address carries no group.
    expect(verdict(s, q(ip('203.0.113.5'), ep('b'), 'tcp', 80))).toBe('denied');
  });

  it("an endpoint's public IP given as an address is an external host with no groups", () => {
    // a has no egress at all, so as itself it reaches nothing; as the bare address 54.0.0.1 it is
    // an outside host, which carries no groups and is checked on the destination's ingress only.
    const s = snapshot().ingress('sg-b', 'tcp', 443, cidr('0.0.0.0/0')).ingress('sg-b', 'tcp', 22, sg('sg-a'))
      .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'], publicIpv4: ['54.0.0.1'] })
      .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).egressAll('sg-b').build();
    expect(verdict(s, q(ep('a'), ep('b'), 'tcp', 443))).toBe('denied');
    expect(verdict(s, q(ip('54.0.0.1'), ep('b'), 'tcp', 443))).toBe('allowed');
    expect(ask(s, q(ip('54.0.0.1'), ep('b'), 'tcp', 443)).egress).toEqual([]);
    expect(verdict(s, q(ip('54.0.0.1'), ep('b'), 'tcp', 22))).toBe('denied');
  });

  it("an answer from an endpoint's public IP says that endpoint's egress was not checked", () => {
    // Only a can send from 54.0.0.1 (its elastic IP), and a's egress allows nothing: the outside-host
    // answer stands by the REF contract, but must not read as "a can reach b".
    const s = snapshot().ingress('sg-b', 'tcp', 443, cidr('0.0.0.0/0'))
      .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'], publicIpv4: ['54.0.0.1'] })
      .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    const answer = ask(s, q(ip('54.0.0.1'), ep('b'), 'tcp', 443));
    expect(answer.verdict).toBe('allowed');
    expect(answer.explanation).toContain("54.0.0.1 is the public address of a: it was asked about as an outside host, so a's own egress rules were not checked");
    // A denial needs no such note, and neither does an address no endpoint has.
    expect(ask(s, q(ip('54.0.0.1'), ep('b'), 'tcp', 22)).explanation).not.toContain('public address of');
    expect(ask(s, q(ip('203.0.113.5'), ep('b'), 'tcp', 443)).explanation).not.toContain('public address of');
  });

  it("a destination given as an endpoint's public IP is still filtered by that endpoint's ingress", () => {
    // Traffic to an elastic or public IP lands on the endpoint's interface, so its groups apply: an
    // outside host must not reach b's SSH port just because the question named b by its public IP.
    const s = snapshot().ingress('sg-b', 'tcp', 22, cidr('198.51.100.7/32')).ingress('sg-b', 'tcp', 443, cidr('0.0.0.0/0'))
      .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'], publicIpv4: ['54.0.0.2'] }).egressAll('sg-b').build();
    expect(verdict(s, q(ip('203.0.113.5'), ip('54.0.0.2'), 'tcp', 22))).toBe('denied');
    expect(ask(s, q(ip('203.0.113.5'), ip('54.0.0.2'), 'tcp', 22)).refusedBy).toEqual(['ingress']);
    expect(verdict(s, q(ip('198.51.100.7'), ip('54.0.0.2'), 'tcp', 22))).toBe('allowed');
    expect(verdict(s, q(ip('203.0.113.5'), ip('54.0.0.2'), 'tcp', 443))).toBe('allowed');
    // An address no endpoint has is still an outside host that nothing filters.
    expect(verdict(s, q(ip('198.51.100.7'), ip('203.0.113.9'), 'tcp', 22))).toBe('allowed');
  });

  it('an IP equal to a known private address is that endpoint; others are external hosts', () => {
    const s = snapshot().egressAll('sg-a').ingress('sg-b', 'tcp', 80, sg('sg-a')).endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'] }).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    expect(verdict(s, q(ip('10.0.0.1'), ip('10.0.0.2'), 'tcp', 80))).toBe('allowed');
    expect(verdict(s, q(ip('10.0.0.9'), ip('10.0.0.2'), 'tcp', 80))).toBe('denied');
  });

  it('self reference admits members of the same group', () => {
    const s = snapshot().egressAll('sg-x').ingress('sg-x', 'all', null, sg('sg-x')).endpoint('x1', { groups: ['sg-x'], ipv4: ['10.0.0.1'] }).endpoint('x2', { groups: ['sg-x'], ipv4: ['10.0.0.2'] }).endpoint('y', { groups: ['sg-y'], ipv4: ['10.0.0.3'] }).egressAll('sg-y').build();
    expect(verdict(s, qProto(ep('x1'), ep('x2'), -1))).toBe('allowed');
    expect(verdict(s, q(ep('y'), ep('x2'), 'tcp', 80))).toBe('denied');
  });

  it('protocol -1 matches every protocol and ignores its ports', () => {
    const s = snapshot().ingress('sg-b', 'all', [0, 0], cidr('10.0.0.0/8')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    expect(verdict(s, q(ip('10.1.1.1'), ep('b'), 'tcp', 5432))).toBe('allowed');
    expect(verdict(s, q(ip('10.1.1.1'), ep('b'), 'udp', 53))).toBe('allowed');
    expect(verdict(s, qIcmp(ip('10.1.1.1'), ep('b'), 'icmp'))).toBe('allowed');
    expect(verdict(s, qProto(ip('10.1.1.1'), ep('b'), 50))).toBe('allowed');
    expect(verdict(s, qProto(ip('10.1.1.1'), ep('b'), -1))).toBe('allowed');
  });

  it('tcp and udp match ports in [from, to]', () => {
    const s = snapshot().ingress('sg-b', 'tcp', [8000, 8080], cidr('0.0.0.0/0')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    expect([7999, 8000, 8080, 8081].map((p) => verdict(s, q(ip('1.1.1.1'), ep('b'), 'tcp', p)))).toEqual(['denied', 'allowed', 'allowed', 'denied']);
    expect(verdict(s, q(ip('1.1.1.1'), ep('b'), 'udp', 8000))).toBe('denied');
  });

  it('icmp rules use type and code; icmp is not icmpv6', () => {
    const s = snapshot().ingress('sg-b', 'icmp', [8, -1], cidr('0.0.0.0/0')).ingress('sg-b', 'icmpv6', [-1, -1], cidr('::/0'))
      .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'], ipv6: ['2001:db8::2'] }).build();
    expect(verdict(s, qIcmp(ip('1.1.1.1'), ep('b'), 'icmp', 8, 0))).toBe('allowed');
    expect(verdict(s, qIcmp(ip('1.1.1.1'), ep('b'), 'icmp', 3, 4))).toBe('denied');
    expect(verdict(s, qIcmp(ip('1.1.1.1'), ep('b'), 'icmp'))).toBe('denied');
    expect(verdict(s, qIcmp(ip('2001:db8::9'), ep('b'), 'icmpv6', 128, 0))).toBe('allowed');
    expect(verdict(s, qIcmp(ip('2001:db8::9'), ep('b'), 'icmp', 8, 0))).toBe('denied');
  });

  it('other protocol numbers ignore ports', () => {
    const s = snapshot().ingress('sg-b', 47, [1, 1], cidr('0.0.0.0/0')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    expect(verdict(s, qProto(ip('1.1.1.1'), ep('b'), 47))).toBe('allowed');
    expect(verdict(s, qProto(ip('1.1.1.1'), ep('b'), 50))).toBe('denied');
  });

  it("a query for 'all' asks whether every protocol and port is allowed", () => {
    const s = snapshot().ingress('sg-b', 'tcp', [0, 65535], cidr('0.0.0.0/0')).ingress('sg-b', 'udp', [0, 65535], cidr('0.0.0.0/0')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    expect(verdict(s, qProto(ip('1.1.1.1'), ep('b'), -1))).toBe('denied');
  });

  it('unknown-address endpoints: group references match; CIDRs decide by containment of the candidate space', () => {
    const s = snapshot().subnet('subnet-a', '10.0.1.0/24').subnet('subnet-b', '10.0.2.0/24')
      .egressAll('sg-lb').ingress('sg-app', 'tcp', 80, sg('sg-lb'))
      .ingress('sg-app', 'tcp', 81, cidr('10.0.0.0/16')).ingress('sg-app', 'tcp', 82, cidr('10.0.1.0/24')).ingress('sg-app', 'tcp', 83, cidr('192.168.0.0/16'))
      .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a', 'subnet-b'] })
      .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.3.5'] }).build();
    expect(verdict(s, q(ep('lb'), ep('app'), 'tcp', 80))).toBe('allowed');
    expect(verdict(s, q(ep('lb'), ep('app'), 'tcp', 81))).toBe('allowed');
    const partial = ask(s, q(ep('lb'), ep('app'), 'tcp', 82));
    expect(partial.verdict).toBe('depends');
    expect(partial.allowed).toBe(false);
    expect(partial.refusedBy).toEqual(['ingress']);
    expect(verdict(s, q(ep('lb'), ep('app'), 'tcp', 83))).toBe('denied');
  });

  it('unknown-address endpoints: two CIDR rules that together cover the candidate space decide', () => {
    const s = snapshot().subnet('subnet-a', '10.0.1.0/24').subnet('subnet-b', '10.0.2.0/24')
      .egress('sg-src', 'tcp', 443, cidr('10.0.1.0/24')).egress('sg-src', 'tcp', 443, cidr('10.0.2.0/24')).ingress('sg-lb', 'tcp', 443, cidr('10.9.0.0/16'))
      .endpoint('src', { groups: ['sg-src'], ipv4: ['10.9.0.1'] })
      .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a', 'subnet-b'] }).build();
    expect(verdict(s, q(ep('src'), ep('lb'), 'tcp', 443))).toBe('allowed');
  });

  it('unknown-address endpoints without subnets fall back to their VPC CIDRs, else the whole space', () => {
    const inVpc = snapshot().vpc('vpc-1', ['10.0.0.0/16']).ingress('sg-b', 'tcp', 80, cidr('10.0.0.0/16')).egressAll('sg-lb')
      .endpoint('lb', { groups: ['sg-lb'] }).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.5.5'] }).build();
    expect(verdict(inVpc, q(ep('lb'), ep('b'), 'tcp', 80))).toBe('allowed');
    const nowhere = snapshot().ingress('sg-b', 'tcp', 80, cidr('10.0.0.0/16')).egressAll('sg-lb')
      .endpoint('lb', { groups: ['sg-lb'], vpcId: 'vpc-unknown' }).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.5.5'] }).build();
    expect(verdict(nowhere, q(ep('lb'), ep('b'), 'tcp', 80))).toBe('depends');
  });

  it('the primary private IPv4 is used, and the first IPv6 against an IPv6 address', () => {
    const s = snapshot().egress('sg-a', 'tcp', 80, cidr('0.0.0.0/0')).egress('sg-a', 'tcp', 81, cidr('::/0')).ingress('sg-b', 'tcp', 80, cidr('10.0.0.1/32')).ingress('sg-b', 'tcp', 81, cidr('2001:db8::1/128'))
      .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1', '10.0.0.9'], ipv6: ['2001:db8::1'] })
      .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'], ipv6: ['2001:db8::2'] })
      .endpoint('v4only', { groups: ['sg-a'], ipv4: ['10.0.0.3'] }).build();
    const a = ask(s, q(ep('a'), ep('b'), 'tcp', 80));
    expect(a).toMatchObject({ verdict: 'allowed', fromAddress: '10.0.0.1', toAddress: '10.0.0.2', fromEndpointId: 'a', toEndpointId: 'b' });
    // An address that is no endpoint's names no endpoint; a private address of one names it.
    const out = ask(s, q(ip('10.0.0.2'), ip('198.51.100.1'), 'tcp', 80));
    expect(out.fromEndpointId).toBe('b');
    expect(out.toEndpointId).toBeUndefined();
    expect(verdict(s, q(ep('a', '10.0.0.9'), ep('b'), 'tcp', 80))).toBe('denied');
    expect(ask(s, q(ep('a'), ep('b', '2001:db8::2'), 'tcp', 81))).toMatchObject({ verdict: 'allowed', fromAddress: '2001:db8::1' });
    expect(verdict(s, q(ep('v4only'), ip('2001:db8::2'), 'tcp', 81))).toBe('denied');
    // Asked between the endpoints, 81 goes to IPv4, which refuses it: the answer says IPv6 allows it
    // (a's egress 81 to ::/0, b's ingress 81 from 2001:db8::1), as the flow graph draws it.
    const v4 = ask(s, q(ep('a'), ep('b'), 'tcp', 81));
    expect(v4).toMatchObject({ verdict: 'denied', fromAddress: '10.0.0.1', toAddress: '10.0.0.2' });
    expect(v4.explanation).toMatch(/ Over IPv6 it is allowed \(2001:db8::1 -> 2001:db8::2\): ask at those addresses for its rules\.$/);
    // Not said where IPv4 allows it, nor where IPv6 refuses it too, nor with an address given.
    expect(ask(s, q(ep('a'), ep('b'), 'tcp', 80)).explanation).not.toContain('Over IPv6');
    expect(ask(s, q(ep('a'), ep('b'), 'tcp', 82)).explanation).not.toContain('Over IPv6');
    expect(ask(s, q(ep('a', '10.0.0.1'), ep('b'), 'tcp', 81)).explanation).not.toContain('Over IPv6');
    const g = analyzeFlows(buildReachIndex(s)).flows;
    const ab = g.edges.find((e) => e.from === g.memberOf['a'] && e.to === g.memberOf['b']);
    expect(ab?.ports).toEqual([expect.objectContaining({ protocol: 6, ranges: [[80, 81]] })]);
  });

  it('says so too where IPv6 reaches an endpoint of unknown addresses, which has none to ask at; never for icmp', () => {
    // lb: no known address, in a dual-stack subnet and set to dual-stack; it admits 443 from ::/0
    // only. a (dual-stack) sends all traffic both ways. The map draws a -> lb tcp 443.
    const s = snapshot()
      .vpc('vpc-1', ['10.0.0.0/16'], ['2001:db8::/56'])
      .subnet('subnet-1', '10.0.2.0/24', 'vpc-1', '2001:db8:0:2::/64')
      .egressAll('sg-a')
      .egress('sg-a', 'all', null, cidr('::/0'))
      .ingress('sg-lb', 'tcp', 443, cidr('::/0'))
      .ingress('sg-lb', 'all', null, cidr('::/0'))
      .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.1.5'], ipv6: ['2001:db8:0:1::5'] })
      .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-1'], ipAddressType: 'dualstack' })
      .build();
    const a = ask(s, q(ep('a'), ep('lb'), 'tcp', 443));
    expect(a.verdict).toBe('denied');
    expect(a.explanation).toMatch(/ Over IPv6 it is allowed \(2001:db8:0:1::5 -> an address not in the inputs\)\.$/);
    // Ping over IPv4 is icmp; over IPv6 it would be icmpv6, another protocol: no note.
    expect(ask(s, qIcmp(ep('a'), ep('lb'), 'icmp')).explanation).not.toContain('Over IPv6');
  });

  it('answers list the allowing rules, say who refused, and explain in a sentence', () => {
    const s = snapshot().group('sg-alb', 'alb').group('sg-web', 'web').egressAll('sg-alb', { id: 'alb-out' }).ingress('sg-web', 'tcp', 80, sg('sg-alb'), { id: 'web-in' })
      .endpoint('alb', { groups: ['sg-alb'], ipv4: ['10.0.0.1'] }).endpoint('web', { groups: ['sg-web'], ipv4: ['10.0.0.2'] }).build();
    const a = ask(s, q(ep('alb'), ep('web'), 'tcp', 80));
    expect(a.egress.map((r) => r.ruleId)).toEqual(['alb-out']);
    expect(a.ingress.map((r) => r.ruleId)).toEqual(['web-in']);
    expect(a.ingress[0]?.summary).toBe('sg-web (web) ingress tcp 80 from sg-alb (alb)');
    expect(a.egress[0]?.summary).toBe('sg-alb (alb) egress all traffic to 0.0.0.0/0');
    expect(a.explanation).toContain('sg-web (web) ingress tcp 80 from sg-alb (alb)');
    const d = ask(s, q(ep('web'), ep('alb'), 'tcp', 80));
    expect(d.refusedBy).toEqual(['egress', 'ingress']);
    expect(d.allowed).toBe(false);
  });

  it('an answer for all traffic or for any icmp code names the rules that allow all of it, not those that allow a part', () => {
    // x1 -> x2 on all traffic: only the self rule (protocol -1) allows every protocol and port; the
    // ssh and echo rules also match x1's address but allow only tcp 22 and icmp type 8.
    const s = snapshot().egressAll('sg-x', { id: 'out' })
      .ingress('sg-x', 'all', null, sg('sg-x'), { id: 'self-all' })
      .ingress('sg-x', 'tcp', 22, cidr('10.0.0.0/8'), { id: 'ssh' })
      .ingress('sg-x', 'icmp', [8, -1], cidr('10.0.0.0/8'), { id: 'echo-any' })
      .ingress('sg-x', 'icmp', [8, 0], cidr('10.0.0.0/8'), { id: 'echo-0' })
      .endpoint('x1', { groups: ['sg-x'], ipv4: ['10.0.0.1'] }).endpoint('x2', { groups: ['sg-x'], ipv4: ['10.0.0.2'] }).build();
    const all = ask(s, qProto(ep('x1'), ep('x2'), -1));
    expect(all.verdict).toBe('allowed');
    expect(all.ingress.map((r) => r.ruleId)).toEqual(['self-all']);
    // From an outside host at 10.1.1.1 (no self rule): echo-request of any code is allowed by the
    // type-8 any-code rule alone; echo-0 allows code 0 only. Code 0 itself is allowed by both.
    const anyCode = ask(s, qIcmp(ip('10.1.1.1'), ep('x2'), 'icmp', 8));
    expect(anyCode.verdict).toBe('allowed');
    expect(anyCode.ingress.map((r) => r.ruleId)).toEqual(['echo-any']);
    const code0 = ask(s, qIcmp(ip('10.1.1.1'), ep('x2'), 'icmp', 8, 0));
    expect(code0.ingress.map((r) => r.ruleId).sort()).toEqual(['echo-0', 'echo-any']);
    // A single tcp port is allowed whole by every rule that matches it: both are named.
    expect(ask(s, q(ep('x1'), ep('x2'), 'tcp', 22)).ingress.map((r) => r.ruleId).sort()).toEqual(['self-all', 'ssh']);
  });

  it('unknown endpoints and bad addresses are errors, not verdicts', () => {
    const idx = buildReachIndex(snapshot().endpoint('a', { groups: [] }).build());
    expect(() => queryReach(idx, q(ep('nope'), ip('1.1.1.1'), 'tcp', 1))).toThrow(/unknown endpoint/);
    expect(() => queryReach(idx, q(ip('1.1.1'), ip('1.1.1.1'), 'tcp', 1))).toThrow(/invalid address/);
  });
});

describe('describeRule and explainPair', () => {
  it('explains a pair per port range with the rules on each side', () => {
    const s = snapshot().egressAll('sg-a', { id: 'a-out' }).ingress('sg-b', 'tcp', [80, 90], sg('sg-a'), { id: 'b-80-90' }).ingress('sg-b', 'tcp', [85, 100], cidr('10.0.0.0/8'), { id: 'b-85-100' })
      .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'] }).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] }).build();
    const idx = buildReachIndex(s);
    const x = explainPair(idx, ep('a'), ep('b'));
    const rows = x.segments.map((g) => [g.ports.label, g.egress.map((r) => r.ruleId), g.ingress.map((r) => r.ruleId)]);
    expect(rows).toEqual([
      ['tcp 80-84', ['a-out'], ['b-80-90']],
      ['tcp 85-90', ['a-out'], ['b-80-90', 'b-85-100']],
      ['tcp 91-100', ['a-out'], ['b-85-100']],
    ]);
    expect(describeRule(idx, s.rules[1]!).summary).toBe('sg-b ingress tcp 80-90 from sg-a');
  });
});

describe('analyzeFlows', () => {
  it('an outside block gets a node only when some endpoint has an address of its family, so none stands apart with no edge', () => {
    // web is IPv4 only: the IPv6 block's rule concerns none of its addresses.
    const s = snapshot().ingress('sg-web', 'tcp', 22, cidr('2001:db8::/32')).ingress('sg-web', 'tcp', 80, cidr('0.0.0.0/0')).ingress('sg-web', 'tcp', 443, cidr('::/0'))
      .endpoint('web', { groups: ['sg-web'], ipv4: ['10.0.0.5'] }).build();
    const g = analyzeFlows(buildReachIndex(s)).flows;
    expect(g.nodes.filter((n) => n.kind !== 'endpoints').map((n) => [n.id, n.cidrs])).toEqual([['internet', ['0.0.0.0/0']]]);
    expect(g.edges.map((e) => e.id)).toEqual([`internet->${g.memberOf['web']}`]);
  });

  it('a prefix list of unknown entries gets a node whose edges and exposures depend on it', () => {
    const s = snapshot()
      .prefixListOfUnknownEntries('pl-cf', 4).prefixList('pl-vpn', ['10.8.0.0/16'], 'vpn').prefixList('pl-office', ['198.51.100.0/24'], 'office')
      .ingress('sg-alb', 'tcp', 443, pl('pl-cf')).ingress('sg-alb', 'tcp', 8443, pl('pl-vpn')).ingress('sg-alb', 'tcp', 22, pl('pl-office'))
      .egress('sg-app', 'tcp', 5432, pl('pl-cf')).ingress('sg-db', 'tcp', 5432, pl('pl-cf')).egressAll('sg-alb')
      .endpoint('alb', { groups: ['sg-alb'], ipv4: ['10.0.0.5'] })
      .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.1.5'] })
      .endpoint('db', { groups: ['sg-db'], ipv4: ['10.0.2.5'] }).build();
    const idx = buildReachIndex(s);
    const r = analyzeFlows(idx);
    const node = r.flows.nodes.find((n) => n.id === 'pl:pl-cf');
    expect(node?.label).toBe('pl-cf · entries unknown');
    const edge = (from: string, to: string) => r.flows.edges.find((e) => e.from === from && e.to === to);
    expect(edge('pl:pl-cf', r.flows.memberOf.alb!)).toMatchObject({ label: 'tcp 443', depends: true });
    expect(edge('pl:pl-vpn', r.flows.memberOf.alb!)?.depends).toBeUndefined();
    expect(edge(r.flows.memberOf.app!, 'pl:pl-cf')).toMatchObject({ label: 'tcp 5432', depends: true });
    // Unknown entries may hold an outside address (listed, marked), or not; a private list exposes nothing.
    const exposures = r.exposures.filter((x) => x.endpointId === 'alb').map((x) => [x.from, x.depends ?? false]);
    expect(exposures.sort()).toEqual([['pl:pl-cf', true], ['pl:pl-office', false]]);
    // Class pairs through the list are left to its node; a query answers the pair: it depends.
    expect(edge(r.flows.memberOf.app!, r.flows.memberOf.db!)).toBeUndefined();
    expect(queryReach(idx, q(ep('app'), ep('db'), 'tcp', 5432)).verdict).toBe('depends');
  });

  it('an endpoint exposed only through a prefix list of unknown entries is counted as possibly exposed, not exposed', () => {
    const s = snapshot()
      .prefixListOfUnknownEntries('pl-cf', 4).prefixList('pl-office', ['198.51.100.0/24'], 'office')
      // cdn: only the list of unknown entries; both: the list and a public office range; inside: a private range.
      .ingress('sg-cdn', 'tcp', 443, pl('pl-cf'))
      .ingress('sg-both', 'tcp', 443, pl('pl-cf')).ingress('sg-both', 'tcp', 22, pl('pl-office'))
      .ingress('sg-inside', 'tcp', 443, cidr('10.0.0.0/8'))
      .endpoint('cdn-1', { groups: ['sg-cdn'], ipv4: ['10.0.0.5'] }).endpoint('cdn-2', { groups: ['sg-cdn'], ipv4: ['10.0.0.6'] })
      .endpoint('both', { groups: ['sg-both'], ipv4: ['10.0.1.5'] })
      .endpoint('inside', { groups: ['sg-inside'], ipv4: ['10.0.2.5'] }).build();
    const r = analyzeFlows(buildReachIndex(s));
    expect(r.summary.internetExposedEndpoints).toBe(1);
    expect(r.summary.possiblyExposedEndpoints).toBe(2);
  });

  const world = () =>
    snapshot().group('sg-web', 'web').group('sg-db', 'db')
      .ingress('sg-web', 'tcp', 443, cidr('0.0.0.0/0'), { id: 'web-443' }).ingress('sg-web', 'tcp', 22, cidr('203.0.113.0/24'), { id: 'web-ssh' })
      .egress('sg-web', 'tcp', 5432, sg('sg-db'), { id: 'web-to-db' }).ingress('sg-db', 'tcp', 5432, sg('sg-web'), { id: 'db-from-web' })
      .egressAll('sg-db', { id: 'db-out' }).prefixList('pl-s3', ['52.216.0.0/15'], 's3').egress('sg-web', 'tcp', 443, pl('pl-s3'), { id: 'web-s3' })
      .ingress('sg-db', 'tcp', 5432, sg('sg-ext'), { id: 'db-from-ext' });

  it('groups endpoints with identical reachability and draws both directions of external edges', () => {
    const b = world();
    for (let i = 0; i < 30; i++) b.endpoint(`web${i}`, { groups: ['sg-web'], ipv4: [`10.0.1.${i + 10}`] });
    for (let i = 0; i < 20; i++) b.endpoint(`db${i}`, { groups: ['sg-db'], ipv4: [`10.0.2.${i + 10}`] });
    b.endpoint('lonely', { groups: [], ipv4: ['10.0.3.3'] });
    const s = b.build();
    s.groups.find((g) => g.id === 'sg-ext')!.external = true;
    const r = analyzeFlows(buildReachIndex(s));
    const g = r.flows;
    const web = g.memberOf['web0']!;
    const db = g.memberOf['db0']!;
    expect(g.memberOf['web29']).toBe(web);
    expect(g.memberOf['db19']).toBe(db);
    expect(g.memberOf['lonely']).toBeDefined();
    const edge = (from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to);
    expect(edge(web, db)?.label).toBe('tcp 5432');
    expect(edge(web, db)?.ruleIds).toEqual(['db-from-web', 'web-to-db']);
    // db egresses everything and web admits 443 from 0.0.0.0/0, which holds db's addresses too.
    expect(edge(db, web)?.label).toBe('tcp 443');
    expect(edge(db, web)?.ruleIds).toEqual(['db-out', 'web-443']);
    expect(edge('internet', web)?.label).toBe('tcp 443');
    expect(edge('cidr:203.0.113.0/24', web)?.label).toBe('tcp 22');
    expect(edge(web, 'pl:pl-s3')?.label).toBe('tcp 443');
    expect(edge(db, 'internet')?.label).toBe('all traffic');
    expect(edge('group:sg-ext', db)?.label).toBe('tcp 5432');
    expect(g.edges.filter((e) => e.from === g.memberOf['lonely'] || e.to === g.memberOf['lonely'])).toEqual([]);
    // Exposures: 30 web servers on 443 from the internet (not risky) and on 22 from a public /24 (risky).
    expect(r.exposures.filter((x) => x.from === 'internet').length).toBe(30);
    expect(r.exposures.filter((x) => x.from === 'cidr:203.0.113.0/24').every((x) => x.risky)).toBe(true);
    expect(r.exposures.filter((x) => x.from === 'internet').some((x) => x.risky)).toBe(false);
    expect(r.summary).toMatchObject({ groups: 2, externalGroups: 1, endpoints: 51, internetExposedEndpoints: 30, flowEdges: g.edges.length, flowNodes: g.nodes.length });
    const x = explainEdge(buildReachIndex(s), r, edge(web, db)!.id)!;
    expect(x.segments.map((seg) => [seg.ports.label, seg.egress.map((q) => q.ruleId), seg.ingress.map((q) => q.ruleId)])).toEqual([['tcp 5432', ['web-to-db'], ['db-from-web']]]);
  });

  it('exposure comes from the internet, public CIDRs and prefix lists with public entries, never private ranges', () => {
    // cdn admits tcp 80 from a list of public ranges (a CloudFront-style list): exposed.
    // app admits 8080 from a list of private ranges and 22 from 10.0.0.0/8: internal, not exposed.
    // v4only admits 443 from 0.0.0.0/0 alone: exposed from the internet through IPv4 only.
    const s = snapshot()
      .prefixList('pl-cdn', ['130.176.0.0/16', '64.252.64.0/18'], 'cdn-origin-facing')
      .prefixList('pl-office', ['10.50.0.0/16', '192.168.0.0/16'])
      .ingress('sg-cdn', 'tcp', 80, pl('pl-cdn'))
      .ingress('sg-app', 'tcp', 8080, pl('pl-office'))
      .ingress('sg-app', 'tcp', 22, cidr('10.0.0.0/8'))
      .ingress('sg-v4', 'tcp', 443, cidr('0.0.0.0/0'))
      .ingress('sg-both', 'tcp', 443, cidr('0.0.0.0/0'))
      .ingress('sg-both', 'tcp', 443, cidr('::/0'))
      .endpoint('cdn', { groups: ['sg-cdn'], ipv4: ['10.0.0.1'] })
      .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.0.2'] })
      .endpoint('v4only', { groups: ['sg-v4'], ipv4: ['10.0.0.3'] })
      .endpoint('dual', { groups: ['sg-both'], ipv4: ['10.0.0.4'], ipv6: ['2001:db8::4'] })
      .build();
    const r = analyzeFlows(buildReachIndex(s));
    const of = (id: string) => r.exposures.filter((x) => x.endpointId === id);
    expect(of('cdn').map((x) => [x.from, x.ports.map((p) => p.label).join('; ')])).toEqual([['pl:pl-cdn', 'tcp 80']]);
    expect(of('app')).toEqual([]);
    expect(of('v4only').map((x) => x.via)).toEqual([['0.0.0.0/0']]);
    expect(of('dual').map((x) => x.via)).toEqual([['0.0.0.0/0', '::/0']]);
    expect(r.summary.internetExposedEndpoints).toBe(3);
  });

  it("a rule naming the VPC's own globally routable blocks (its IPv6 block, a public IPv4 one, a subnet of either) is no exposure", () => {
    // A dual-stack VPC's IPv6 block is global unicast, and a VPC may be numbered from public IPv4
    // space: rules naming them admit the VPC's own hosts. Only what lies outside the inputs' VPC and
    // subnet blocks, and outside the private ones, is an outside source.
    const s = snapshot()
      .vpc('vpc-1', ['100.20.0.0/16'], ['2600:1f18:abcd:1200::/56'])
      .subnet('subnet-x', '172.31.5.0/24', 'vpc-2', '2600:1f18:ffff:100::/64')
      .ingress('sg-app', 'tcp', 9000, cidr('2600:1f18:abcd:1201::/64'))
      .ingress('sg-app', 'tcp', 9001, cidr('2600:1f18:abcd:1200::/56'))
      .ingress('sg-app', 'tcp', 9002, cidr('100.20.3.0/24'))
      .ingress('sg-app', 'tcp', 9003, cidr('2600:1f18:ffff:100::/64'))
      // Wider than the VPC's block: it holds outside addresses too.
      .ingress('sg-app', 'tcp', 9004, cidr('2600:1f18:abcd:1000::/52'))
      .endpoint('app', { groups: ['sg-app'], ipv4: ['100.20.1.5'], ipv6: ['2600:1f18:abcd:1202::20'] })
      .build();
    const r = analyzeFlows(buildReachIndex(s));
    expect(r.exposures.map((x) => [x.from, x.ports.map((p) => p.label).join('; ')])).toEqual([['cidr:2600:1f18:abcd:1000::/52', 'tcp 9004']]);
  });

  it('edges agree with queryReach for every pair (small random worlds)', () => {
    const b = world().egressAll('sg-web').ingress('sg-web', 'udp', 53, cidr('10.0.2.0/24')).ingress('sg-db', 'icmp', [8, -1], cidr('10.0.1.0/25'));
    for (let i = 0; i < 6; i++) b.endpoint(`web${i}`, { groups: ['sg-web'], ipv4: [`10.0.1.${i * 40}`] });
    for (let i = 0; i < 4; i++) b.endpoint(`db${i}`, { groups: i % 2 ? ['sg-db', 'sg-web'] : ['sg-db'], ipv4: [`10.0.2.${i * 60}`] });
    const s = b.build();
    const idx = buildReachIndex(s);
    const g = analyzeFlows(idx).flows;
    const probes: ReachQuery[] = [];
    for (const a of s.endpoints) for (const c of s.endpoints) if (a !== c) {
      probes.push(q(ep(a.id), ep(c.id), 'tcp', 5432), q(ep(a.id), ep(c.id), 'udp', 53), q(ep(a.id), ep(c.id), 'tcp', 443), qIcmp(ep(a.id), ep(c.id), 'icmp', 8, 0));
    }
    for (const p of probes) {
      const from = g.memberOf[(p.from as { endpointId: string }).endpointId]!;
      const to = g.memberOf[(p.to as { endpointId: string }).endpointId]!;
      const e = g.edges.find((x) => x.from === from && x.to === to);
      const port = p.protocol === 1 ? 8 * 256 : p.port!;
      const inEdge = !!e && e.ports.some((pp) => pp.protocol === -1 || (pp.protocol === p.protocol && pp.ranges.some(([lo, hi]) => port >= lo && port <= hi)));
      expect(inEdge, JSON.stringify(p)).toBe(queryReach(idx, p).allowed);
    }
  });

  it('edges agree with queryReach at every address pair, for multi-address, dual-stack, IPv6-only and unknown-address endpoints and icmp/icmpv6 rules (seeded random worlds)', () => {
    // The worlds above give each endpoint one IPv4 address. Here endpoints have one or two IPv4
    // addresses, IPv6 ones, or none (a load balancer placed by its IPv4-only subnets: a question
    // between two of them by id can only be asked in IPv4), or are NAT gateways that no group
    // filters, and rules mix
    // group references (self included), IPv4 and IPv6 CIDRs, a prefix list with entries of both
    // families, icmp with type and/or code -1 and icmpv6 without ports. An edge stands for "some
    // address of some member may open it" and queries ask about one address each, so for every
    // class pair and probe the edge must hold it exactly when some pair of addresses of the same
    // family (or the unknown-address endpoint itself) gets 'allowed' or 'depends', and an edge not
    // marked as depending must be backed by some 'allowed'. Groups of unknown rules and prefix lists
    // of unknown entries are left out: the map leaves their pairs to their nodes by design.
    const probes: [number, number][] = [[6, 22], [6, 80], [6, 443], [17, 53], [1, 8 * 256], [1, 3 * 256 + 4], [58, 128 * 256], [58, 256], [47, 0]];
    const askOf = (from: ReturnType<typeof ep>, to: ReturnType<typeof ep>, [protocol, port]: [number, number]): ReachQuery =>
      protocol === 6 || protocol === 17 ? { from, to, protocol, port } : protocol === 1 || protocol === 58 ? { from, to, protocol, icmpType: port >> 8, icmpCode: port & 255 } : { from, to, protocol };
    const peers = [sg('sg-0'), sg('sg-1'), sg('sg-2'), sg('sg-ext'), cidr('0.0.0.0/0'), cidr('10.0.0.0/16'), cidr('10.0.1.0/30'), cidr('10.0.2.0/29'), cidr('10.0.1.5/32'), cidr('::/0'), cidr('2001:db8:0:1::/127'), cidr('2001:db8:0:3::2/128'), pl('pl-a')];
    const shapes: [Proto, Ports][] = [
      ['all', null], ['tcp', 80], ['tcp', [20, 90]], ['tcp', [0, 65535]], ['udp', 53], ['icmp', [8, -1]], ['icmp', [-1, -1]], ['icmp', [3, 4]], ['icmpv6', null], ['icmpv6', [128, 0]], [47, null],
    ];
    for (let seed = 1; seed <= 60; seed++) {
      const r = mulberry32(seed);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
      const b = snapshot().vpc('vpc-1', ['10.0.0.0/16'], ['2001:db8::/56']).subnet('subnet-a', '10.0.1.0/29').subnet('subnet-b', '10.0.2.0/29')
        .prefixList('pl-a', ['10.0.1.0/30', '2001:db8:0:1::/127']);
      b.group('sg-ext');
      const free4 = ['10.0.1.1', '10.0.1.2', '10.0.1.5', '10.0.1.6', '10.0.2.1', '10.0.2.2', '10.0.2.6', '10.0.3.1'];
      const free6 = ['2001:db8:0:1::', '2001:db8:0:1::1', '2001:db8:0:1::2', '2001:db8:0:3::2', '2001:db8:0:3::3'];
      const take = (xs: string[]): string[] => xs.splice(Math.floor(r() * xs.length), 1);
      for (let i = 0; i < 6; i++) {
        const groups = [...new Set([pick(['sg-0', 'sg-1', 'sg-2']), ...(r() < 0.3 ? [pick(['sg-0', 'sg-1', 'sg-2'])] : [])])];
        const shape = r();
        if (shape < 0.2) b.endpoint(`e${i}`, { kind: 'load-balancer', groups, subnets: pick([['subnet-a'], ['subnet-b'], ['subnet-a', 'subnet-b']]) });
        // An interface AWS does not filter with groups (a NAT gateway): only the other side decides.
        else if (shape < 0.25) b.endpoint(`e${i}`, { kind: 'nat', groups: [], ipv4: take(free4), unfiltered: true });
        // A network load balancer made without groups: only its listeners decide what it accepts.
        else if (shape < 0.3) b.endpoint(`e${i}`, { kind: 'load-balancer', groups: [], ipv4: take(free4), unfiltered: true, listeners: pick([[[6, 80]], [[17, 53], [6, 22]]] as [number, number][][]) });
        else if (shape < 0.45) b.endpoint(`e${i}`, { groups, ipv4: [...take(free4), ...take(free4)] });
        else if (shape < 0.75) b.endpoint(`e${i}`, { groups, ipv4: take(free4), ipv6: take(free6) });
        else if (shape < 0.9) b.endpoint(`e${i}`, { groups, ipv6: take(free6) });
        else b.endpoint(`e${i}`, { groups, ipv4: take(free4) });
      }
      for (let k = 0; k < 14; k++) {
        const [proto, ports] = pick(shapes);
        if (r() < 0.5) b.ingress(pick(['sg-0', 'sg-1', 'sg-2']), proto, ports, pick(peers));
        else b.egress(pick(['sg-0', 'sg-1', 'sg-2']), proto, ports, pick(peers));
      }
      const s = b.build();
      s.groups = s.groups.map((g) => (g.id === 'sg-ext' ? { ...g, external: true } : g));
      const idx = buildReachIndex(s);
      const g = analyzeFlows(idx, { cidrPairs: 'expand' }).flows;
      // How each endpoint can be named in a question: at each of its addresses, or by id when unknown.
      const locators = (e: (typeof s.endpoints)[number]) =>
        e.privateIpv4.length + e.ipv6.length === 0 ? [{ loc: ep(e.id), family: 0 }] : [...e.privateIpv4.map((a) => ({ loc: ep(e.id, a), family: 4 })), ...e.ipv6.map((a) => ({ loc: ep(e.id, a), family: 6 }))];
      const classes = [...new Set(Object.values(g.memberOf))];
      for (const ca of classes) for (const cb of classes) {
        const edge = g.edges.find((x) => x.from === ca && x.to === cb);
        for (const probe of probes) {
          const verdicts: string[] = [];
          for (const a of s.endpoints.filter((e) => g.memberOf[e.id] === ca)) for (const c of s.endpoints.filter((e) => g.memberOf[e.id] === cb)) {
            if (a === c) continue;
            for (const x of locators(a)) for (const y of locators(c)) if (!x.family || !y.family || x.family === y.family) verdicts.push(queryReach(idx, askOf(x.loc, y.loc, probe)).verdict);
          }
          const [protocol, port] = probe;
          const inEdge = !!edge && edge.ports.some((pp) => pp.protocol === -1 || (pp.protocol === protocol && pp.ranges.some(([lo, hi]) => port >= lo && port <= hi)));
          const what = `seed ${seed}: ${ca} -> ${cb}, protocol ${protocol} at ${port}`;
          expect(inEdge, what).toBe(verdicts.some((v) => v !== 'denied'));
          if (inEdge && !edge!.depends) expect(verdicts, what).toContain('allowed');
        }
      }
    }
  });

  it("cidrPairs 'via-node' keeps group-linked edges exact and leaves CIDR-only pairs to the CIDR nodes", () => {
    const s = snapshot().egressAll('sg-client').ingress('sg-app', 'tcp', 80, cidr('10.0.0.0/8'), { id: 'app-80' }).ingress('sg-app', 'tcp', 443, sg('sg-friend'), { id: 'app-443' }).egressAll('sg-friend')
      .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.1.10'] })
      .endpoint('client', { groups: ['sg-client'], ipv4: ['10.0.2.5'] })
      .endpoint('friend', { groups: ['sg-friend'], ipv4: ['10.0.3.5'] }).build();
    const idx = buildReachIndex(s);
    const expanded = analyzeFlows(idx).flows;
    const compact = analyzeFlows(idx, { cidrPairs: 'via-node' }).flows;
    const label = (g: typeof compact, from: string, to: string) => g.edges.find((e) => e.from === g.memberOf[from] && e.to === g.memberOf[to])?.label;
    expect(label(expanded, 'client', 'app')).toBe('tcp 80');
    expect(label(compact, 'client', 'app')).toBeUndefined();
    // friend is named by a group reference: its edge carries the CIDR-allowed port too, exactly.
    expect(label(expanded, 'friend', 'app')).toBe('tcp 80, 443');
    expect(label(compact, 'friend', 'app')).toBe('tcp 80, 443');
    expect(compact.edges.find((e) => e.from === 'cidr:10.0.0.0/8' && e.to === compact.memberOf['app'])?.label).toBe('tcp 80');
  });

  describe("cidrPairs 'auto'", () => {
    // n endpoints, each its own group and so its own class: all egress to 0.0.0.0/0 and admit tcp 80
    // from 10.0.0.0/8, so every ordered pair is linked by CIDR rules alone, except e1 -> e0, which
    // e0's ingress also names by group (tcp 443).
    const world = (n: number) => {
      const b = snapshot().ingress('sg-0', 'tcp', 443, sg('sg-1'), { id: 'e0-from-e1' });
      for (let i = 0; i < n; i++) {
        b.egressAll(`sg-${i}`, { id: `e${i}-out` }).ingress(`sg-${i}`, 'tcp', 80, cidr('10.0.0.0/8'), { id: `e${i}-80` });
        b.endpoint(`e${i}`, { groups: [`sg-${i}`], ipv4: [`10.0.${Math.floor(i / 200)}.${(i % 200) + 10}`] });
      }
      return buildReachIndex(b.build());
    };
    const edgeLabel = (g: ReturnType<typeof analyzeFlows>['flows'], from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to)?.label;

    it('expands CIDR-only pairs while they stay within the limit', () => {
      const r = analyzeFlows(world(100));
      expect(r.summary.cidrPairs).toBe('expand');
      expect(r.notes).toBeUndefined();
      const g = r.flows;
      expect(edgeLabel(g, g.memberOf['e2']!, g.memberOf['e0']!)).toBe('tcp 80');
      expect(edgeLabel(g, g.memberOf['e1']!, g.memberOf['e0']!)).toBe('tcp 80, 443');
      // 100 x 99 endpoint pairs, plus each class's internet and 10.0.0.0/8 edges.
      expect(g.edges.filter((e) => e.from.startsWith('eps:') && e.to.startsWith('eps:'))).toHaveLength(9900);
    });

    it('switches to via-node past the limit, keeps group-linked edges exact and says so', () => {
      // 150 x 149 - 1 = 22,349 CIDR-only pairs: over the default limit.
      expect(150 * 149 - 1).toBeGreaterThan(CIDR_PAIR_LIMIT);
      const idx = world(150);
      const r = analyzeFlows(idx);
      expect(r.summary.cidrPairs).toBe('via-node');
      expect(r.notes).toHaveLength(1);
      expect(r.notes![0]).toMatch(/^More than 20,000 endpoint pairs/);
      expect(r.notes![0]).toMatch(/endpoint pairs linked only by CIDR rules are shown through the CIDR nodes; `reachmap query` answers any pair exactly/);
      const g = r.flows;
      const [e0, e1, e2] = ['e0', 'e1', 'e2'].map((id) => g.memberOf[id]!);
      // The group-linked pair keeps its direct edge, with the CIDR-allowed port included.
      expect(edgeLabel(g, e1!, e0!)).toBe('tcp 80, 443');
      expect(g.edges.filter((e) => e.from.startsWith('eps:') && e.to.startsWith('eps:')).map((e) => e.id)).toEqual([`${e1}->${e0}`]);
      // CIDR-only pairs are drawn through the CIDR nodes, and queries still answer them exactly.
      expect(edgeLabel(g, e2!, 'internet')).toBe('all traffic');
      expect(edgeLabel(g, 'cidr:10.0.0.0/8', e0!)).toBe('tcp 80');
      expect(queryReach(idx, q(ep('e2'), ep('e0'), 'tcp', 80)).verdict).toBe('allowed');
      expect(r.summary.flowEdges).toBe(g.edges.length);
      // Asking for 'expand' still draws every pair.
      const full = analyzeFlows(idx, { cidrPairs: 'expand' });
      expect(full.summary.cidrPairs).toBe('expand');
      expect(full.notes).toBeUndefined();
      expect(edgeLabel(full.flows, e2!, e0!)).toBe('tcp 80');
    });

    it('the limit is inclusive and can be set per call', () => {
      const idx = world(20);
      // 20 x 19 - 1 = 379 CIDR-only pairs.
      expect(analyzeFlows(idx, { cidrPairLimit: 379 }).summary.cidrPairs).toBe('expand');
      const r = analyzeFlows(idx, { cidrPairLimit: 378 });
      expect(r.summary.cidrPairs).toBe('via-node');
      expect(r.notes![0]).toMatch(/^More than 378 endpoint pairs/);
      expect(analyzeFlows(idx, { cidrPairs: 'via-node' }).notes).toBeUndefined();
    });
  });
});
