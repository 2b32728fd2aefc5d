/**
 * VPCs, subnets, managed prefix lists and the network extras (NACLs, route tables, internet gateways,
 * peering connections) from their describe-* answers. The extras are kept for the network-path
 * analysis to come with only the fields it will need (ids, VPC, entries/routes, associations), so a
 * snapshot never carries owner details, tags or timestamps it does not use.
 */
import type { PrefixList, Subnet, Vpc } from '../../model';
import { normalizeCidr } from './aws-cidr';
import { asObject, objectsOf, pushUnique, readBoolean, readNumber, readString, readTags, type JsonObject } from './aws-json';
import { parseAwsProtocol } from './aws-rules';

function cidrOrUndefined(value: unknown): string | undefined {
  const text = readString(value);
  return text === undefined ? undefined : (normalizeCidr(text) ?? undefined);
}

export function buildVpcs(items: JsonObject[], file: string): Vpc[] {
  return items.flatMap((v) => {
    const id = readString(v.VpcId);
    if (id === undefined) return [];
    const cidrs: string[] = [];
    pushUnique(cidrs, cidrOrUndefined(v.CidrBlock));
    for (const a of objectsOf(v.CidrBlockAssociationSet)) {
      const state = readString(asObject(a.CidrBlockState)?.State);
      if (state === undefined || state === 'associated') pushUnique(cidrs, cidrOrUndefined(a.CidrBlock));
    }
    const ipv6Cidrs: string[] = [];
    for (const a of objectsOf(v.Ipv6CidrBlockAssociationSet)) {
      const state = readString(asObject(a.Ipv6CidrBlockState)?.State);
      if (state === undefined || state === 'associated') pushUnique(ipv6Cidrs, cidrOrUndefined(a.Ipv6CidrBlock));
    }
    const vpc: Vpc = { id, cidrs, ipv6Cidrs, origin: { file } };
    const name = readTags(v.Tags)?.Name;
    if (name !== undefined) vpc.name = name;
    return [vpc];
  });
}

export function buildSubnets(items: JsonObject[], file: string): Subnet[] {
  return items.flatMap((s) => {
    const id = readString(s.SubnetId);
    if (id === undefined) return [];
    const subnet: Subnet = { id, origin: { file } };
    const vpcId = readString(s.VpcId);
    if (vpcId !== undefined) subnet.vpcId = vpcId;
    const name = readTags(s.Tags)?.Name;
    if (name !== undefined) subnet.name = name;
    const az = readString(s.AvailabilityZone);
    if (az !== undefined) subnet.availabilityZone = az;
    const cidr = cidrOrUndefined(s.CidrBlock);
    if (cidr !== undefined) subnet.cidr = cidr;
    for (const a of objectsOf(s.Ipv6CidrBlockAssociationSet)) {
      const state = readString(asObject(a.Ipv6CidrBlockState)?.State);
      const v6 = cidrOrUndefined(a.Ipv6CidrBlock);
      if (v6 !== undefined && (state === undefined || state === 'associated')) {
        subnet.ipv6Cidr = v6;
        break;
      }
    }
    const mapPublic = readBoolean(s.MapPublicIpOnLaunch);
    if (mapPublic !== undefined) subnet.mapPublicIp = mapPublic;
    return [subnet];
  });
}

/**
 * Prefix lists. `describe-managed-prefix-lists` alone has no entries, so a list is emitted only when
 * its entries are known: from an `Entries` array inside the list (the combined shape the live import
 * and `--query` users produce) or from a `get-managed-prefix-list-entries` document carrying its id.
 * A list without entries is left out so the engine warns that it is unknown rather than matching nothing silently.
 */
export function buildPrefixLists(items: JsonObject[], file: string, warn: (code: string, message: string, subject?: string) => void): PrefixList[] {
  return items.flatMap((pl) => {
    const id = readString(pl.PrefixListId);
    if (id === undefined) return [];
    const known = Array.isArray(pl.Entries);
    const name = readString(pl.PrefixListName);
    if (!known) {
      warn('prefix-list-entries-missing', `prefix list ${name ? `${name} (${id})` : id} is described without its entries, so rules naming it may match any address and answers about them depend on it (add the output of get-managed-prefix-list-entries)`, id);
    }
    const list: PrefixList = { id, entries: known ? entriesOf(pl.Entries) : [], origin: { file } };
    if (!known) list.entriesUnknown = true;
    const family = readString(pl.AddressFamily);
    if (family === 'IPv4') list.family = 4;
    else if (family === 'IPv6') list.family = 6;
    if (name !== undefined) list.name = name;
    return [list];
  });
}

export function entriesOf(value: unknown): string[] {
  const entries: string[] = [];
  for (const e of objectsOf(value)) pushUnique(entries, cidrOrUndefined(e.Cidr));
  return entries;
}

