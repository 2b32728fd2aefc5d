// EKS managed node groups: their nodes wear the cluster security group EKS created (found through
// cluster_name) unless their launch template names groups, in which case they wear those; a node
// group with SSH remote access also wears the group EKS made for it. Like an autoscaling group, a
// node group is one endpoint in its subnets with no known addresses.
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

describe('an EKS managed node group', () => {
  const s = importFixtures('v4-eks-node-groups.tfstate.json');
  const group = (name: string) => s.endpoints.find((e) => e.resourceType === 'aws_eks_node_group' && e.name === name);

  it('without a launch template wears the cluster security group of its cluster', () => {
    expect(group('plain')).toMatchObject({
      kind: 'autoscaling', id: 'arn:aws:eks:eu-west-1:111111111111:nodegroup/main/plain/1', groupIds: ['sg-00000000000000f01'],
      subnetIds: ['subnet-f1'], privateIpv4: [], ipv6: [], vpcId: 'vpc-f0',
    });
  });

  it("with a launch template wears the template's groups, or the cluster group when the template names none", () => {
    expect(group('templated')?.groupIds).toEqual(['sg-00000000000000f03']);
    expect(group('bare')?.groupIds).toEqual(['sg-00000000000000f01']);
  });

  it('with SSH remote access also wears the remote access group EKS created', () => {
    expect(group('ssh')?.groupIds).toEqual(['sg-00000000000000f01', 'sg-00000000000000f04']);
  });

  it('whose cluster is not in the input is reported, not dropped silently', () => {
    expect(group('orphan')).toBeUndefined();
    expect(s.warnings.some((w) => w.code === 'unlinked' && w.subject === 'aws_eks_node_group.orphan')).toBe(true);
  });
});
