/**
 * VPCs, subnets and managed prefix lists from Terraform resources. Partial objects are fine here:
 * a `aws_vpc_ipv4_cidr_block_association` or `aws_ec2_managed_prefix_list_entry` yields a VPC or a
 * prefix list holding only the extra CIDR, and the merge step unions it with the full object (which
 * may come from another state file).
 */
import type { PrefixList, Subnet, Vpc } from '../../model';
import type { TfBuild } from './build-context';
import { clean } from './build-groups';
import type { TfResource } from './records';
import { readBlocks, readBool, readString, readStringList, readTags } from './values';

/**
 * VPC ids by address, before anything else is read: a group or subnet a plan creates finds its VPC
 * through them (see TfBuild.vpcRef), in any resource order.
 */
export function readVpcIds(b: TfBuild): void {
  for (const rec of b.resources) {
    if (rec.type === 'aws_vpc' || rec.type === 'aws_default_vpc') {
      const id = b.idOrPlanned(rec);
      if (id !== undefined) b.vpcIdByAddress.set(rec.address, id);
    }
  }
}

export function readNetwork(b: TfBuild): void {
  for (const rec of b.resources) {
    switch (rec.type) {
      case 'aws_vpc':
      case 'aws_default_vpc':
        readVpc(b, rec);
        break;
      case 'aws_vpc_ipv4_cidr_block_association':
      case 'aws_vpc_ipv6_cidr_block_association':
        readCidrAssociation(b, rec);
        break;
      case 'aws_subnet':
      case 'aws_default_subnet':
        readSubnet(b, rec);
        break;
      case 'aws_ec2_managed_prefix_list':
        readManagedPrefixList(b, rec);
        break;
      case 'aws_ec2_managed_prefix_list_entry':
        readPrefixListEntry(b, rec);
        break;
      case 'aws_prefix_list':
        if (rec.mode === 'data') readDataPrefixList(b, rec);
        break;
    }
  }
}

function cidrs(b: TfBuild, rec: TfResource, values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const r = b.cidr(v);
    if ('error' in r) b.warn('bad-cidr', `${rec.address}: ${r.error}; ignored`, rec.address);
    else out.push(r.cidr);
  }
  return out;
}

function readVpc(b: TfBuild, rec: TfResource): void {
  const a = rec.attrs;
  const id = b.vpcIdByAddress.get(rec.address);
  if (!id) return;
  const vpc: Vpc = clean({
    id,
    name: readTags(a.tags)?.Name,
    cidrs: cidrs(b, rec, readStringList(a.cidr_block)),
    ipv6Cidrs: cidrs(b, rec, readStringList(a.ipv6_cidr_block)),
    defaultGroupId: readString(a.default_security_group_id),
    origin: { file: b.file, address: rec.address },
  });
  b.snap.vpcs.push(vpc);
}

function readCidrAssociation(b: TfBuild, rec: TfResource): void {
  const a = rec.attrs;
  const id = readString(a.vpc_id);
  if (!id) return;
  const v6 = rec.type.includes('ipv6');
  const list = cidrs(b, rec, readStringList(v6 ? a.ipv6_cidr_block : a.cidr_block));
  b.snap.vpcs.push({ id, cidrs: v6 ? [] : list, ipv6Cidrs: v6 ? list : [] });
}

function readSubnet(b: TfBuild, rec: TfResource): void {
  const a = rec.attrs;
  const id = b.idOrPlanned(rec);
  if (!id) return;
  b.subnetIdByAddress.set(rec.address, id);
  const subnet: Subnet = clean({
    id,
    vpcId: b.vpcRef(rec, ['vpc_id'], a.vpc_id),
    name: readTags(a.tags)?.Name,
    availabilityZone: readString(a.availability_zone),
    cidr: cidrs(b, rec, readStringList(a.cidr_block))[0],
    ipv6Cidr: cidrs(b, rec, readStringList(a.ipv6_cidr_block))[0],
    mapPublicIp: readBool(a.map_public_ip_on_launch),
    origin: { file: b.file, address: rec.address },
  });
  // A plan adding an IPv6 block to a subnet knows the block only after apply: "none" would be a
  // guess that decides IPv6 answers (see candidateSpace).
  if (!subnet.ipv6Cidr && b.unknownAt(rec, ['ipv6_cidr_block'])) subnet.ipv6CidrUnknown = true;
  b.snap.subnets.push(subnet);
}

function readManagedPrefixList(b: TfBuild, rec: TfResource): void {
  const a = rec.attrs;
  const id = readString(a.id);
  if (!id) return;
  // The resource uses `entry` blocks, the data source `entries`.
  const entries = [...readBlocks(a.entry), ...readBlocks(a.entries)].map((e) => readString(e.cidr)).filter((c): c is string => !!c);
  const pl: PrefixList = clean({ id, name: readString(a.name), entries: cidrs(b, rec, entries), origin: { file: b.file, address: rec.address } });
  b.snap.prefixLists.push(pl);
}

function readPrefixListEntry(b: TfBuild, rec: TfResource): void {
  const id = readString(rec.attrs.prefix_list_id);
  if (!id) return;
  b.snap.prefixLists.push({ id, entries: cidrs(b, rec, readStringList(rec.attrs.cidr)) });
}

function readDataPrefixList(b: TfBuild, rec: TfResource): void {
  const a = rec.attrs;
  const id = readString(a.id) ?? readString(a.prefix_list_id);
  if (!id) return;
  b.snap.prefixLists.push(clean({ id, name: readString(a.name), entries: cidrs(b, rec, readStringList(a.cidr_blocks)), origin: { file: b.file, address: rec.address } }));
}
