/**
 * A small hand-written LoadedModel for the view-model tests: one VPC, a public and a private subnet,
 * an internet-facing ALB, two web servers the engine grouped into one class, a database, a bastion with
 * SSH open to the world, and an office CIDR. Written by hand so the tests pin the renderer's reading
 * of the analysis types, independent of the engine's output.
 */
import type { ProtocolPorts } from '../../src/core/analysis-types';
import type { Endpoint, Rule } from '../../src/core/model';
import { createEmptySnapshot } from '../../src/core/model';
import type { LoadedModel } from '../../src/shared/api-contract';

const tcp = (...ports: number[]): ProtocolPorts => ({ protocol: 6, name: 'tcp', ranges: ports.map((p) => [p, p] as [number, number]), label: `tcp ${ports.join(', ')}` });

function endpoint(id: string, name: string, kind: Endpoint['kind'], subnet: string, ip: string, groups: string[], extra: Partial<Endpoint> = {}): Endpoint {
  return { id, name, kind, vpcId: 'vpc-1', subnetIds: [subnet], privateIpv4: [ip], ipv6: [], publicIpv4: [], groupIds: groups, tfAddress: `aws_instance.${name}`, ...extra };
}

function rule(id: string, groupId: string, direction: Rule['direction'], protocol: number, from: number | null, to: number | null, peer: Rule['peer']): Rule {
  return { id, groupId, direction, protocol, fromPort: from, toPort: to, peer, origins: [{ file: 'main.tfstate', address: `aws_security_group.${groupId}` }] };
}

