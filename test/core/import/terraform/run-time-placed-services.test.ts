/**
 * Services whose interfaces AWS places in the given subnets when they run, at addresses no input
 * gives: a CodeBuild project with a vpc_config, an API Gateway (v2) VPC link and a Lambda function.
 * Each is a known endpoint (its name, no "generic endpoint" warning) in its subnets, and none of
 * them ever gets a public address, so an exposure to the internet says "no public address" rather
 * than "unknown".
 *
 * Expectations worked out by hand: the VPC is 10.0.0.0/16, subnet-a 10.0.1.0/24, subnet-b
 * 10.0.2.0/24. The monitor admits tcp 9100 from 10.0.1.0/24 only, and every service's group sends
 * anything anywhere and admits tcp 443 from 0.0.0.0/0. In subnet-a alone: allowed; in subnet-a and
 * subnet-b: depends (some of its possible addresses are outside 10.0.1.0/24); in subnet-b: denied.
 */
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import type { Snapshot } from '../../../../src/core/model';
import { analyzeFlows, buildReachIndex, queryReach } from '../../../../src/core/reach';
import { cidrRule as rule, tfResource as res } from './fixture-helpers';

function stateWith(...service: object[]): string {
  return JSON.stringify({
    version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'run-time-placed-services', outputs: {},
    resources: [
      res('aws_vpc', 'main', { id: 'vpc-1', cidr_block: '10.0.0.0/16', ipv6_cidr_block: '' }),
      // Instances launched here get a public address: the services placed here still do not.
      res('aws_subnet', 'a', { id: 'subnet-a', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', ipv6_cidr_block: '', map_public_ip_on_launch: true }),
      res('aws_subnet', 'b', { id: 'subnet-b', vpc_id: 'vpc-1', cidr_block: '10.0.2.0/24', ipv6_cidr_block: '' }),
      res('aws_security_group', 'svc', { id: 'sg-svc', name: 'svc', vpc_id: 'vpc-1', ingress: [rule('tcp', 443, '0.0.0.0/0')], egress: [rule('-1', 0, '0.0.0.0/0')] }),
      res('aws_security_group', 'monitor', { id: 'sg-mon', name: 'monitor', vpc_id: 'vpc-1', ingress: [rule('tcp', 9100, '10.0.1.0/24')], egress: [] }),
      res('aws_instance', 'monitor', { id: 'i-mon', private_ip: '10.0.3.10', subnet_id: 'subnet-b', vpc_security_group_ids: ['sg-mon'] }),
      ...service,
    ],
  });
}

interface Case {
  type: string;
  name: string;
  make(subnets: string[]): object;
}

const CASES: Case[] = [
  {
    type: 'aws_codebuild_project', name: 'build',
    make: (s) => res('aws_codebuild_project', 'build', {
      id: 'arn:aws:codebuild:eu-west-1:123456789012:project/build', arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/build', name: 'build',
      vpc_config: [{ security_group_ids: ['sg-svc'], subnets: s, vpc_id: 'vpc-1' }],
      environment: [{ environment_variable: [{ name: 'TOKEN', type: 'PLAINTEXT', value: 'hunter2' }] }],
    }),
  },
  {
    type: 'aws_apigatewayv2_vpc_link', name: 'link',
    make: (s) => res('aws_apigatewayv2_vpc_link', 'link', { id: 'abc123', arn: 'arn:aws:apigateway:eu-west-1::/vpclinks/abc123', name: 'link', security_group_ids: ['sg-svc'], subnet_ids: s, tags: null, tags_all: {} }),
  },
  {
    type: 'aws_lambda_function', name: 'fn',
    make: (s) => res('aws_lambda_function', 'fn', {
      id: 'fn', function_name: 'fn', arn: 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
      vpc_config: [{ security_group_ids: ['sg-svc'], subnet_ids: s, vpc_id: 'vpc-1', ipv6_allowed_for_dual_stack: false }],
      environment: [{ variables: { TOKEN: 'hunter2' } }],
    }),
  },
];

function load(c: Case, subnets: string[]): { snapshot: Snapshot; verdict: string } {
  const snapshot = importInputs([{ name: 'svc.tfstate', text: stateWith(c.make(subnets)) }]);
  const service = snapshot.endpoints.find((e) => e.resourceType === c.type);
  if (!service) throw new Error(`${c.type} was not read as an endpoint`);
  const verdict = queryReach(buildReachIndex(snapshot), { from: { endpointId: service.id }, to: { endpointId: 'i-mon' }, protocol: 6, port: 9100 }).verdict;
  return { snapshot, verdict };
}

describe('Terraform: services placed in their subnets at run time', () => {
  for (const c of CASES) {
    describe(c.type, () => {
      it('is a known endpoint named after the resource, in its subnets, with no generic-endpoint warning', () => {
        const { snapshot } = load(c, ['subnet-a']);
        const service = snapshot.endpoints.find((e) => e.resourceType === c.type)!;
        expect([service.name, service.groupIds, service.subnetIds, service.vpcId, service.privateIpv4]).toEqual([c.name, ['sg-svc'], ['subnet-a'], 'vpc-1', []]);
        expect(snapshot.warnings.map((w) => w.code)).not.toContain('generic-endpoint');
      });

      it('a CIDR rule holding its one subnet decides for it; two subnets make it depend; the other subnet alone is refused', () => {
        expect(load(c, ['subnet-a']).verdict).toBe('allowed');
        expect(load(c, ['subnet-a', 'subnet-b']).verdict).toBe('depends');
        expect(load(c, ['subnet-b']).verdict).toBe('denied');
      });

      it('has no public address: its exposure to the internet on tcp 443 is at no public address, in a subnet that gives instances one', () => {
        const { snapshot } = load(c, ['subnet-a']);
        const service = snapshot.endpoints.find((e) => e.resourceType === c.type)!;
        expect(service.internetFacing).toBe(false);
        const exposures = analyzeFlows(buildReachIndex(snapshot)).exposures.filter((x) => x.endpointId === service.id);
        expect(exposures.map((x) => [x.from, x.ports.map((p) => p.label).join('; '), x.publicAddress])).toEqual([['internet', 'tcp 443', 'no']]);
      });

      it('keeps no environment value or other attribute the model does not need', () => {
        expect(JSON.stringify(load(c, ['subnet-a']).snapshot)).not.toContain('hunter2');
      });
    });
  }

  it('a CodeBuild project without vpc_config builds outside any VPC: no endpoint and no warning', () => {
    const snapshot = importInputs([{ name: 'svc.tfstate', text: stateWith(res('aws_codebuild_project', 'build', { id: 'build', arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/build', name: 'build', vpc_config: [] })) }]);
    expect(snapshot.endpoints.map((e) => e.resourceType)).toEqual(['aws_instance']);
    expect(snapshot.warnings).toEqual([]);
  });
});
