// A plan that leaves a resource's groups unset warns that AWS will give it the VPC's default group
// only where AWS really does: not for an instance launched on network_interface blocks (its groups
// are the interface's) nor for a network or gateway load balancer (created without groups, it has none).
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

describe("the plan warning about the VPC's default group", () => {
  const s = importFixtures('plan-default-group-warning.json');
  const defaultWarnings = s.warnings.filter((w) => w.code === 'unknown-at-plan' && w.message.includes("default group")).map((w) => w.subject).sort();

  it('is given for an instance without network_interface blocks and for an application load balancer', () => {
    expect(defaultWarnings).toContain('aws_instance.plain');
    expect(defaultWarnings).toContain('aws_lb.alb');
  });

  it('is not given for an instance on network_interface blocks, nor for network and gateway load balancers', () => {
    expect(defaultWarnings).toEqual(['aws_instance.plain', 'aws_lb.alb']);
  });
});
