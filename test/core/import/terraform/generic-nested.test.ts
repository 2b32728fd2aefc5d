// The generic-endpoint fallback: a resource type without a reader of its own that carries groups
// anywhere in its nested blocks (Batch compute_resources, EMR ec2_attributes with single and
// comma-separated group attributes, spot fleet launch specifications, every block of a repeated
// vpc_config) becomes a generic endpoint with a warning, instead of being dropped silently. Groups
// a resource only names as a traffic source (an EKS node group's remote_access) are not carried: the
// node group, read by its own reader, has no cluster in this file and is reported as unlinked.
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

const g = (n: number): string => `sg-00000000000000b0${n}`;

describe('resources carrying groups inside nested blocks', () => {
  const s = importFixtures('v4-generic-nested.tfstate.json');

  it('become generic endpoints carrying every group they list', () => {
    expect(s.endpoints.map((e) => [e.id, e.kind, e.groupIds, e.subnetIds])).toEqual([
      ['arn:aws:batch:eu-west-1:1:compute-environment/jobs', 'generic', [g(1)], ['subnet-b0']],
      ['arn:aws:elasticmapreduce:eu-west-1:1:cluster/j-00000000000b0', 'generic', [g(2), g(3)], ['subnet-b0']],
      ['arn:aws:kafka:eu-west-1:1:cluster/events/1', 'generic', [g(1), g(5)], ['subnet-b0', 'subnet-b1']],
      ['sfr-000000000000000b0', 'generic', [g(4)], ['subnet-b0']],
    ]);
  });

  it('warns once per generic endpoint, in input order', () => {
    expect(s.warnings.map((w) => [w.code, w.subject])).toEqual([
      ['generic-endpoint', 'aws_batch_compute_environment.jobs'],
      ['generic-endpoint', 'aws_emr_cluster.spark'],
      ['generic-endpoint', 'aws_spot_fleet_request.workers'],
      ['generic-endpoint', 'aws_msk_serverless_cluster.events'],
      ['unlinked', 'aws_eks_node_group.nodes'],
    ]);
  });
});
