// A plan that creates a VPC and its groups knows neither id until apply: a group's vpc_id is
// unknown and its configuration references the VPC. The group is in that planned VPC all the same,
// which decides what a group name in a rule means there and which VPC an endpoint known only by
// its groups is in. Fixture: plan-group-vpc.json, two planned VPCs that each get a group "web".
import { describe, expect, it } from 'vitest';
import { importFixtures, rulesOf } from './fixture-helpers';

describe('groups of a VPC the same plan creates', () => {
  const s = importFixtures('plan-group-vpc.json');

  it('are in that VPC', () => {
    expect(s.groups.map((g) => [g.id, g.vpcId])).toEqual([
      ['tf:aws_security_group.db', 'tf:aws_vpc.one'],
      ['tf:aws_security_group.web_one', 'tf:aws_vpc.one'],
      ['tf:aws_security_group.web_two', 'tf:aws_vpc.two'],
    ]);
  });

  it('resolve a group name in a rule within their VPC', () => {
    expect(rulesOf(s, 'tf:aws_security_group.db')).toEqual(['ingress 6 5432-5432 sg:tf:aws_security_group.web_one']);
    expect(s.warnings.map((w) => w.code)).not.toContain('unresolved-group-name');
  });

  it('place an endpoint known only by its groups in their VPC', () => {
    expect(s.endpoints.map((e) => [e.id, e.groupIds, e.vpcId])).toEqual([['plan-db', ['tf:aws_security_group.db'], 'tf:aws_vpc.one']]);
  });
});
