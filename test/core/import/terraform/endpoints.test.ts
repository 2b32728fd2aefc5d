// Endpoints of every listed kind, group names resolved in the VPC, ENI attachments (also to an ENI
// defined in another file), elastic IPs, subnet-derived VPCs and the generic-endpoint fallback.
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

const SA = 'subnet-000000000000e9a0';
const SB = 'subnet-000000000000e9b0';
const VPC = 'vpc-00000000000000e9d';
const g = (n: number): string => `sg-0000000000000e9${String(n).padStart(2, '0')}`;

describe('endpoints', () => {
  const s = importFixtures('v4-endpoints.tfstate.json');
  const byAddress = (a: string) => s.endpoints.find((e) => e.tfAddress === a)!;

  it('reads one endpoint per group-bearing resource, skipping non-VPC lambdas and gateway endpoints; an SG-less NLB is kept, unfiltered', () => {
    expect(s.endpoints.map((e) => [e.kind, e.id, e.groupIds])).toEqual([
      ['ecs', 'arn:aws:ecs:eu-west-1:1:service/c/svc', [g(5)]],
      ['load-balancer', 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/front/1', [g(2)]],
      ['search', 'arn:aws:es:eu-west-1:1:domain/search', [g(11)]],
      ['msk', 'arn:aws:kafka:eu-west-1:1:cluster/msk/1', [g(14)]],
      ['generic', 'arn:aws:sagemaker:eu-west-1:1:notebook-instance/nb', [g(15)]],
      ['load-balancer', 'arn:nlb', []],
      ['autoscaling', 'asg', [g(9)]],
      ['autoscaling', 'asg-lc', [g(17)]],
      ['database', 'aurora-0', [g(19)]],
      ['database', 'aurora-1', [g(19)]],
      ['mq', 'b-1', [g(12)]],
      ['eks', 'eks', [g(10), 'sg-0000000000000eeee']],
      ['eni', 'eni-00000000000000e93', [g(1)]],
      ['eni', 'eni-0000000000000e999', [g(1)]],
      ['efs', 'fsmt-1', [g(6)]],
      ['instance', 'i-00000000000000e91', [g(0), g(16)]],
      ['instance', 'i-00000000000000e92', [g(18)]],
      ['lambda', 'in-vpc', [g(4)]],
      ['database', 'lonely', [g(20)]],
      ['database', 'orders', [g(3)]],
      ['cache', 'redis', [g(7)]],
      ['cache', 'rg', [g(7)]],
      ['redshift', 'rs', [g(13)]],
      ['vpc-endpoint', 'vpce-1', [g(8)]],
    ]);
    expect(s.endpoints.filter((e) => e.unfiltered).map((e) => e.id)).toEqual(['arn:nlb']);
  });

  it('reads addresses: primary IP first, secondary IPs, IPv6, elastic IPs by instance and by ENI', () => {
    expect(byAddress('aws_instance.web')).toMatchObject({
      name: 'web-1', awsId: 'i-00000000000000e91', vpcId: VPC, subnetIds: [SA], privateIpv4: ['10.90.1.10', '10.90.1.11'],
      ipv6: ['2001:db8:90:1::10'], publicIpv4: ['198.51.100.91'], resourceType: 'aws_instance',
    });
    expect(byAddress('aws_network_interface.extra')).toMatchObject({ privateIpv4: ['10.90.2.30', '10.90.2.31'], publicIpv4: ['198.51.100.93'] });
    // The primary ENI's id stays with the instance, so a REF naming it finds the instance.
    expect(byAddress('aws_instance.web').interfaces).toEqual([{ id: 'eni-00000000000000e91', privateIpv4: '10.90.1.10' }]);
    expect(byAddress('aws_efs_mount_target.mt[0]').privateIpv4).toEqual(['10.90.1.50']);
  });

  it('derives subnets through DB, cache and redshift subnet groups and VPCs from subnets', () => {
    expect(byAddress('aws_db_instance.db')).toMatchObject({ awsId: 'orders', subnetIds: [SA, SB], vpcId: VPC });
    expect(byAddress('aws_rds_cluster_instance.aurora[1]')).toMatchObject({ subnetIds: [SA, SB], groupIds: [g(19)] });
    expect(byAddress('aws_elasticache_cluster.redis').subnetIds).toEqual([SB]);
    expect(byAddress('aws_redshift_cluster.rs').subnetIds).toEqual([SB]);
    expect(s.endpoints.every((e) => e.vpcId === VPC)).toBe(true);
  });

  it('marks internet-facing load balancers', () => {
    expect(byAddress('aws_lb.front').internetFacing).toBe(true);
  });

  it('resolves security group names within the endpoint VPC', () => {
    expect(byAddress('aws_instance.named').groupIds).toEqual([g(18)]);
  });

  it('warns about the generic endpoint and the groups defined nowhere', () => {
    expect(s.warnings.map((w) => [w.code, w.subject])).toEqual([
      ['external-group', 'sg-0000000000000eeee'],
      ['generic-endpoint', 'aws_sagemaker_notebook_instance.nb'],
      ['external-group', g(16)],
    ]);
    expect(s.groups.find((x) => x.id === 'sg-0000000000000eeee')).toMatchObject({ external: true, externalReason: 'aws-managed' });
  });

  it('reads VPCs with associated CIDR blocks and subnets', () => {
    expect(s.vpcs).toEqual([{ id: VPC, name: 'endpoints-vpc', cidrs: ['10.90.0.0/16', '100.64.0.0/16'], ipv6Cidrs: ['2001:db8:90::/56'], origin: { file: 'v4-endpoints.tfstate.json', address: 'aws_vpc.main' } }]);
    expect(s.subnets.map((x) => [x.id, x.name ?? null, x.availabilityZone, x.cidr, x.ipv6Cidr ?? null, x.mapPublicIp])).toEqual([
      [SA, 'sub-a', 'eu-west-1a', '10.90.1.0/24', '2001:db8:90:1::/64', true],
      [SB, null, 'eu-west-1b', '10.90.2.0/24', null, false],
    ]);
  });

  it('never copies user_data, passwords or launch template contents', () => {
    const text = JSON.stringify(s);
    for (const secret of ['SECRET-USER-DATA', 'SECRET-DB-PASSWORD', 'SECRET-MASTER-PASSWORD', 'SECRET-LT-USER-DATA', 'SECRET-MQ-PASSWORD', 'SECRET-REDSHIFT-PASSWORD']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('an ENI attachment whose ENI and group live in another state', () => {
  const s = importFixtures('v4-endpoints.tfstate.json', 'v4-eni-elsewhere.tfstate.json');

  it('merges the attachment stub into the real ENI and the group into a defined one', () => {
    const eni = s.endpoints.find((e) => e.id === 'eni-0000000000000e999')!;
    expect(eni).toMatchObject({ name: 'shared-eni', resourceType: 'aws_network_interface', groupIds: [g(1), g(5)], privateIpv4: ['10.90.1.99'], vpcId: VPC });
    expect(s.groups.find((x) => x.id === g(16))).toMatchObject({ external: false, name: 'attach' });
    expect(s.warnings.map((w) => w.subject)).not.toContain(g(16));
  });
});