export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  protocol: number | null;
  action: string;
  cidr?: string;
  ipv6Cidr?: string;
  fromPort?: number;
  toPort?: number;
  icmpType?: number;
  icmpCode?: number;
}

export function buildNetworkAcls(items: JsonObject[]): unknown[] {
  return items.flatMap((acl) => {
    const id = readString(acl.NetworkAclId);
    if (id === undefined) return [];
    const entries: NetworkAclEntry[] = objectsOf(acl.Entries).map((e) => {
      const entry: NetworkAclEntry = {
        ruleNumber: readNumber(e.RuleNumber) ?? 0,
        egress: readBoolean(e.Egress) ?? false,
        protocol: parseAwsProtocol(e.Protocol),
        action: readString(e.RuleAction) ?? 'deny',
      };
      const cidr = cidrOrUndefined(e.CidrBlock);
      if (cidr !== undefined) entry.cidr = cidr;
      const v6 = cidrOrUndefined(e.Ipv6CidrBlock);
      if (v6 !== undefined) entry.ipv6Cidr = v6;
      const range = asObject(e.PortRange);
      const from = readNumber(range?.From);
      const to = readNumber(range?.To);
      if (from !== undefined) entry.fromPort = from;
      if (to !== undefined) entry.toPort = to;
      const icmp = asObject(e.IcmpTypeCode);
      const type = readNumber(icmp?.Type);
      const code = readNumber(icmp?.Code);
      if (type !== undefined) entry.icmpType = type;
      if (code !== undefined) entry.icmpCode = code;
      return entry;
    });
    const subnetIds: string[] = [];
    for (const a of objectsOf(acl.Associations)) pushUnique(subnetIds, readString(a.SubnetId));
    return [{ id, vpcId: readString(acl.VpcId), isDefault: readBoolean(acl.IsDefault) ?? false, entries, subnetIds }];
  });
}

const ROUTE_TARGETS = [
  'GatewayId',
  'NatGatewayId',
  'TransitGatewayId',
  'VpcPeeringConnectionId',
  'NetworkInterfaceId',
  'InstanceId',
  'EgressOnlyInternetGatewayId',
  'LocalGatewayId',
  'CarrierGatewayId',
  'CoreNetworkArn',
] as const;

export function buildRouteTables(items: JsonObject[]): unknown[] {
  return items.flatMap((rt) => {
    const id = readString(rt.RouteTableId);
    if (id === undefined) return [];
    let main = false;
    const subnetIds: string[] = [];
    for (const a of objectsOf(rt.Associations)) {
      if (a.Main === true) main = true;
      pushUnique(subnetIds, readString(a.SubnetId));
    }
    const routes = objectsOf(rt.Routes).map((r) => {
      const route: Record<string, string> = {};
      const dest = cidrOrUndefined(r.DestinationCidrBlock) ?? cidrOrUndefined(r.DestinationIpv6CidrBlock) ?? readString(r.DestinationPrefixListId);
      if (dest !== undefined) route.destination = dest;
      for (const key of ROUTE_TARGETS) {
        const target = readString(r[key]);
        if (target !== undefined) {
          route.target = target;
          break;
        }
      }
      const state = readString(r.State);
      if (state !== undefined) route.state = state;
      return route;
    });
    return [{ id, vpcId: readString(rt.VpcId), main, subnetIds, routes }];
  });
}

export function buildInternetGateways(items: JsonObject[]): unknown[] {
  return items.flatMap((igw) => {
    const id = readString(igw.InternetGatewayId);
    if (id === undefined) return [];
    const vpcIds: string[] = [];
    for (const a of objectsOf(igw.Attachments)) pushUnique(vpcIds, readString(a.VpcId));
    return [{ id, vpcIds }];
  });
}

function peeringSide(value: unknown): Record<string, unknown> {
  const side = asObject(value);
  const cidrs: string[] = [];
  pushUnique(cidrs, cidrOrUndefined(side?.CidrBlock));
  for (const c of objectsOf(side?.CidrBlockSet)) pushUnique(cidrs, cidrOrUndefined(c.CidrBlock));
  for (const c of objectsOf(side?.Ipv6CidrBlockSet)) pushUnique(cidrs, cidrOrUndefined(c.Ipv6CidrBlock));
  return { vpcId: readString(side?.VpcId), ownerId: readString(side?.OwnerId), region: readString(side?.Region), cidrs };
}

export function buildPeeringConnections(items: JsonObject[]): unknown[] {
  return items.flatMap((p) => {
    const id = readString(p.VpcPeeringConnectionId);
    if (id === undefined) return [];
    return [{ id, status: readString(asObject(p.Status)?.Code), requester: peeringSide(p.RequesterVpcInfo), accepter: peeringSide(p.AccepterVpcInfo) }];
  });
}
