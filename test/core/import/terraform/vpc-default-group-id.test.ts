// A VPC's record names its default security group (`default_security_group_id`) even where no input
// defines that group: it is often left unmanaged. An instance naming it "default" and one naming it
// by id then wear the same group. Kept apart (as `default:vpc-…` beside `sg-…`), a rule admitting
// the default group by reference matched only the second, and the first was answered "denied".
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { mergeSnapshots, REPLACES_VPC_DEFAULT_PREFIX } from '../../../../src/core/import/merge';
import { createEmptySnapshot } from '../../../../src/core/model';
import { parseSnapshot, serializeSnapshot } from '../../../../src/core/snapshot-io';
import { tcpAsker } from './fixture-helpers';

const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';
const resource = (type: string, name: string, attributes: object) => ({ mode: 'managed', type, name, provider: PROVIDER, instances: [{ schema_version: 1, attributes }] });
const rule = (protocol: string, port: number, extra: object) => ({ protocol, from_port: port, to_port: port, cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '', ...extra });

const state = (vpcAttributes: object) => ({
  version: 4, terraform_version: '1.7.5', serial: 1, lineage: 'x', outputs: {},
  resources: [
    resource('aws_vpc', 'main', { id: 'vpc-01', cidr_block: '10.0.0.0/16', ...vpcAttributes }),
    resource('aws_subnet', 'a', { id: 'subnet-0a', vpc_id: 'vpc-01', cidr_block: '10.0.1.0/24' }),
    resource('aws_security_group', 'db', {
      id: 'sg-0db', name: 'db', vpc_id: 'vpc-01',
      ingress: [rule('tcp', 5432, { security_groups: ['sg-0dflt'] })],
      egress: [],
    }),
    resource('aws_instance', 'by_name', { id: 'i-0a', private_ip: '10.0.1.10', subnet_id: 'subnet-0a', security_groups: ['default'], vpc_security_group_ids: [] }),
    resource('aws_instance', 'by_id', { id: 'i-0b', private_ip: '10.0.1.11', subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0dflt'] }),
    resource('aws_instance', 'pg', { id: 'i-0db', private_ip: '10.0.1.20', subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0db'] }),
  ],
});

describe("the VPC's default_security_group_id", () => {
  const s = importInputs([{ name: 'net.tfstate', text: JSON.stringify(state({ default_security_group_id: 'sg-0dflt' })) }]);
  const groupsOf = (id: string) => s.endpoints.find((e) => e.id === id)?.groupIds;

  it('is the group "default" means in that VPC: one external group for both instances, without an unresolved-name warning', () => {
    expect(groupsOf('i-0a')).toEqual(['sg-0dflt']);
    expect(groupsOf('i-0b')).toEqual(['sg-0dflt']);
    expect(s.groups.filter((g) => g.external).map((g) => g.id)).toEqual(['sg-0dflt']);
    expect(s.warnings.map((w) => w.code)).toEqual(['external-group']);
  });

  it('so a rule admitting the default group by reference admits the instance that named it "default" (its own rules unknown: depends)', () => {
    const ask = tcpAsker(s);
    // db admits 5432 from sg-0dflt. The default group's own (egress) rules are not in the input.
    expect(ask('aws_instance.by_name', 'aws_instance.pg', 5432).verdict).toBe('depends');
    expect(ask('aws_instance.by_id', 'aws_instance.pg', 5432).verdict).toBe('depends');
  });

  it('without it, "default" stays the unresolved default group of the VPC, apart from sg-0dflt (the reference cannot match it)', () => {
    const t = importInputs([{ name: 'net.tfstate', text: JSON.stringify(state({})) }]);
    expect(t.endpoints.find((e) => e.id === 'i-0a')?.groupIds).toEqual(['default:vpc-01']);
    expect(t.warnings.map((w) => w.code).sort()).toEqual(['external-group', 'unresolved-group-name']);
    expect(tcpAsker(t)('aws_instance.by_name', 'aws_instance.pg', 5432).verdict).toBe('denied');
  });

  it('is dropped, named by its id, from an endpoint whose association replaces the default group', () => {
    // A VPC endpoint created with groups does not keep the default group (see REPLACES_VPC_DEFAULT_PREFIX).
    const snap = createEmptySnapshot();
    snap.vpcs.push({ id: 'vpc-01', cidrs: ['10.0.0.0/16'], ipv6Cidrs: [], defaultGroupId: 'sg-0dflt' });
    snap.groups.push({ id: 'sg-new', name: 'vpce', vpcId: 'vpc-01', external: false });
    snap.endpoints.push({
      id: 'vpce-1', kind: 'vpc-endpoint', name: 'vpce-1', vpcId: 'vpc-01', subnetIds: [], privateIpv4: ['10.0.1.5'], ipv6: [], publicIpv4: [],
      groupIds: ['sg-0dflt', `${REPLACES_VPC_DEFAULT_PREFIX}sg-new`, 'sg-new'],
    });
    expect(mergeSnapshots([snap]).endpoints[0]!.groupIds).toEqual(['sg-new']);
  });

  it('survives a saved snapshot', () => {
    const again = parseSnapshot(serializeSnapshot(s), 'saved.json');
    expect(again.vpcs.map((v) => v.defaultGroupId)).toEqual(['sg-0dflt']);
  });
});
