// What the Terraform importer records about public addresses, which exposures read
// (Exposure.publicAddress): a plan that leaves an instance's `public_ip` to apply marks it unknown
// rather than absent, unless the instance is told to take none; `publicly_accessible` is kept both
// ways, so a database that is not publicly accessible is known to have private addresses only, as is
// an ECS service's `assign_public_ip`.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { analyzeFlows, buildReachIndex } from '../../../../src/core/reach';
import { planChange, planFile, planResource } from './fixture-helpers';

const ssh = { protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' };

const plan = planFile('plan.json', [
  planResource('aws_subnet', 'a', { id: 'subnet-0a', vpc_id: 'vpc-01', cidr_block: '10.0.1.0/24' }),
  planResource('aws_security_group', 'open', { id: 'sg-0open', name: 'open', vpc_id: 'vpc-01', ingress: [ssh], egress: [] }),
  // Addresses set in the configuration; the public one is AWS's to give at apply.
  planResource('aws_instance', 'maybe', { private_ip: '10.0.1.10', subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0open'] }),
  planResource('aws_instance', 'never', { private_ip: '10.0.1.11', associate_public_ip_address: false, subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0open'] }),
], [
  planChange('aws_instance', 'maybe', ['create'], { id: true, arn: true, public_ip: true }),
  planChange('aws_instance', 'never', ['create'], { id: true, arn: true, public_ip: true }),
]);

describe('public addresses read from Terraform', () => {
  it('a planned instance whose public address comes at apply is marked unknown, one told to take none is not', () => {
    const s = importInputs([plan]);
    const byAddress = (a: string) => s.endpoints.find((e) => e.tfAddress === a)!;
    expect(byAddress('aws_instance.maybe').publicIpUnknown).toBe(true);
    expect(byAddress('aws_instance.never').publicIpUnknown).toBeUndefined();
    const exposures = analyzeFlows(buildReachIndex(s)).exposures;
    const address = (a: string) => exposures.find((x) => x.endpointId === byAddress(a).id)?.publicAddress;
    expect(address('aws_instance.maybe')).toBe('unknown');
    expect(address('aws_instance.never')).toBe('no');
  });

  it('a state knows the public address, or that there is none', () => {
    const inst = (name: string, attributes: object) => ({ mode: 'managed', type: 'aws_instance', name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 1, attributes }] });
    const state = {
      version: 4, terraform_version: '1.7.5', serial: 1, lineage: 'x', outputs: {},
      resources: [
        inst('a', { id: 'i-0a', private_ip: '10.0.1.5', public_ip: '', subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0open'] }),
        inst('b', { id: 'i-0b', private_ip: '10.0.1.6', public_ip: '203.0.113.6', subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0open'] }),
      ],
    };
    const s = importInputs([{ name: 'state.tfstate', text: JSON.stringify(state) }]);
    expect(s.endpoints.map((e) => [e.id, e.publicIpv4, e.publicIpUnknown])).toEqual([['i-0a', [], undefined], ['i-0b', ['203.0.113.6'], undefined]]);
  });

  it.each([
    ['aws_db_instance', { identifier: 'db1', publicly_accessible: false }, false],
    ['aws_db_instance', { identifier: 'db2', publicly_accessible: true }, true],
    ['aws_db_instance', { identifier: 'db3' }, undefined],
    ['aws_redshift_cluster', { cluster_identifier: 'rs1', publicly_accessible: false }, false],
    ['aws_mq_broker', { id: 'b-1', broker_name: 'mq1', publicly_accessible: 'true', security_groups: ['sg-0open'] }, true],
    // A service's tasks get public addresses when assign_public_ip is set, none when it is not.
    ['aws_ecs_service', { id: 'svc-1', name: 'svc1', network_configuration: [{ assign_public_ip: true, security_groups: ['sg-0open'], subnets: ['subnet-0a'] }] }, true],
    ['aws_ecs_service', { id: 'svc-2', name: 'svc2', network_configuration: [{ assign_public_ip: false, security_groups: ['sg-0open'], subnets: ['subnet-0a'] }] }, false],
    ['aws_ecs_service', { id: 'svc-3', name: 'svc3', network_configuration: [{ security_groups: ['sg-0open'], subnets: ['subnet-0a'] }] }, undefined],
  ] as const)('%s %j is internet-facing: %s', (type, attrs, expected) => {
    const attributes = { vpc_security_group_ids: ['sg-0open'], ...attrs };
    const state = { version: 4, terraform_version: '1.7.5', serial: 1, lineage: 'x', outputs: {}, resources: [{ mode: 'managed', type, name: 'x', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 1, attributes }] }] };
    const [ep] = importInputs([{ name: 'state.tfstate', text: JSON.stringify(state) }]).endpoints;
    expect(ep?.internetFacing).toBe(expected);
  });
});
