/**
 * A Directory Service directory (Managed Microsoft AD, Simple AD, AD Connector) is an endpoint: its
 * servers wear the one security group Directory Service creates for it, whose id the state gives as
 * `security_group_id` and whose rules no Terraform input holds. Before, the singular attribute was
 * not read and the directory was not on the map at all.
 *
 * Expectations worked out by hand: the VPC is 10.0.0.0/16, subnet-a 10.0.1.0/24, subnet-b
 * 10.0.2.0/24. The monitor admits tcp 9100 from 10.0.1.0/24 only. The directory's own egress rules
 * are unknown, so from a server at 10.0.1.x the answer depends on them; from 10.0.2.x the monitor
 * refuses whatever they say. An instance whose group sends tcp 389 anywhere reaches the directory
 * only if the directory's unknown ingress admits it: depends.
 */
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { buildReachIndex, queryReach } from '../../../../src/core/reach';
import { cidrRule as rule, tfResource as res } from './fixture-helpers';

const network = [
  res('aws_vpc', 'main', { id: 'vpc-1', cidr_block: '10.0.0.0/16', ipv6_cidr_block: '' }),
  res('aws_subnet', 'a', { id: 'subnet-a', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', ipv6_cidr_block: '' }),
  res('aws_subnet', 'b', { id: 'subnet-b', vpc_id: 'vpc-1', cidr_block: '10.0.2.0/24', ipv6_cidr_block: '' }),
  res('aws_security_group', 'monitor', { id: 'sg-mon', name: 'monitor', vpc_id: 'vpc-1', ingress: [rule('tcp', 9100, '10.0.1.0/24')], egress: [] }),
  res('aws_instance', 'monitor', { id: 'i-mon', private_ip: '10.0.3.10', subnet_id: 'subnet-b', vpc_security_group_ids: ['sg-mon'] }),
  res('aws_security_group', 'app', { id: 'sg-app', name: 'app', vpc_id: 'vpc-1', ingress: [], egress: [rule('tcp', 389, '0.0.0.0/0')] }),
  res('aws_instance', 'app', { id: 'i-app', private_ip: '10.0.1.50', subnet_id: 'subnet-a', vpc_security_group_ids: ['sg-app'] }),
];

const managedAd = (dnsIps: string[]) =>
  res('aws_directory_service_directory', 'corp', {
    id: 'd-1234567890', name: 'corp.example.com', type: 'MicrosoftAD', edition: 'Standard', password: 'hunter2', security_group_id: 'sg-dir',
    dns_ip_addresses: dnsIps, vpc_settings: [{ subnet_ids: ['subnet-a', 'subnet-b'], vpc_id: 'vpc-1', availability_zones: ['eu-west-1a', 'eu-west-1b'] }], connect_settings: [],
  });

function load(...directory: object[]) {
  const snapshot = importInputs([{ name: 'ad.tfstate', text: JSON.stringify({ version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'directory', outputs: {}, resources: [...network, ...directory] }) }]);
  const ep = snapshot.endpoints.find((e) => e.resourceType === 'aws_directory_service_directory');
  const index = buildReachIndex(snapshot);
  const ask = (from: string, to: string, port: number) => queryReach(index, { from: { endpointId: from }, to: { endpointId: to }, protocol: 6, port }).verdict;
  return { snapshot, ep, ask };
}

describe('Terraform: a Directory Service directory', () => {
  it('is an endpoint at its domain controllers\' addresses, wearing the group Directory Service created', () => {
    const { snapshot, ep } = load(managedAd(['10.0.1.10', '10.0.2.10']));
    expect([ep?.id, ep?.name, ep?.groupIds, ep?.subnetIds, ep?.vpcId, ep?.privateIpv4]).toEqual(['d-1234567890', 'corp.example.com', ['sg-dir'], ['subnet-a', 'subnet-b'], 'vpc-1', ['10.0.1.10', '10.0.2.10']]);
    expect(snapshot.groups.find((g) => g.id === 'sg-dir')).toMatchObject({ external: true, externalReason: 'aws-managed' });
    const warnings = snapshot.warnings.filter((w) => w.subject === 'sg-dir');
    expect(warnings.map((w) => [w.code, w.message])).toEqual([['external-group', 'sg-dir is the security group Directory Service created for aws_directory_service_directory.corp: its rules are not in this input']]);
    expect(snapshot.warnings.map((w) => w.code)).not.toContain('generic-endpoint');
  });

  it('its unknown rules make answers depend where the other side admits it, and the other side still refuses', () => {
    // From its primary address 10.0.1.10: the monitor admits it, the directory's egress is unknown.
    expect(load(managedAd(['10.0.1.10', '10.0.2.10'])).ask('d-1234567890', 'i-mon', 9100)).toBe('depends');
    // From 10.0.2.10: outside the monitor's 10.0.1.0/24, refused whatever the directory's rules say.
    expect(load(managedAd(['10.0.2.10', '10.0.1.10'])).ask('d-1234567890', 'i-mon', 9100)).toBe('denied');
    // Into the directory on LDAP: the app's egress allows it, the directory's ingress is unknown.
    expect(load(managedAd(['10.0.1.10', '10.0.2.10'])).ask('i-app', 'd-1234567890', 389)).toBe('depends');
    // The app's egress allows only 389: refused on 636 whatever the directory admits.
    expect(load(managedAd(['10.0.1.10', '10.0.2.10'])).ask('i-app', 'd-1234567890', 636)).toBe('denied');
  });

  it("an AD Connector's servers are at its connect_ips, not at the DNS servers of the directory it connects to", () => {
    const { ep } = load(res('aws_directory_service_directory', 'connector', {
      id: 'd-0987654321', name: 'corp.example.com', type: 'ADConnector', size: 'Small', password: 'hunter2', security_group_id: 'sg-dir',
      dns_ip_addresses: ['192.0.2.53'], vpc_settings: [],
      connect_settings: [{ connect_ips: ['10.0.1.20', '10.0.2.20'], customer_dns_ips: ['192.0.2.53'], customer_username: 'admin', subnet_ids: ['subnet-a', 'subnet-b'], vpc_id: 'vpc-1' }],
    }));
    expect([ep?.privateIpv4, ep?.subnetIds, ep?.vpcId]).toEqual([['10.0.1.20', '10.0.2.20'], ['subnet-a', 'subnet-b'], 'vpc-1']);
  });

  it('keeps no password', () => {
    expect(JSON.stringify(load(managedAd(['10.0.1.10'])).snapshot)).not.toContain('hunter2');
  });

  it('a group Terraform manages itself is not marked as created by AWS', () => {
    const { snapshot } = load(res('aws_security_group', 'dir', { id: 'sg-dir', name: 'dir', vpc_id: 'vpc-1', ingress: [], egress: [] }), managedAd(['10.0.1.10']));
    expect(snapshot.groups.find((g) => g.id === 'sg-dir')).toMatchObject({ external: false });
    expect(snapshot.warnings.filter((w) => w.subject === 'sg-dir')).toEqual([]);
  });
});

describe('Terraform plan: a directory still to be created', () => {
  it('is left out with a warning: the group AWS will create for it has no id yet', () => {
    const values = { name: 'corp.example.com', type: 'MicrosoftAD', password: 'hunter2', vpc_settings: [{ subnet_ids: ['subnet-a', 'subnet-b'], vpc_id: 'vpc-1' }], connect_settings: [] };
    const plan = {
      format_version: '1.2', terraform_version: '1.9.5',
      planned_values: { root_module: { resources: [{ address: 'aws_directory_service_directory.corp', mode: 'managed', type: 'aws_directory_service_directory', name: 'corp', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values }] } },
      resource_changes: [{
        address: 'aws_directory_service_directory.corp', mode: 'managed', type: 'aws_directory_service_directory', name: 'corp', provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], before: null, after: values, after_unknown: { id: true, security_group_id: true, dns_ip_addresses: true } },
      }],
      configuration: { root_module: { resources: [] } },
    };
    const snapshot = importInputs([{ name: 'ad.plan.json', text: JSON.stringify(plan) }]);
    expect(snapshot.endpoints).toEqual([]);
    expect(snapshot.warnings.map((w) => [w.code, w.message])).toEqual([
      ['unknown-at-plan', 'aws_directory_service_directory.corp: the security group AWS creates for the directory is unknown until apply; the directory is left out'],
    ]);
  });
});
