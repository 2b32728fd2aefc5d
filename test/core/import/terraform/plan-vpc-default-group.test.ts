// A plan that leaves a resource's groups to AWS, where AWS then attaches the VPC's default group,
// gives the resource that group: read with no group at all, every question about a planned instance
// or database answered "denied", although the default group's rules will let traffic through. Groups
// given some other way (by name, by a reference to a group the plan creates, on a network load
// balancer that has none) are not replaced by it.
import { describe, expect, it } from 'vitest';
import { importFixtures, tcpAsker } from './fixture-helpers';

const DEFAULT_GROUP = 'sg-0000000000000f0d1';
const WEB = 'sg-0000000000000f0a1';

describe("the VPC's default group on planned resources whose groups are left to AWS", () => {
  const s = importFixtures('plan-vpc-default-group.json');
  const byName = (name: string) => s.endpoints.find((e) => e.name === name);

  it('an instance that sets neither vpc_security_group_ids nor security_groups carries the default group of its VPC', () => {
    expect(byName('aws_instance.plain')?.groupIds).toEqual([DEFAULT_GROUP]);
  });

  it('an RDS instance and an ASG whose launch template names no group carry it too', () => {
    expect(byName('db')?.groupIds).toEqual([DEFAULT_GROUP]);
    expect(byName('bare')?.groupIds).toEqual([DEFAULT_GROUP]);
  });

  it('groups given by name on the instance or its launch template are its groups, without the default one', () => {
    expect(byName('aws_instance.named')?.groupIds).toEqual([WEB]);
    expect(byName('by_name')?.groupIds).toEqual([WEB]);
  });

  it('a resource of a type the importer does not know follows the same reading: both lists considered, and left to AWS gives the default group', () => {
    expect(s.endpoints.find((e) => e.origin?.address === 'aws_spot_instance_request.spot')?.groupIds).toEqual([WEB]);
    expect(s.endpoints.find((e) => e.origin?.address === 'aws_neptune_cluster.graph')?.groupIds).toEqual([DEFAULT_GROUP]);
  });

  it('a reference to a group the plan creates is kept, not replaced by the default group', () => {
    expect(byName('aws_instance.referenced')?.groupIds).toEqual(['tf:aws_security_group.new']);
  });

  it('a network load balancer left without groups has none and stays unfiltered', () => {
    expect(byName('nlb')?.groupIds).toEqual([]);
    expect(byName('nlb')?.unfiltered).toBe(true);
  });

  it('warns once for each resource read as carrying the default group, and not for those with groups', () => {
    const warned = s.warnings.filter((w) => w.code === 'unknown-at-plan' && w.message.includes('default group')).map((w) => w.subject).sort();
    expect(warned).toEqual(['aws_db_instance.db', 'aws_instance.plain', 'aws_launch_template.bare', 'aws_neptune_cluster.graph']);
  });

  it("the default group's self rule lets the planned instance reach the planned database, and nothing else in", () => {
    const ask = tcpAsker(s);
    const toDb = ask('aws_instance.plain', 'db', 5432);
    expect(toDb.verdict).toBe('allowed');
    expect(toDb.ingress.map((r) => r.groupId)).toEqual([DEFAULT_GROUP]);
    expect(toDb.egress.map((r) => r.groupId)).toEqual([DEFAULT_GROUP]);
    // The web group admits 443 from anywhere, the default group nothing from outside itself.
    expect(ask('203.0.113.9', 'aws_instance.plain', 443).verdict).toBe('denied');
    expect(ask('203.0.113.9', 'aws_instance.named', 443).verdict).toBe('allowed');
  });
});
