// aws_vpc_endpoint_security_group_association adds a group to an interface VPC endpoint, like
// aws_network_interface_sg_attachment does to an ENI: the endpoint carries it whether it is defined
// in the same state (whose security_group_ids may not list it yet) or in another input.
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

describe('a VPC endpoint security group association', () => {
  it('adds its group to the endpoint defined in the same state', () => {
    const s = importFixtures('v4-vpce-association.tfstate.json');
    expect(s.endpoints.find((e) => e.id === 'vpce-00000000000000c01')).toMatchObject({ kind: 'vpc-endpoint', groupIds: ['sg-00000000000000c01'] });
  });

  it('adds its group to an endpoint defined in another input', () => {
    const s = importFixtures('v4-vpce-association.tfstate.json', 'v4-vpce-elsewhere.tfstate.json');
    expect(s.endpoints.map((e) => [e.id, e.kind, e.name, e.resourceType, e.groupIds])).toEqual([
      ['vpce-00000000000000c01', 'vpc-endpoint', 'com.amazonaws.eu-west-1.ssm', 'aws_vpc_endpoint', ['sg-00000000000000c01']],
      ['vpce-00000000000000c02', 'vpc-endpoint', 'ecr-api', 'aws_vpc_endpoint', ['sg-00000000000000c01', 'sg-00000000000000c02']],
    ]);
  });
});
