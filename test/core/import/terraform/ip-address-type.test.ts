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
import { importInputs } from '../../../../src/core/import';
import { fixture, importFixtures } from './fixture-helpers';

describe('Terraform: IPv4-only load balancers and databases', () => {
  const s = importFixtures('v4-ip-address-type.tfstate.json');
  const index = buildReachIndex(s);

  it('reads the address type of load balancers, databases, VPC endpoints and Lambda functions; a classic load balancer is IPv4 only', () => {
    expect(Object.fromEntries(s.endpoints.map((e) => [e.name, e.ipAddressType ?? null]))).toEqual({
      'front-v4': 'ipv4', 'front-dual': 'dualstack', classic: 'ipv4', 'orders-v4': 'ipv4', 'orders-dual': 'dualstack',
      'ssm-v4': 'ipv4', 'fn-v4': 'ipv4', 'fn-dual': 'dualstack',
    });
  });

  it('answers from an IPv6 address that an IPv4-only one has no IPv6 address, and lets the dual-stack ones be reached', () => {
    const ask = (from: string, to: string, port: number) => {
      const r = resolveRef(index, to);
      if (!r.ok) throw new Error(r.error);
      return queryReach(index, { from: { address: from }, to: r.locator, protocol: 6, port });
    };
    for (const [name, port] of [['front-v4', 443], ['classic', 443], ['orders-v4', 5432], ['ssm-v4', 443], ['fn-v4', 443]] as const) {
      const answer = ask(name.startsWith('orders') ? '2001:db8:7:1::99' : '2001:db8:ffff::7', name, port);
      expect(answer.verdict, name).toBe('denied');
      expect(answer.explanation, name).toMatch(/no IPv6 address/);
      expect(ask(name.startsWith('orders') ? '10.7.1.99' : '198.51.100.7', name, port).verdict, name).toBe('allowed');
    }
    expect(ask('2001:db8:ffff::7', 'front-dual', 443).verdict).toBe('allowed');
    expect(ask('2001:db8:ffff::7', 'fn-dual', 443).verdict).toBe('allowed');
    expect(ask('2001:db8:7:1::99', 'orders-dual', 5432).verdict).toBe('allowed');
  });

  it('takes an endpoint that one input sets to IPv4 and another to dual-stack as possibly having IPv6, with a warning', () => {
    // A live elbv2 answer says front-v4 is dual-stack now: the state's older "ipv4" must not hide
    // the IPv6 reach, in either input order.
    const arn = s.endpoints.find((e) => e.name === 'front-v4')!.id;
    const live = { name: 'elbv2.json', text: JSON.stringify({ LoadBalancers: [{ LoadBalancerArn: arn, LoadBalancerName: 'front-v4', Type: 'application', VpcId: 'vpc-0dual', Scheme: 'internet-facing', SecurityGroups: ['sg-0v6lb'], IpAddressType: 'dualstack', AvailabilityZones: [{ SubnetId: 'subnet-0dual1', ZoneName: 'eu-west-1a' }] }] }) };
    const state = fixture('v4-ip-address-type.tfstate.json');
    for (const inputs of [[state, live], [live, state]]) {
      const merged = importInputs(inputs);
      const lb = merged.endpoints.find((e) => e.id === arn)!;
      expect(lb.ipAddressType, inputs[0]!.name).toBeUndefined();
      expect(merged.warnings.filter((w) => w.code === 'ip-address-type-differs').map((w) => w.subject)).toEqual([arn]);
      const answer = queryReach(buildReachIndex(merged), { from: { address: '2001:db8:ffff::7' }, to: { endpointId: arn }, protocol: 6, port: 443 });
      expect(answer.verdict).not.toBe('denied');
    }
  });
});

describe('Terraform plans: an instance asking for IPv6 addresses', () => {
  // Two planned instances in a dual-stack subnet, one with ipv6_address_count = 1 (its addresses
  // known only after apply), one without; their group admits icmpv6 from ::/0 and sends anything.
  const sg = { name: 'h', ingress: [{ cidr_blocks: [], ipv6_cidr_blocks: ['::/0'], description: '', from_port: -1, to_port: -1, prefix_list_ids: [], protocol: 'icmpv6', security_groups: [], self: false }], egress: [{ cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: ['::/0'], description: '', from_port: 0, to_port: 0, prefix_list_ids: [], protocol: '-1', security_groups: [], self: false }] };
  const instance = (name: string, count: number) => ({ address: `aws_instance.${name}`, mode: 'managed', type: 'aws_instance', name, values: { ami: 'ami-1', instance_type: 't3.micro', subnet_id: 'subnet-0d', vpc_security_group_ids: ['sg-0h'], ipv6_address_count: count } });
  const plan = {
    format_version: '1.2', terraform_version: '1.9.8',
    planned_values: { root_module: { resources: [
      { address: 'aws_subnet.d', mode: 'managed', type: 'aws_subnet', name: 'd', values: { id: 'subnet-0d', vpc_id: 'vpc-0d', cidr_block: '10.8.1.0/24', ipv6_cidr_block: '2001:db8:8:1::/64' } },
      { address: 'aws_security_group.h', mode: 'managed', type: 'aws_security_group', name: 'h', values: { id: 'sg-0h', vpc_id: 'vpc-0d', ...sg } },
      instance('six', 1), instance('four', 0), instance('six2', 1),
    ] } },
    resource_changes: ['six', 'four', 'six2'].map((n) => ({ address: `aws_instance.${n}`, mode: 'managed', type: 'aws_instance', name: n, change: { actions: ['create'], after: {}, after_unknown: { id: true, private_ip: true, ipv6_addresses: true } } })),
  };
  const s = importInputs([{ name: 'v6.plan.json', text: JSON.stringify(plan) }]);

  it('is dual-stack when it asks for an IPv6 address count, so icmpv6 to it is asked over IPv6', () => {
    expect(Object.fromEntries(s.endpoints.map((e) => [e.tfAddress, e.ipAddressType ?? null]))).toEqual({ 'aws_instance.four': null, 'aws_instance.six': 'dualstack', 'aws_instance.six2': 'dualstack' });
    const index = buildReachIndex(s);
    const ask = (from: string, to: string) => {
      const f = resolveRef(index, from);
      const t = resolveRef(index, to);
      if (!f.ok || !t.ok) throw new Error('unresolved');
      return queryReach(index, { from: f.locator, to: t.locator, protocol: 58, icmpType: 128, icmpCode: 0 }).verdict;
    };
    // Both may have IPv6: asked at their (unknown) IPv6 addresses, where ::/0 admits it.
    expect(ask('aws_instance.six', 'aws_instance.six2')).toBe('allowed');
    // One takes no IPv6: asked in IPv4, where no icmpv6 rule names an IPv4 block.
    expect(ask('aws_instance.four', 'aws_instance.six')).toBe('denied');
  });
});
