// An Auto Scaling group's mixed instances policy may launch some instance types from another launch
// template (`override[].launch_template_specification`): instances of those types carry that
// template's groups, so the group's endpoint carries them too.
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

describe('an Auto Scaling group with per-instance-type launch templates', () => {
  const s = importFixtures('v4-asg-overrides.tfstate.json');

  it('carries the groups of the main and of every override launch template', () => {
    expect(s.endpoints.map((e) => [e.id, e.kind, e.groupIds])).toEqual([
      ['mixed', 'autoscaling', ['sg-00000000000000a51', 'sg-00000000000000a52']],
    ]);
    expect(s.warnings).toEqual([]);
  });
});
