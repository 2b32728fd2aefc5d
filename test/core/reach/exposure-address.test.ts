// An exposure says whether the outside source can address the endpoint at all. Security groups
// decide what may pass, but the internet reaches an instance only at a public address: an
// auto-assigned public IPv4 or an elastic IP (VPC user guide, "IP addressing for your VPCs and
// subnets"), or an IPv6 address, which AWS takes from global blocks. A private address alone is
// reached from outside only through a load balancer, a VPN or a peering. The expectations below are
// worked out per endpoint from its addresses and the family of the source that the rules admit.
import { describe, expect, it } from 'vitest';
import { analyzeFlows, buildReachIndex } from '../../../src/core/reach';
import type { ExposureAddress } from '../../../src/core/analysis-types';
import { cidr, snapshot } from './builders';

function build() {
  const b = snapshot()
    .vpc('vpc-1', ['10.0.0.0/16'], ['2001:db8::/56'])
    .subnet('subnet-a', '10.0.1.0/24', 'vpc-1', '2001:db8:0:1::/64')
    // ssh from anywhere, both families; https from IPv6 anywhere only; ssh from one public office range.
    .ingress('sg-open', 'tcp', 22, cidr('0.0.0.0/0'))
    .ingress('sg-open', 'tcp', 22, cidr('::/0'))
    .ingress('sg-v6', 'tcp', 443, cidr('::/0'))
    .ingress('sg-office', 'tcp', 22, cidr('198.51.100.0/24'))
    // pub and priv share one class (same group, same cells): the answer is per endpoint.
    .endpoint('pub', { groups: ['sg-open'], ipv4: ['10.0.1.5'], publicIpv4: ['203.0.113.5'] })
    .endpoint('priv', { groups: ['sg-open'], ipv4: ['10.0.1.6'] })
    .endpoint('v6', { groups: ['sg-v6'], ipv4: ['10.0.1.7'], ipv6: ['2001:db8:0:1::7'] })
    // A unique-local IPv6 address (fc00::/7) is private, like 10/8.
    .endpoint('ula', { groups: ['sg-v6'], ipv4: ['10.0.1.8'], ipv6: ['fd00:0:0:1::8'] })
    // An IPv6 source cannot use a public IPv4 address.
    .endpoint('v4-public-only', { groups: ['sg-v6'], ipv4: ['10.0.1.9'], publicIpv4: ['203.0.113.9'], ipv6: ['fd00:0:0:1::9'] })
    .endpoint('lb-public', { kind: 'load-balancer', groups: ['sg-open'], subnets: ['subnet-a'], internetFacing: true })
    .endpoint('lb-internal', { kind: 'load-balancer', groups: ['sg-open'], subnets: ['subnet-a'], internetFacing: false })
    .endpoint('fn', { kind: 'lambda', groups: ['sg-open'], subnets: ['subnet-a'] })
    .endpoint('planned', { groups: ['sg-open'], ipv4: ['10.0.1.11'] })
    .endpoint('office-host', { groups: ['sg-office'], ipv4: ['10.0.1.12'], publicIpv4: ['203.0.113.12'] })
    .endpoint('office-private', { groups: ['sg-office'], ipv4: ['10.0.1.13'], ipv6: ['2001:db8:0:1::13'] });
  const s = b.build();
  // A plan leaves this instance's public address to apply.
  s.endpoints.find((e) => e.id === 'planned')!.publicIpUnknown = true;
  return s;
}

describe('exposure public address', () => {
  const result = analyzeFlows(buildReachIndex(build()));
  const addressOf = (id: string): ExposureAddress[] => result.exposures.filter((x) => x.endpointId === id).map((x) => x.publicAddress);

  it.each<[string, ExposureAddress, string]>([
    ['pub', 'yes', 'a public IPv4 address, and ssh is open to 0.0.0.0/0'],
    ['priv', 'no', 'only a private address: the internet cannot address it, though its class-mate can be'],
    ['v6', 'yes', 'an IPv6 address from a global block, and https is open to ::/0'],
    ['ula', 'no', 'a unique-local IPv6 address is not reachable from the internet'],
    ['v4-public-only', 'no', 'its public address is IPv4 and only IPv6 sources are admitted'],
    ['lb-public', 'yes', 'an internet-facing load balancer gets public addresses'],
    ['lb-internal', 'no', 'an internal load balancer gets private addresses only'],
    ['fn', 'unknown', 'a Lambda function whose addresses the inputs do not give'],
    ['planned', 'unknown', 'a plan leaves the public address to apply'],
    ['office-host', 'yes', 'an IPv4 office range reaches its public IPv4 address'],
    ['office-private', 'no', 'an IPv4 office range cannot use its IPv6 address'],
  ])('%s: %s (%s)', (id, expected) => {
    const found = addressOf(id);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set([expected]));
  });

  it('the summary counts the endpoints reached at a public address apart from all those exposed', () => {
    // Exposed: every endpoint above (11); at a public address: pub, v6, lb-public, office-host.
    expect(result.summary.internetExposedEndpoints).toBe(11);
    expect(result.summary.exposedAtPublicAddress).toBe(4);
  });

  it('a public address of the right family is enough whatever the inputs say of the scheme', () => {
    const s = build();
    const lb = s.endpoints.find((e) => e.id === 'lb-internal')!;
    // Not a shape AWS gives a load balancer, but an elastic IP on an ENI marked internal is public.
    lb.privateIpv4 = ['10.0.1.20'];
    lb.publicIpv4 = ['203.0.113.20'];
    const again = analyzeFlows(buildReachIndex(s));
    expect(again.exposures.filter((x) => x.endpointId === 'lb-internal').map((x) => x.publicAddress)).toEqual(['yes']);
  });
});
