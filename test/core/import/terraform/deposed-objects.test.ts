// Deposed and tainted objects in `terraform show -json` output. A state shown as JSON lists a
// deposed object (the old half of a create-before-destroy replacement) as a resource entry of its
// own, under the same address as the current object and marked `deposed_key`; a plan lists the
// change that destroys it as a resource_changes entry marked `deposed`. Neither may stand for the
// current object, whichever comes first: they are skipped with a warning, as in a raw v4 state.
import { describe, expect, it } from 'vitest';
import { codes, importFixtures, rulesOf } from './fixture-helpers';

describe('show -json of a state with a deposed object before the current one', () => {
  const s = importFixtures('show-state-deposed.json');

  it('reads the current object and skips the deposed one with a warning', () => {
    expect(s.groups.map((g) => [g.id, g.name, g.external])).toEqual([['sg-00000000000000d02', 'web', false]]);
    expect(rulesOf(s, 'sg-00000000000000d02')).toEqual(['ingress 6 443-443 cidr:0.0.0.0/0']);
    expect(s.rules.some((r) => r.groupId === 'sg-00000000000000d01')).toBe(false);
    const deposed = s.warnings.find((w) => w.code === 'deposed-skipped');
    expect(deposed?.message).toContain('aws_security_group.web');
    expect(deposed?.message).toContain('a1b2c3d4');
  });

  it('keeps a tainted object (still deployed) and says it is tainted', () => {
    expect(s.endpoints.map((e) => [e.id, e.groupIds])).toEqual([['i-00000000000000d03', ['sg-00000000000000d02']]]);
    expect(s.warnings.find((w) => w.code === 'tainted')?.subject).toBe('module.app.aws_instance.app[0]');
    expect(codes(s).sort()).toEqual(['deposed-skipped', 'tainted']);
  });
});

describe('a plan whose resource_changes list a deposed object after the current one', () => {
  const s = importFixtures('plan-deposed.json');

  it('keeps what the current change says is unknown: the instance still wears the group its configuration names', () => {
    const app = s.endpoints.find((e) => e.tfAddress === 'aws_instance.app["a"]');
    expect(app?.groupIds).toEqual(['tf:aws_security_group.app']);
    // The deposed object's group is destroyed with it.
    expect(s.groups.map((g) => g.id)).toEqual(['tf:aws_security_group.app']);
  });
});
