/**
 * An Amazon MQ broker in a state lists its broker instances (`instances`: console_url, endpoints,
 * ip_address, as the API's BrokerInstance, whose IpAddress is that of the broker's network
 * interface). Those addresses are the broker's: a CIDR rule decides for them instead of "depends"
 * on any address of its subnets, and a public one is where the Internet reaches it. RabbitMQ
 * brokers list no address, and a planned broker has none yet.
 */
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { buildReachIndex, queryReach } from '../../../../src/core/reach';
import { cidrRule as rule, tfResource as res } from './fixture-helpers';

function stateWith(instances: unknown): string {
  return JSON.stringify({
    version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'mq-addresses', outputs: {},
    resources: [
      res('aws_vpc', 'main', { id: 'vpc-1', cidr_block: '10.0.0.0/16', ipv6_cidr_block: '' }),
      res('aws_subnet', 'a', { id: 'subnet-1', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', ipv6_cidr_block: '' }),
      // The broker: AMQP+SSL open to the world, sends anywhere.
      res('aws_security_group', 'mq', { id: 'sg-mq', name: 'mq', vpc_id: 'vpc-1', ingress: [rule('tcp', 5671, '0.0.0.0/0')], egress: [rule('-1', 0, '0.0.0.0/0')] }),
      // The collector admits 10.0.1.0/28 only: 16 of subnet-1's 256 addresses.
      res('aws_security_group', 'collector', { id: 'sg-col', name: 'collector', vpc_id: 'vpc-1', ingress: [rule('tcp', 9000, '10.0.1.0/28')], egress: [] }),
      res('aws_instance', 'collector', { id: 'i-col', private_ip: '10.0.1.200', subnet_id: 'subnet-1', vpc_security_group_ids: ['sg-col'] }),
      res('aws_mq_broker', 'orders', {
        id: 'b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9', arn: 'arn:aws:mq:eu-west-1:111122223333:broker:orders:b-1234', broker_name: 'orders',
        engine_type: 'ActiveMQ', security_groups: ['sg-mq'], subnet_ids: ['subnet-1'], publicly_accessible: true,
        instances, user: [{ username: 'admin', password: 'not-kept', console_access: true, groups: [] }],
      }),
    ],
  });
}

const INSTANCES = [
  { console_url: 'https://b-1234.mq.eu-west-1.amazonaws.com:8162', endpoints: ['ssl://b-1234.mq.eu-west-1.amazonaws.com:61617'], ip_address: '10.0.1.5' },
  { console_url: 'https://b-1234-2.mq.eu-west-1.amazonaws.com:8162', endpoints: [], ip_address: '203.0.113.77' },
];

function ask(instances: unknown) {
  const snapshot = importInputs([{ name: 'mq.tfstate', text: stateWith(instances) }]);
  const index = buildReachIndex(snapshot);
  const broker = snapshot.endpoints.find((e) => e.kind === 'mq')!;
  return {
    snapshot,
    broker,
    toCollector: queryReach(index, { from: { endpointId: broker.id }, to: { endpointId: 'i-col' }, protocol: 6, port: 9000 }).verdict,
    fromInternet: queryReach(index, { from: { address: '198.51.100.9' }, to: { address: '203.0.113.77' }, protocol: 6, port: 5671 }),
  };
}

describe('Terraform: an MQ broker\'s instance addresses', () => {
  it('are its addresses, private and public by their range', () => {
    const { broker } = ask(INSTANCES);
    expect(broker.privateIpv4).toEqual(['10.0.1.5']);
    expect(broker.publicIpv4).toEqual(['203.0.113.77']);
  });

  it('decide a CIDR rule that holds them, where any address of the subnet only "depends"', () => {
    // 10.0.1.5 is in 10.0.1.0/28; the subnet's other 240 addresses are not.
    expect(ask(INSTANCES).toCollector).toBe('allowed');
    expect(ask([{ console_url: 'https://x:8162', endpoints: [], ip_address: '' }]).toCollector).toBe('depends');
    expect(ask(null).toCollector).toBe('depends');
  });

  it('the public address is the broker, reached from the Internet through its own ingress', () => {
    const answer = ask(INSTANCES).fromInternet;
    expect(answer.verdict).toBe('allowed');
    expect(answer.toEndpointId).toBe(ask(INSTANCES).broker.id);
  });

  it('a malformed address is named in a warning and not kept', () => {
    const { broker, snapshot } = ask([{ ip_address: '10.0.1.999' }, { ip_address: '10.0.1.6' }]);
    expect(broker.privateIpv4).toEqual(['10.0.1.6']);
    expect(snapshot.warnings.some((w) => w.code === 'bad-address' && w.message.includes('10.0.1.999'))).toBe(true);
  });

  it('keeps nothing else of the instances or the users', () => {
    const text = JSON.stringify(ask(INSTANCES).snapshot);
    expect(text).not.toContain('not-kept');
    expect(text).not.toContain('8162');
  });
});
