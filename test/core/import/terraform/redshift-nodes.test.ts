/**
 * A Redshift cluster in a state lists its nodes (`cluster_nodes`: node_role, private_ip_address,
 * public_ip_address, as the Redshift API's ClusterNode). Those are the cluster's addresses: a CIDR
 * rule decides for them instead of "depends" on any address of the cluster's subnets, and a public
 * node address is where the Internet reaches a publicly accessible cluster. A planned cluster, or a
 * state written without nodes, still has no known address.
 */
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { buildReachIndex, queryReach } from '../../../../src/core/reach';
import { cidrRule as rule, tfResource as res } from './fixture-helpers';

function stateWith(nodes: unknown): string {
  return JSON.stringify({
    version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'redshift-nodes', outputs: {},
    resources: [
      res('aws_vpc', 'main', { id: 'vpc-1', cidr_block: '10.0.0.0/16', ipv6_cidr_block: '' }),
      res('aws_subnet', 'a', { id: 'subnet-1', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', ipv6_cidr_block: '' }),
      res('aws_redshift_subnet_group', 'rs', { id: 'rs-sub', name: 'rs-sub', subnet_ids: ['subnet-1'] }),
      // The cluster: open to the world on 5439, sends anywhere.
      res('aws_security_group', 'rs', { id: 'sg-rs', name: 'rs', vpc_id: 'vpc-1', ingress: [rule('tcp', 5439, '0.0.0.0/0')], egress: [rule('-1', 0, '0.0.0.0/0')] }),
      // The collector admits 10.0.1.0/28 only: 16 of subnet-1's 256 addresses.
      res('aws_security_group', 'collector', { id: 'sg-col', name: 'collector', vpc_id: 'vpc-1', ingress: [rule('tcp', 9000, '10.0.1.0/28')], egress: [] }),
      res('aws_instance', 'collector', { id: 'i-col', private_ip: '10.0.1.200', subnet_id: 'subnet-1', vpc_security_group_ids: ['sg-col'] }),
      res('aws_redshift_cluster', 'rs', {
        id: 'analytics', cluster_identifier: 'analytics', vpc_security_group_ids: ['sg-rs'], cluster_subnet_group_name: 'rs-sub', publicly_accessible: true,
        cluster_nodes: nodes, master_password: 'not-kept',
      }),
    ],
  });
}

const NODES = [
  { node_role: 'LEADER', private_ip_address: '10.0.1.10', public_ip_address: '203.0.113.40' },
  { node_role: 'COMPUTE-0', private_ip_address: '10.0.1.11', public_ip_address: '' },
];

function ask(nodes: unknown) {
  const snapshot = importInputs([{ name: 'rs.tfstate', text: stateWith(nodes) }]);
  const index = buildReachIndex(snapshot);
  const cluster = snapshot.endpoints.find((e) => e.kind === 'redshift')!;
  return {
    cluster,
    toCollector: queryReach(index, { from: { endpointId: cluster.id }, to: { endpointId: 'i-col' }, protocol: 6, port: 9000 }).verdict,
    fromInternet: queryReach(index, { from: { address: '198.51.100.9' }, to: { address: '203.0.113.40' }, protocol: 6, port: 5439 }),
  };
}

describe('Terraform: a Redshift cluster\'s node addresses', () => {
  it('are its private and public addresses', () => {
    const { cluster } = ask(NODES);
    expect(cluster.privateIpv4).toEqual(['10.0.1.10', '10.0.1.11']);
    expect(cluster.publicIpv4).toEqual(['203.0.113.40']);
  });

  it('decide a CIDR rule that holds them, where any address of the subnet only "depends"', () => {
    // Both nodes are in 10.0.1.0/28; the subnet's other 240 addresses are not.
    expect(ask(NODES).toCollector).toBe('allowed');
    expect(ask([]).toCollector).toBe('depends');
    expect(ask(null).toCollector).toBe('depends');
  });

  it('the public node address is the cluster, reached from the Internet through its own ingress', () => {
    const answer = ask(NODES).fromInternet;
    expect(answer.verdict).toBe('allowed');
    expect(answer.toEndpointId).toBe(ask(NODES).cluster.id);
  });
});
