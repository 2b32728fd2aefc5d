// Terraform state v1 and v3 (`modules[]` with flatmap attributes): hash-index sets, Terraformer's
// list indices (with a 0.12 terraform_version that must not change detection), count suffixes,
// data sources, map counts written as `tags.#` in v1.
import { describe, expect, it } from 'vitest';
import { codes, importFixtures, rulesOf } from './fixture-helpers';

describe('state v3 with set hashes', () => {
  const s = importFixtures('v3-hash.tfstate.json');

  it('detects v3 and reads inline rules from hash-indexed flatmap, protocol "TCP" included', () => {
    expect(s.sources[0]!.format).toBe('tfstate-v3');
    expect(rulesOf(s, 'sg-0000000000000b001')).toEqual([
      'egress -1 *-* cidr:0.0.0.0/0',
      'egress 6 5000-5000 sg:sg-0000000000000b002',
      'ingress 6 80-80 cidr:0.0.0.0/0',
    ]);
    expect(rulesOf(s, 'sg-0000000000000b002')).toEqual([
      'ingress 6 5000-5000 sg:sg-0000000000000b001',
      'ingress 6 5000-5000 sg:sg-0000000000000b002',
    ]);
  });

  it('maps module paths and count suffixes to addresses', () => {
    expect(s.subnets.map((x) => x.origin?.address)).toEqual(['aws_subnet.private[0]', 'aws_subnet.private[1]']);
    expect(s.subnets.map((x) => x.mapPublicIp)).toEqual([false, true]);
    expect(s.groups.find((g) => g.id === 'sg-0000000000000b003')!.origin?.address).toBe('module.db.aws_security_group.db');
  });

  it('reads endpoints from flatmap lists and never copies the DB password or outputs', () => {
    expect(s.endpoints.map((e) => [e.id, e.kind, e.groupIds, e.subnetIds])).toEqual([
      ['appdb', 'database', ['sg-0000000000000b003'], []],
      ['arn:aws:ecs:us-east-1:111122223333:service/app', 'ecs', ['sg-0000000000000b002'], ['subnet-000000000000v3a0', 'subnet-000000000000v3a1']],
    ]);
    const text = JSON.stringify(s);
    expect(text).not.toContain('SECRET-DB-PASSWORD-V3');
    expect(text).not.toContain('SECRET-KUBECONFIG-V3');
    expect(s.warnings).toEqual([]);
  });
});

describe('state v3 written by Terraformer', () => {
  const s = importFixtures('v3-list.tfstate.json');

  it('is read as v3 despite terraform_version 0.12.31 and handles list indices and self', () => {
    expect(s.sources[0]!.format).toBe('tfstate-v3');
    expect(rulesOf(s, 'sg-0000000000000c001')).toEqual([
      'egress -1 *-* cidr:0.0.0.0/0',
      'ingress -1 *-* sg:sg-0000000000000c001',
      'ingress 6 443-443 sg:sg-0000000000000c002',
    ]);
    expect(s.groups.map((g) => g.id)).toEqual(['sg-0000000000000c001', 'sg-0000000000000c002']);
  });
});

describe('state v1', () => {
  const s = importFixtures('v1.tfstate.json');

  it('reads modules, string booleans and udp port ranges', () => {
    expect(s.sources[0]!.format).toBe('tfstate-v1');
    expect(rulesOf(s, 'sg-00000000000000e01')).toEqual(['ingress 17 8300-8302 sg:sg-00000000000000e01']);
    expect(s.rules[0]!.origins[0]!.address).toBe('module.rules.aws_security_group_rule.app_self');
  });

  it('reads instances and classic ELBs, with v1 `tags.#` maps and internal flags', () => {
    expect(s.endpoints.map((e) => [e.id, e.kind, e.name, e.privateIpv4, e.internetFacing ?? null, e.vpcId])).toEqual([
      ['front', 'load-balancer', 'front', [], false, 'vpc-00000000000000e0e'],
      ['i-00000000000000e01', 'instance', 'app-0', ['10.9.0.10'], null, 'vpc-00000000000000e0e'],
    ]);
    expect(codes(s)).toEqual([]);
    expect(JSON.stringify(s)).not.toContain('SECRET-PRIVATE-KEY-V1');
  });
});
