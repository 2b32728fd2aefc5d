// EC2 gives an instance, or a network interface, launched without security groups the default group
// of its VPC. An auto scaling group whose launch template (or launch configuration) names no group
// therefore runs instances in that group; read as carrying none, it gave no endpoint at all, and the
// default group's rules reached nothing of it.
import { describe, expect, it } from 'vitest';
import { importFixtures, tcpAsker } from './fixture-helpers';

const DEFAULT_GROUP = 'sg-00000000000000d0d';

describe("the VPC's default group on instances launched from templates that name no group", () => {
  const s = importFixtures('v4-launch-default-group.tfstate.json');
  const groupsOf = (name: string) => s.endpoints.find((e) => e.name === name)?.groupIds;

  it('a launch template without groups or interfaces gives its auto scaling group the default group', () => {
    expect(groupsOf('from_bare')).toEqual([DEFAULT_GROUP]);
  });

  it('so does a template whose network interface names no group', () => {
    expect(groupsOf('from_nic')).toEqual([DEFAULT_GROUP]);
  });

  it('so does a launch configuration without groups', () => {
    expect(groupsOf('from_lc')).toEqual([DEFAULT_GROUP]);
  });

  it('a template that names a group gives that group alone', () => {
    expect(groupsOf('from_grouped')).toEqual(['sg-00000000000000d01']);
  });

  it("the default group's self rule joins the members of two such groups, and only them", () => {
    const ask = tcpAsker(s);
    expect(ask('from_bare', 'from_lc', 5432).verdict).toBe('allowed');
    expect(ask('from_bare', 'from_lc', 22).verdict).toBe('denied');
    expect(ask('from_grouped', 'from_lc', 5432).verdict).toBe('denied');
  });
});