export function createFixtureModel(): LoadedModel {
  const snapshot = createEmptySnapshot();
  snapshot.vpcs = [{ id: 'vpc-1', name: 'main', cidrs: ['10.0.0.0/16'], ipv6Cidrs: [] }];
  snapshot.subnets = [
    { id: 'subnet-pub', vpcId: 'vpc-1', name: 'public-a', availabilityZone: 'eu-west-1a', cidr: '10.0.1.0/24', mapPublicIp: true },
    { id: 'subnet-app', vpcId: 'vpc-1', name: 'app-a', availabilityZone: 'eu-west-1a', cidr: '10.0.2.0/24' },
    { id: 'subnet-db', vpcId: 'vpc-1', name: 'db-b', availabilityZone: 'eu-west-1b', cidr: '10.0.3.0/24' },
  ];
  snapshot.groups = [
    { id: 'sg-alb', name: 'alb', external: false, vpcId: 'vpc-1' },
    { id: 'sg-web', name: 'web', external: false, vpcId: 'vpc-1' },
    { id: 'sg-db', name: 'db', external: false, vpcId: 'vpc-1' },
    { id: 'sg-bastion', name: 'bastion', external: false, vpcId: 'vpc-1' },
    { id: 'sg-peer', external: true, externalReason: 'peered' },
  ];
  snapshot.prefixLists = [{ id: 'pl-s3', name: 's3', entries: ['52.218.0.0/17'] }];
  snapshot.rules = [
    rule('sg-alb/ingress/0', 'sg-alb', 'ingress', 6, 443, 443, { kind: 'cidr', cidr: '0.0.0.0/0' }),
    rule('sg-alb/ingress/1', 'sg-alb', 'ingress', 6, 80, 80, { kind: 'cidr', cidr: '0.0.0.0/0' }),
    rule('sg-alb/egress/0', 'sg-alb', 'egress', -1, null, null, { kind: 'cidr', cidr: '0.0.0.0/0' }),
    rule('sg-web/ingress/0', 'sg-web', 'ingress', 6, 8080, 8080, { kind: 'group', groupId: 'sg-alb' }),
    rule('sg-web/egress/0', 'sg-web', 'egress', -1, null, null, { kind: 'cidr', cidr: '0.0.0.0/0' }),
    rule('sg-web/egress/1', 'sg-web', 'egress', 6, 443, 443, { kind: 'prefixList', id: 'pl-s3' }),
    rule('sg-db/ingress/0', 'sg-db', 'ingress', 6, 5432, 5432, { kind: 'group', groupId: 'sg-web' }),
    rule('sg-db/ingress/1', 'sg-db', 'ingress', 6, 5432, 5432, { kind: 'group', groupId: 'sg-peer' }),
    rule('sg-bastion/ingress/0', 'sg-bastion', 'ingress', 6, 22, 22, { kind: 'cidr', cidr: '0.0.0.0/0' }),
    rule('sg-bastion/egress/0', 'sg-bastion', 'egress', -1, null, null, { kind: 'cidr', cidr: '0.0.0.0/0' }),
    rule('sg-web/ingress/1', 'sg-web', 'ingress', 6, 22, 22, { kind: 'cidr', cidr: '192.0.2.0/24' }),
  ];
  snapshot.endpoints = [
    endpoint('alb-1', 'public-alb', 'load-balancer', 'subnet-pub', '10.0.1.10', ['sg-alb'], { internetFacing: true, privateIpv4: [], subnetIds: ['subnet-pub', 'subnet-app'] }),
    endpoint('i-web1', 'web-1', 'instance', 'subnet-app', '10.0.2.11', ['sg-web']),
    endpoint('i-web2', 'web-2', 'instance', 'subnet-app', '10.0.2.12', ['sg-web']),
    endpoint('db-main', 'orders-db', 'database', 'subnet-db', '10.0.3.5', ['sg-db']),
    endpoint('i-bastion', 'bastion', 'instance', 'subnet-pub', '10.0.1.20', ['sg-bastion'], { publicIpv4: ['203.0.113.7'] }),
    endpoint('i-lonely', 'lonely', 'instance', 'subnet-app', '10.0.2.99', []),
  ];
  snapshot.warnings = [{ code: 'external-group', message: 'sg-peer is referenced but not defined', subject: 'sg-peer' }];
  return {
    title: 'fixture',
    sources: ['main.tfstate'],
    snapshot,
    warnings: snapshot.warnings,
    analysis: {
      // Outside sources: the Internet (to the ALB and the bastion) and the office's public CIDR (to both web servers).
      summary: { groups: 4, externalGroups: 1, rules: 11, endpoints: 6, warnings: 1, flowNodes: 8, flowEdges: 6, internetExposedEndpoints: 4, exposedAtPublicAddress: 2 },
      exposures: [
        { endpointId: 'alb-1', from: 'n-internet', ports: [tcp(80, 443)], risky: false, publicAddress: 'yes', via: ['0.0.0.0/0'] },
        { endpointId: 'i-bastion', from: 'n-internet', ports: [tcp(22)], risky: true, publicAddress: 'yes', via: ['0.0.0.0/0'] },
        { endpointId: 'i-web1', from: 'n-office', ports: [tcp(22)], risky: true, publicAddress: 'no' },
        { endpointId: 'i-web2', from: 'n-office', ports: [tcp(22)], risky: true, publicAddress: 'no' },
      ],
      flows: {
        nodes: [
          { id: 'n-internet', kind: 'internet', label: 'Internet', cidrs: ['0.0.0.0/0', '::/0'] },
          { id: 'n-office', kind: 'cidr', label: '192.0.2.0/24', cidrs: ['192.0.2.0/24'] },
          { id: 'n-alb', kind: 'endpoints', members: ['alb-1'], label: 'public-alb' },
          { id: 'n-web', kind: 'endpoints', members: ['i-web1', 'i-web2'], label: 'web (sg-web)' },
          { id: 'n-db', kind: 'endpoints', members: ['db-main'], label: 'orders-db' },
          { id: 'n-bastion', kind: 'endpoints', members: ['i-bastion'], label: 'bastion' },
          { id: 'n-peer', kind: 'external-group', label: 'sg-peer', groupId: 'sg-peer' },
        ],
        edges: [
          { id: 'e-inet-alb', from: 'n-internet', to: 'n-alb', ports: [tcp(80, 443)], label: 'tcp 80, 443', ruleIds: ['sg-alb/ingress/0', 'sg-alb/ingress/1'] },
          { id: 'e-alb-web', from: 'n-alb', to: 'n-web', ports: [tcp(8080)], label: 'tcp 8080', ruleIds: ['sg-alb/egress/0', 'sg-web/ingress/0'] },
          { id: 'e-web-db', from: 'n-web', to: 'n-db', ports: [tcp(5432)], label: 'tcp 5432', ruleIds: ['sg-web/egress/0', 'sg-db/ingress/0'] },
          { id: 'e-inet-bastion', from: 'n-internet', to: 'n-bastion', ports: [tcp(22)], label: 'tcp 22', ruleIds: ['sg-bastion/ingress/0'] },
          { id: 'e-office-web', from: 'n-office', to: 'n-web', ports: [tcp(22)], label: 'tcp 22', ruleIds: ['sg-web/ingress/1'] },
          { id: 'e-peer-db', from: 'n-peer', to: 'n-db', ports: [tcp(5432)], label: 'tcp 5432', ruleIds: ['sg-db/ingress/1'] },
        ],
        memberOf: { 'alb-1': 'n-alb', 'i-web1': 'n-web', 'i-web2': 'n-web', 'db-main': 'n-db', 'i-bastion': 'n-bastion' },
      },
    },
  };
}
