/**
 * Where an address block stands for exposure: inside the network (a private block, or within one of
 * the inputs' VPC or subnet blocks) or, holding some other address, outside. A dual-stack VPC's
 * IPv6 block is globally routable, and so is a VPC numbered from public IPv4 space, yet a rule
 * naming it (or a subnet of it) admits the VPC's own hosts, not outside ones. The flow analysis
 * decides exposures with it and the map's views mark rules with it, so the two agree.
 */
import { isCidrWithin, isPrivateCidr, tryParseCidr } from './address';
import type { ParsedCidr } from './address';

/** The blocks a network's snapshot describes, as far as they matter here. */
export interface NetworkBlocks {
  vpcs: readonly { cidrs: readonly string[]; ipv6Cidrs: readonly string[] }[];
  subnets: readonly { cidr?: string; ipv6Cidr?: string }[];
}

/** A test of whether every address of a block is inside the network described by `net`. */
export function insideNetworkTest(net: NetworkBlocks): (c: ParsedCidr) => boolean {
  const blocks: ParsedCidr[] = [];
  const texts: string[] = [];
  for (const v of net.vpcs) texts.push(...v.cidrs, ...v.ipv6Cidrs);
  // A dump may describe subnets and not their VPCs.
  for (const sn of net.subnets) for (const t of [sn.cidr, sn.ipv6Cidr]) if (t) texts.push(t);
  for (const text of texts) {
    const p = tryParseCidr(text);
    if (p) blocks.push(p);
  }
  return (c) => isPrivateCidr(c) || blocks.some((b) => isCidrWithin(c, b));
}
