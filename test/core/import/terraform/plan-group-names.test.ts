// Groups given by name in a plan: an instance's `security_groups` and a launch template's
// `security_group_names` hold group NAMES, and the name of a group the plan creates with
// `name_prefix` (or without a name) is unknown until apply, like its id. The configuration's
// reference to the group is then the only link, as it is for ids; read without it the instance
// carried no group at all (every question "denied", with no warning), a list mixing a known and an
// unknown name lost the unknown one, and an auto scaling group whose template named its groups that
// way gave no endpoint. A spot instance request is read as the instance it launches.
import { describe, expect, it } from 'vitest';
import { importFixtures, tcpAsker } from './fixture-helpers';

const GEN = 'tf:aws_security_group.gen';
const SSH = 'tf:aws_security_group.ssh';

describe('group names that a plan leaves unknown until apply', () => {
  const s = importFixtures('plan-instance-group-names.json');
  const byName = (name: string) => s.endpoints.find((e) => e.name === name);

  it("an instance naming a group the plan creates (security_groups = [aws_security_group.gen.name]) carries that group", () => {
    expect(byName('aws_instance.by_unknown_name')?.groupIds).toEqual([GEN]);
  });

  it('a name the plan knows is read by name, resolved to the group of that name', () => {
    expect(byName('aws_instance.by_known_name')?.groupIds).toEqual([SSH]);
  });

  it('a list of one known and one unknown name keeps both groups, the known name resolved once', () => {
    expect([...(byName('aws_instance.mixed')?.groupIds ?? [])].sort()).toEqual([GEN, SSH]);
  });

  it("a launch template's security_group_names gives its auto scaling group's instances the group", () => {
    expect(byName('workers')?.groupIds).toEqual([GEN]);
  });

  it('a spot instance request is an instance, not a generic endpoint', () => {
    const spot = s.endpoints.find((e) => e.origin?.address === 'aws_spot_instance_request.spot');
    expect(spot?.kind).toBe('instance');
    expect(spot?.groupIds).toEqual([GEN]);
    expect(s.warnings.filter((w) => w.code === 'generic-endpoint')).toEqual([]);
  });

  it('names that lead to no group (a local, which a plan does not describe) are said to be unknown, and nothing else is', () => {
    // The one warning without a subject says the planned instances' addresses are unknown too.
    const unknown = s.warnings.filter((w) => w.code === 'unknown-at-plan' && w.subject !== undefined).map((w) => w.subject);
    expect(unknown).toEqual(['aws_instance.by_local']);
    expect(byName('aws_instance.by_local')?.groupIds).toEqual([]);
  });

  it("the named group's rules decide what reaches the instance", () => {
    const ask = tcpAsker(s);
    // gen admits 8080 from 10.0.0.0/8; ssh admits 22 from the same range.
    expect(ask('10.1.2.3', 'aws_instance.by_unknown_name', 8080).verdict).toBe('allowed');
    expect(ask('10.1.2.3', 'aws_instance.by_unknown_name', 22).verdict).toBe('denied');
    expect(ask('10.1.2.3', 'aws_instance.mixed', 8080).verdict).toBe('allowed');
    expect(ask('10.1.2.3', 'aws_instance.mixed', 22).verdict).toBe('allowed');
    expect(ask('192.0.2.1', 'aws_instance.mixed', 22).verdict).toBe('denied');
  });
});
