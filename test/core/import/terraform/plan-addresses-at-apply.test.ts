// A plan that creates an instance does not know its private address: AWS assigns it at apply. The
// analysis then weighs CIDR rules against every address of the instance's subnet, as it does for a
// load balancer, and answers "depends" where a rule's CIDR holds only part of the subnet. The issue
// asks that values unknown at plan time become warnings: one warning names every such endpoint,
// and endpoints whose address the plan knows (one being updated) or that never have one of their
// own in Terraform (a load balancer) are not named.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { planChange, planFile, planResource, tcpAsker } from './fixture-helpers';

const res = planResource;
const change = planChange;

const plan = planFile('plan.json', [
  res('aws_subnet', 'a', { id: 'subnet-0a', vpc_id: 'vpc-01', cidr_block: '10.0.1.0/24' }),
  res('aws_security_group', 'web', {
    id: 'sg-0web', name: 'web', vpc_id: 'vpc-01',
    ingress: [{ protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['10.0.1.0/25'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' }],
    egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' }],
  }),
  res('aws_instance', 'old', { id: 'i-0old', private_ip: '10.0.1.10', subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0web'] }),
  res('aws_instance', 'new', { subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0web'] }),
  res('aws_lb', 'front', { name: 'front', internal: true, load_balancer_type: 'application', subnets: ['subnet-0a'], security_groups: ['sg-0web'] }),
], [
  change('aws_instance', 'old', ['update'], {}),
  change('aws_instance', 'new', ['create'], { id: true, arn: true, private_ip: true, public_ip: true, ipv6_addresses: true }),
  change('aws_lb', 'front', ['create'], { id: true, arn: true, dns_name: true }),
]);

describe('a plan that creates an instance', () => {
  const s = importInputs([plan]);

  it('says once that its address is unknown until apply, naming it and nothing else', () => {
    const said = s.warnings.filter((w) => w.code === 'unknown-at-plan');
    expect(said.map((w) => w.message)).toEqual([
      "the private address of aws_instance.new is unknown until apply: CIDR rules are weighed against every address its subnet may give it, and an answer depends on it where a rule's CIDR holds only some of those",
    ]);
    expect(said[0]!.file).toBe('plan.json');
  });

  it("answers by its subnet: ssh admitted from 10.0.1.0/25 depends on where in 10.0.1.0/24 it lands, where the known address decides", () => {
    const ask = tcpAsker(s);
    expect(ask('aws_instance.new', 'aws_instance.old', 22).verdict).toBe('depends');
    expect(ask('aws_instance.old', 'aws_instance.new', 22).verdict).toBe('allowed');
  });

  it('a state, which knows every address, gets no such warning', () => {
    const state = {
      version: 4, terraform_version: '1.7.5', serial: 1, lineage: 'x', outputs: {},
      resources: [{ mode: 'managed', type: 'aws_instance', name: 'old', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 1, attributes: { id: 'i-0old', private_ip: '', subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0web'] } }] }],
    };
    const t = importInputs([{ name: 'state.tfstate', text: JSON.stringify(state) }]);
    expect(t.warnings.filter((w) => w.code === 'unknown-at-plan')).toEqual([]);
  });
});
