/**
 * Managed database and cache services that carry security groups and are placed by a subnet group
 * or a subnet list: DocumentDB (and its elastic clusters), Neptune, RDS Proxy, DMS replication
 * instances, MemoryDB and ElastiCache Serverless. Each is a known endpoint (a database or a cache,
 * no "generic endpoint" warning), and its subnets come from its subnet group, so a CIDR rule that
 * holds every assignable address of those subnets decides for it. Read as a generic endpoint it was
 * placed anywhere in its VPC, where the same rule only "depends".
 *
 * Expectations worked out by hand: the VPC is 10.0.0.0/16, subnet-a 10.0.1.0/24 and subnet-b
 * 10.0.2.0/24. The monitor admits tcp 9100 from 10.0.1.0/24 only, and every service's group sends
 * anything anywhere. A service in subnet-a alone: allowed. In subnet-a and subnet-b: depends (some
 * of its possible addresses are outside 10.0.1.0/24). In subnet-b alone: denied. A Route 53
 * Resolver endpoint lists its addresses, one per ip_address block: those decide instead.
 */
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import type { Snapshot } from '../../../../src/core/model';
import { buildReachIndex, queryReach } from '../../../../src/core/reach';
import { cidrRule as rule, tfResource as res } from './fixture-helpers';

function stateWith(...service: object[]): string {
  return JSON.stringify({
    version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'subnet-group-services', outputs: {},
    resources: [
      res('aws_vpc', 'main', { id: 'vpc-1', cidr_block: '10.0.0.0/16', ipv6_cidr_block: '' }),
      res('aws_subnet', 'a', { id: 'subnet-a', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', ipv6_cidr_block: '' }),
      res('aws_subnet', 'b', { id: 'subnet-b', vpc_id: 'vpc-1', cidr_block: '10.0.2.0/24', ipv6_cidr_block: '' }),
      res('aws_security_group', 'svc', { id: 'sg-svc', name: 'svc', vpc_id: 'vpc-1', ingress: [], egress: [rule('-1', 0, '0.0.0.0/0')] }),
      res('aws_security_group', 'monitor', { id: 'sg-mon', name: 'monitor', vpc_id: 'vpc-1', ingress: [rule('tcp', 9100, '10.0.1.0/24')], egress: [] }),
      res('aws_instance', 'monitor', { id: 'i-mon', private_ip: '10.0.3.10', subnet_id: 'subnet-b', vpc_security_group_ids: ['sg-mon'] }),
      ...service,
    ],
  });
}

interface Case {
  type: string;
  kind: 'database' | 'cache';
  /** The service in the given subnets: the resource, and its subnet group when it names one. */
  make(subnets: string[]): object[];
}

const subnetGroup = (type: string, name: string, subnets: string[], extra: Record<string, unknown> = {}) => res(type, 'g', { id: name, name, subnet_ids: subnets, ...extra });

const CASES: Case[] = [
  {
    type: 'aws_docdb_cluster', kind: 'database',
    make: (s) => [subnetGroup('aws_docdb_subnet_group', 'docs', s), res('aws_docdb_cluster', 'docs', { id: 'docs', cluster_identifier: 'docs', arn: 'arn:aws:rds:eu-west-1:123456789012:cluster:docs', vpc_security_group_ids: ['sg-svc'], db_subnet_group_name: 'docs', master_password: 'hunter2' })],
  },
  {
    type: 'aws_neptune_cluster', kind: 'database',
    make: (s) => [subnetGroup('aws_neptune_subnet_group', 'graph', s), res('aws_neptune_cluster', 'graph', { id: 'graph', cluster_identifier: 'graph', vpc_security_group_ids: ['sg-svc'], neptune_subnet_group_name: 'graph' })],
  },
  {
    type: 'aws_docdb_elastic_cluster', kind: 'database',
    make: (s) => [res('aws_docdb_elastic_cluster', 'docs', { id: 'arn:aws:docdb-elastic:eu-west-1:123456789012:cluster/x', arn: 'arn:aws:docdb-elastic:eu-west-1:123456789012:cluster/x', name: 'docs', vpc_security_group_ids: ['sg-svc'], subnet_ids: s, admin_user_password: 'hunter2' })],
  },
  {
    type: 'aws_db_proxy', kind: 'database',
    make: (s) => [res('aws_db_proxy', 'proxy', { id: 'proxy', name: 'proxy', arn: 'arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-1', vpc_security_group_ids: ['sg-svc'], vpc_subnet_ids: s })],
  },
  {
    type: 'aws_dms_replication_instance', kind: 'database',
    make: (s) => [
      res('aws_dms_replication_subnet_group', 'g', { id: 'dms-sub', replication_subnet_group_id: 'dms-sub', subnet_ids: s }),
      res('aws_dms_replication_instance', 'dms', { id: 'dms', replication_instance_id: 'dms', vpc_security_group_ids: ['sg-svc'], replication_subnet_group_id: 'dms-sub', replication_instance_private_ips: [], replication_instance_public_ips: [] }),
    ],
  },
  {
    type: 'aws_memorydb_cluster', kind: 'cache',
    make: (s) => [subnetGroup('aws_memorydb_subnet_group', 'mem', s), res('aws_memorydb_cluster', 'mem', { id: 'mem', name: 'mem', arn: 'arn:aws:memorydb:eu-west-1:123456789012:cluster/mem', security_group_ids: ['sg-svc'], subnet_group_name: 'mem' })],
  },
  {
    type: 'aws_elasticache_serverless_cache', kind: 'cache',
    make: (s) => [res('aws_elasticache_serverless_cache', 'cache', { id: 'cache', name: 'cache', arn: 'arn:aws:elasticache:eu-west-1:123456789012:serverlesscache:cache', security_group_ids: ['sg-svc'], subnet_ids: s })],
  },
];

function load(c: Case, subnets: string[]): { snapshot: Snapshot; verdict: string } {
  const snapshot = importInputs([{ name: 'svc.tfstate', text: stateWith(...c.make(subnets)) }]);
  const service = snapshot.endpoints.find((e) => e.resourceType === c.type);
  if (!service) throw new Error(`${c.type} was not read as an endpoint`);
  const verdict = queryReach(buildReachIndex(snapshot), { from: { endpointId: service.id }, to: { endpointId: 'i-mon' }, protocol: 6, port: 9100 }).verdict;
  return { snapshot, verdict };
}

describe('Terraform: managed services placed by a subnet group or subnet list', () => {
  for (const c of CASES) {
    describe(c.type, () => {
      it(`is a known ${c.kind} endpoint with its groups, not a generic one`, () => {
        const { snapshot } = load(c, ['subnet-a']);
        const service = snapshot.endpoints.find((e) => e.resourceType === c.type)!;
        expect(service.kind).toBe(c.kind);
        expect(service.groupIds).toEqual(['sg-svc']);
        expect(service.subnetIds).toEqual(['subnet-a']);
        expect(service.vpcId).toBe('vpc-1');
        expect(snapshot.warnings.map((w) => w.code)).not.toContain('generic-endpoint');
      });

      it('a CIDR rule holding its one subnet decides for it; two subnets make it depend; the other subnet alone is refused', () => {
        expect(load(c, ['subnet-a']).verdict).toBe('allowed');
        expect(load(c, ['subnet-a', 'subnet-b']).verdict).toBe('depends');
        expect(load(c, ['subnet-b']).verdict).toBe('denied');
      });

      it('keeps no password or other attribute the model does not need', () => {
        expect(JSON.stringify(load(c, ['subnet-a']).snapshot)).not.toContain('hunter2');
      });
    });
  }

  it('a DMS replication instance\'s listed addresses are its own: a rule holding them decides though its subnets are wider', () => {
    const dms = (ips: string[]) => [
      res('aws_dms_replication_subnet_group', 'g', { id: 'dms-sub', replication_subnet_group_id: 'dms-sub', subnet_ids: ['subnet-a', 'subnet-b'] }),
      res('aws_dms_replication_instance', 'dms', { id: 'dms', replication_instance_id: 'dms', vpc_security_group_ids: ['sg-svc'], replication_subnet_group_id: 'dms-sub', publicly_accessible: true, replication_instance_private_ips: ips, replication_instance_public_ips: ['203.0.113.7'] }),
    ];
    const snapshot = importInputs([{ name: 'dms.tfstate', text: stateWith(...dms(['10.0.1.20'])) }]);
    const service = snapshot.endpoints.find((e) => e.resourceType === 'aws_dms_replication_instance')!;
    expect(service.privateIpv4).toEqual(['10.0.1.20']);
    expect(service.publicIpv4).toEqual(['203.0.113.7']);
    const index = buildReachIndex(snapshot);
    expect(queryReach(index, { from: { endpointId: service.id }, to: { endpointId: 'i-mon' }, protocol: 6, port: 9100 }).verdict).toBe('allowed');
    const elsewhere = importInputs([{ name: 'dms.tfstate', text: stateWith(...dms(['10.0.2.20'])) }]);
    const other = elsewhere.endpoints.find((e) => e.resourceType === 'aws_dms_replication_instance')!;
    expect(queryReach(buildReachIndex(elsewhere), { from: { endpointId: other.id }, to: { endpointId: 'i-mon' }, protocol: 6, port: 9100 }).verdict).toBe('denied');
  });

  it('a subnet group that is not in the file leaves the service anywhere in its groups\' VPC: the rule only depends', () => {
    const snapshot = importInputs([{ name: 'svc.tfstate', text: stateWith(res('aws_docdb_cluster', 'docs', { id: 'docs', cluster_identifier: 'docs', vpc_security_group_ids: ['sg-svc'], db_subnet_group_name: 'elsewhere' })) }]);
    const service = snapshot.endpoints.find((e) => e.resourceType === 'aws_docdb_cluster')!;
    expect(service.subnetIds).toEqual([]);
    expect(service.vpcId).toBe('vpc-1');
    expect(queryReach(buildReachIndex(snapshot), { from: { endpointId: service.id }, to: { endpointId: 'i-mon' }, protocol: 6, port: 9100 }).verdict).toBe('depends');
  });
});

describe('Terraform: a Route 53 Resolver endpoint', () => {
  const resolver = (blocks: object[]) =>
    res('aws_route53_resolver_endpoint', 'inbound', { id: 'rslvr-in-1', name: 'inbound', direction: 'INBOUND', host_vpc_id: 'vpc-1', security_group_ids: ['sg-svc'], ip_address: blocks });
  const ask = (blocks: object[]) => {
    const snapshot = importInputs([{ name: 'dns.tfstate', text: stateWith(resolver(blocks)) }]);
    const ep = snapshot.endpoints.find((e) => e.resourceType === 'aws_route53_resolver_endpoint')!;
    return { snapshot, ep, verdict: queryReach(buildReachIndex(snapshot), { from: { endpointId: ep.id }, to: { endpointId: 'i-mon' }, protocol: 6, port: 9100 }).verdict };
  };

  it('is an endpoint at the addresses of its ip_address blocks, with no generic-endpoint warning', () => {
    const { snapshot, ep } = ask([{ subnet_id: 'subnet-a', ip: '10.0.1.53', ip_id: 'rni-1' }, { subnet_id: 'subnet-b', ip: '10.0.2.53', ip_id: 'rni-2' }]);
    expect([ep.groupIds, ep.subnetIds, ep.privateIpv4, ep.vpcId]).toEqual([['sg-svc'], ['subnet-a', 'subnet-b'], ['10.0.1.53', '10.0.2.53'], 'vpc-1']);
    expect(snapshot.warnings.map((w) => w.code)).not.toContain('generic-endpoint');
  });

  it('its addresses decide a CIDR rule: both in 10.0.1.0/24 allowed, one outside denied (not "depends" on its subnets)', () => {
    expect(ask([{ subnet_id: 'subnet-a', ip: '10.0.1.53' }, { subnet_id: 'subnet-a', ip: '10.0.1.54' }]).verdict).toBe('allowed');
    // Asked from its primary (first) address, 10.0.2.53, which the monitor's rule does not hold.
    expect(ask([{ subnet_id: 'subnet-b', ip: '10.0.2.53' }, { subnet_id: 'subnet-a', ip: '10.0.1.53' }]).verdict).toBe('denied');
  });

  it('an IPv6-only endpoint\'s blocks give their IPv6 addresses alone', () => {
    const { ep } = ask([{ subnet_id: 'subnet-a', ipv6: '2001:db8:1::53' }, { subnet_id: 'subnet-b', ipv6: '2001:db8:2::53' }]);
    expect([ep.privateIpv4, ep.ipv6]).toEqual([[], ['2001:db8:1::53', '2001:db8:2::53']]);
  });

  it('a block whose address AWS has not given yet leaves the addresses unknown within its subnets', () => {
    const { ep, verdict } = ask([{ subnet_id: 'subnet-a', ip: '10.0.1.53' }, { subnet_id: 'subnet-b' }]);
    expect(ep.privateIpv4).toEqual([]);
    expect(verdict).toBe('depends');
  });
});
