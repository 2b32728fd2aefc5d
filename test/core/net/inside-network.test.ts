// insideNetworkTest: a block is inside when private, or within a VPC's or subnet's block of the
// inputs; anything holding another address is outside (an exposure source).
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../../src/core/net/address';
import { insideNetworkTest } from '../../../src/core/net/inside-network';

const inside = insideNetworkTest({
  vpcs: [{ cidrs: ['100.20.0.0/16'], ipv6Cidrs: ['2600:1f18:abcd:1200::/56'] }],
  subnets: [{ cidr: '172.31.5.0/24', ipv6Cidr: '2600:1f18:ffff:100::/64' }, {}],
});

describe('insideNetworkTest', () => {
  it.each([
    ['10.1.0.0/16', true, 'a private block'],
    ['fd00::/8', true, 'a unique-local IPv6 block'],
    ['100.20.0.0/16', true, "the VPC's own public IPv4 block"],
    ['100.20.7.0/24', true, 'a subnet of it'],
    ['2600:1f18:abcd:1201::/64', true, "a subnet of the VPC's IPv6 block"],
    ['2600:1f18:ffff:100::/64', true, "a described subnet's IPv6 block"],
    ['100.0.0.0/8', false, 'wider than the VPC block'],
    ['2600:1f18:abcd:1000::/52', false, "wider than the VPC's IPv6 block"],
    ['0.0.0.0/0', false, 'the internet'],
    ['::/0', false, 'the IPv6 internet'],
    ['203.0.113.0/24', false, 'a public block elsewhere'],
  ])('%s -> %s (%s)', (cidr, expected) => {
    expect(inside(parseCidr(cidr))).toBe(expected);
  });

  it('with no VPC or subnet blocks, only private blocks are inside', () => {
    const bare = insideNetworkTest({ vpcs: [], subnets: [] });
    expect(['10.0.0.0/8', '100.20.0.0/16', '2600:1f18:abcd:1200::/56'].map((c) => bare(parseCidr(c)))).toEqual([true, false, false]);
  });
});
