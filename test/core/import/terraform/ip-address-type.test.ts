/**
 * A load balancer or database whose addresses a state does not give may still be known to take no
 * IPv6 address: `ip_address_type = "ipv4"` on aws_lb, `network_type = "IPV4"` on RDS, and every
 * classic load balancer. In a dual-stack subnet such an endpoint must not be reachable from IPv6
 * addresses, while a dual-stack sibling in the same subnet is. The fixture (next to this file) puts
 * one of each in subnet 10.7.1.0/24 + 2001:db8:7:1::/64, load balancers open on 443 to 0.0.0.0/0
 * and ::/0, databases on 5432 to the VPC's blocks of both families.
 */
import { describe, expect, it } from 'vitest';
import { buildReachIndex, queryReach, resolveRef } from '../../../../src/core/reach';
import { importFixtures } from './fixture-helpers';

describe('Terraform: IPv4-only load balancers and databases', () => {
  const s = importFixtures('v4-ip-address-type.tfstate.json');
  const index = buildReachIndex(s);

  it('marks the ones set to IPv4, and classic load balancers, and no other', () => {
    expect(Object.fromEntries(s.endpoints.map((e) => [e.name, e.ipv4Only ?? false]))).toEqual({
      'front-v4': true, 'front-dual': false, classic: true, 'orders-v4': true, 'orders-dual': false,
    });
  });

  it('answers from an IPv6 address that an IPv4-only one has no IPv6 address, and lets the dual-stack ones be reached', () => {
    const ask = (from: string, to: string, port: number) => {
      const r = resolveRef(index, to);
      if (!r.ok) throw new Error(r.error);
      return queryReach(index, { from: { address: from }, to: r.locator, protocol: 6, port });
    };
    for (const [name, port] of [['front-v4', 443], ['classic', 443], ['orders-v4', 5432]] as const) {
      const answer = ask(name.startsWith('orders') ? '2001:db8:7:1::99' : '2001:db8:ffff::7', name, port);
      expect(answer.verdict, name).toBe('denied');
      expect(answer.explanation, name).toMatch(/no IPv6 address/);
      expect(ask(name.startsWith('orders') ? '10.7.1.99' : '198.51.100.7', name, port).verdict, name).toBe('allowed');
    }
    expect(ask('2001:db8:ffff::7', 'front-dual', 443).verdict).toBe('allowed');
    expect(ask('2001:db8:7:1::99', 'orders-dual', 5432).verdict).toBe('allowed');
  });
});
