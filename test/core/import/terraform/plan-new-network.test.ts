// A plan that creates its VPC and subnets knows their ids only after apply, like a new group's.
// Read by id alone, the planned subnets were dropped and every planned endpoint placed in them had
// no subnet: an instance then had no address space at all, so each CIDR rule about it answered
// "depends" on where it would land, though its subnet's block (known at plan) decides. The
// subnets now take `tf:<address>` ids, their VPC is found through the configuration's reference,
// and an endpoint's unknown subnet ids follow its configuration's references to them, through a
// count index, a whole counted resource and a DB subnet group alike.
import { describe, expect, it } from 'vitest';
import { importFixtures, tcpAsker } from './fixture-helpers';

describe('a plan that creates its VPC and subnets', () => {
  const s = importFixtures('plan-new-network.json');
  const ep = (address: string) => s.endpoints.find((e) => e.tfAddress === address);

  it('keeps the planned VPC and subnets under tf:<address> ids, each subnet in its VPC', () => {
    expect(s.vpcs.map((v) => [v.id, v.cidrs])).toEqual([['tf:aws_vpc.main', ['10.20.0.0/16']]]);
    expect(s.subnets.map((x) => [x.id, x.vpcId, x.cidr])).toEqual([
      ['tf:aws_subnet.private[0]', 'tf:aws_vpc.main', '10.20.1.0/24'],
      ['tf:aws_subnet.private[1]', 'tf:aws_vpc.main', '10.20.2.0/24'],
      ['tf:aws_subnet.public', 'tf:aws_vpc.main', '10.20.100.0/24'],
    ]);
  });

  it("places each endpoint in the subnets its configuration references: one instance, a counted resource's every instance, a DB subnet group's", () => {
    expect(ep('aws_instance.app')?.subnetIds).toEqual(['tf:aws_subnet.private[0]']);
    expect(ep('aws_instance.app2')?.subnetIds).toEqual(['tf:aws_subnet.private[1]']);
    expect([...(ep('aws_vpc_endpoint.ssm')?.subnetIds ?? [])].sort()).toEqual(['tf:aws_subnet.private[0]', 'tf:aws_subnet.private[1]']);
    expect([...(ep('aws_db_instance.db')?.subnetIds ?? [])].sort()).toEqual(['tf:aws_subnet.private[0]', 'tf:aws_subnet.private[1]']);
    // A resource read as a generic endpoint (FSx here) follows its subnet references too.
    expect(ep('aws_fsx_lustre_file_system.scratch')?.subnetIds).toEqual(['tf:aws_subnet.private[1]']);
    expect(s.endpoints.map((e) => e.vpcId)).toEqual(s.endpoints.map(() => 'tf:aws_vpc.main'));
    expect(s.warnings.map((w) => w.code)).toEqual(['generic-endpoint', 'unknown-at-plan']);
    // The instances' own addresses come at apply, as the plan says (after_unknown private_ip).
    expect(s.warnings[1]!.message).toMatch(/^the private addresses of aws_instance\.app and aws_instance\.app2 are unknown until apply: CIDR rules are weighed against every address their subnets may give them/);
  });

  it("decides CIDR rules by the planned subnets' blocks, where before every answer depended on them", () => {
    const ask = tcpAsker(s);
    // endpoints admits 443 from 10.20.0.0/16, which holds both private subnets; app's egress is open.
    expect(ask('aws_instance.app', 'aws_vpc_endpoint.ssm', 443).verdict).toBe('allowed');
    // db admits 5432 from 10.20.1.0/24: app's subnet, not app2's (10.20.2.0/24).
    expect(ask('aws_instance.app', 'aws_db_instance.db', 5432).verdict).toBe('allowed');
    expect(ask('aws_instance.app2', 'aws_db_instance.db', 5432).verdict).toBe('denied');
    // app admits ssh from the public subnet's block only.
    expect(ask('10.20.100.7', 'aws_instance.app', 22).verdict).toBe('allowed');
    expect(ask('aws_instance.app2', 'aws_instance.app', 22).verdict).toBe('denied');
    // The file system (group db, 5432 from 10.20.1.0/24) sits in app2's subnet: app may reach it.
    expect(ask('aws_instance.app', 'aws_fsx_lustre_file_system.scratch', 5432).verdict).toBe('allowed');
    expect(ask('aws_fsx_lustre_file_system.scratch', 'aws_db_instance.db', 5432).verdict).toBe('denied');
  });
});
