// A plan references a counted or for_each resource by a key computed at apply:
// `aws_security_group.svc[each.key].id` is listed in the configuration as `aws_security_group.svc`
// and `each.key`, with no index. Read as every instance, each instance wore every group of the
// set, which made answers 'allowed' that the plan denies. The referrer's own key (each.key,
// count.index) names its instance; a key computed from each.value cannot be known, so every
// instance stands in, with a warning; a splat (no key at all) still means every instance.
import { describe, expect, it } from 'vitest';
import { importFixtures, tcpAsker } from './fixture-helpers';

describe('references whose key a plan computes', () => {
  const s = importFixtures('plan-computed-keys.json');
  const groupsOf = (address: string) => s.endpoints.find((e) => e.tfAddress === address)?.groupIds;
  const subnetsOf = (address: string) => s.endpoints.find((e) => e.tfAddress === address)?.subnetIds;

  it("count.index and each.key name the referrer's own instance, for groups and subnets alike", () => {
    expect(groupsOf('aws_instance.node[0]')).toEqual(['tf:aws_security_group.tier[0]']);
    expect(groupsOf('aws_instance.node[1]')).toEqual(['tf:aws_security_group.tier[1]']);
    expect(subnetsOf('aws_instance.node[1]')).toEqual(['tf:aws_subnet.private[1]']);
    expect(groupsOf('aws_instance.svc["api"]')).toEqual(['tf:aws_security_group.svc["api"]']);
    expect(groupsOf('aws_instance.svc["db"]')).toEqual(['tf:aws_security_group.svc["db"]']);
  });

  it('a splat still means every instance, without a warning; a key from each.value, or beside a lookup, means every instance, with one', () => {
    expect(groupsOf('aws_instance.all')).toEqual(['tf:aws_security_group.tier[0]', 'tf:aws_security_group.tier[1]']);
    expect(groupsOf('aws_instance.worker["w1"]')).toEqual(['tf:aws_security_group.role["a"]', 'tf:aws_security_group.role["b"]']);
    // svc[lookup(var.sg_for, each.key)] is referenced as svc, var.sg_for and each.key: the key may be another's.
    expect(groupsOf('aws_instance.mapped["api"]')).toEqual(['tf:aws_security_group.svc["api"]', 'tf:aws_security_group.svc["db"]']);
    const computed = s.warnings.filter((w) => w.subject !== undefined);
    expect(computed.map((w) => [w.code, w.subject])).toEqual([
      ['unknown-at-plan', 'aws_instance.mapped["api"]'],
      ['unknown-at-plan', 'aws_instance.worker["w1"]'],
    ]);
    expect(computed[1]!.message).toContain('the instance of aws_security_group.role it names has a key computed at apply; read as every instance of it');
  });

  it('says once that it read references by their own key, which a plan cannot tell from a comprehension over the same resource', () => {
    // node[0], node[1] (groups and subnets) and svc["api"], svc["db"]: six readings.
    const note = s.warnings.filter((w) => w.subject === undefined && !w.message.startsWith('the private address'));
    expect(note.map((w) => w.message.split(' like ')[0])).toEqual(['6 references']);
    expect(note[0]!.code).toBe('unknown-at-plan');
  });

  it('answers by the instance a key names: tier[1] admits 1001, and node[0] wears tier[0] only', () => {
    const ask = tcpAsker(s);
    expect(ask('203.0.113.1', 'aws_instance.node[0]', 1000).verdict).toBe('allowed');
    expect(ask('203.0.113.1', 'aws_instance.node[0]', 1001).verdict).toBe('denied');
    expect(ask('203.0.113.1', 'aws_instance.node[1]', 1001).verdict).toBe('allowed');
    expect(ask('203.0.113.1', 'aws_instance.svc["api"]', 5432).verdict).toBe('denied');
    expect(ask('203.0.113.1', 'aws_instance.svc["db"]', 5432).verdict).toBe('allowed');
  });
});
