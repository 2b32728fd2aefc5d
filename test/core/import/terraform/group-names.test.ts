// Groups named rather than given by id. The provider keeps a group NAME in an inline rule's
// `security_groups` when AWS reports the pair by name (default VPC, EC2-Classic), and users write
// `security_groups = ["default"]`; the name means the group of that name in the rule's own VPC. The
// other way round, an instance's `security_groups` may hold ids (`[aws_security_group.x.id]`),
// which AWS accepts there: an id is never a name (AWS names cannot start with "sg-").
// Fixture: v4-group-names.tfstate.json, two VPCs that each have a group named "web" and "app".
import { describe, expect, it } from 'vitest';
import { importFixtures, rulesOf } from './fixture-helpers';

const A = (n: number) => `sg-0000000000000aa0${n}`;
const B = (n: number) => `sg-0000000000000bb0${n}`;

describe('group names in rules and endpoints', () => {
  const s = importFixtures('v4-group-names.tfstate.json');
  const groupsOf = (id: string) => s.endpoints.find((e) => e.id === id)?.groupIds;

  it('resolves a name in an inline rule to the group of that name in the rule\'s VPC', () => {
    expect(rulesOf(s, A(3))).toEqual([
      `ingress -1 *-* sg:${A(0)}`,
      'ingress 6 80-80 sg:amazon-elb/amazon-elb-sg',
      `ingress 6 8080-8080 sg:${A(2)}`,
    ]);
    expect(rulesOf(s, B(3))).toEqual([
      `ingress 6 22-22 sg:${B(0)}`,
      `ingress 6 8443-8443 sg:${B(3)}`,
      'ingress 6 9000-9000 sg:name:nosuch',
    ]);
  });

  it('folds the named inline rule and the separate rule naming the same group by id into one rule', () => {
    const rule = s.rules.find((r) => r.groupId === A(3) && r.fromPort === 8080)!;
    expect(rule.origins.map((o) => [o.address, o.block])).toEqual([
      ['aws_security_group.app_a', 0],
      ['aws_security_group_rule.app_a_from_web', undefined],
    ]);
  });

  it('keeps a name that matches no group as an external group, with a warning', () => {
    expect(s.groups.find((g) => g.id === 'name:nosuch')).toMatchObject({ name: 'nosuch', external: true, vpcId: 'vpc-0000000000000bb00' });
    const w = s.warnings.find((x) => x.code === 'unresolved-group-name');
    expect(w?.message).toContain('"nosuch"');
    expect(w?.subject).toBe(B(3));
    expect(w?.file).toBe('v4-group-names.tfstate.json');
    expect(w?.message).toContain('aws_security_group.app_b ingress rule');
    // The default group of vpc-b is named by its VPC but defined in no input.
    expect(s.groups.find((g) => g.id === B(0))).toMatchObject({ external: true });
  });

  it('keeps the classic load balancers\' amazon-elb group as an AWS-managed external group', () => {
    expect(s.groups.find((g) => g.id === 'amazon-elb/amazon-elb-sg')).toMatchObject({ name: 'amazon-elb-sg', ownerId: 'amazon-elb', external: true, externalReason: 'aws-managed' });
    expect(s.warnings.filter((w) => w.subject === 'amazon-elb/amazon-elb-sg').map((w) => w.code)).toEqual(['external-group']);
  });

  it('reads an id in an instance\'s security_groups as that group, and names in a launch configuration by name', () => {
    expect(groupsOf('i-0000000000000aa10')).toEqual([A(2)]);
    expect(groupsOf('i-0000000000000bb10')).toEqual([B(2)]);
    expect(groupsOf('asg-b')).toEqual([B(2)]);
    expect(s.groups.some((g) => g.id.startsWith('name:sg-'))).toBe(false);
  });
});
