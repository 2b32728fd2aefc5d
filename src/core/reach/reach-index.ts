/**
 * The precomputed form of a snapshot that every reachability question runs against. Building it
 * parses every address and CIDR once, compiles every rule into a traffic set plus a peer (a group
 * id, or address space for CIDRs and prefix lists), and files rules by group and direction and
 * endpoints by group and by address, so that a question only touches the rules of the groups on
 * its two endpoints and never scans the snapshot. Input that cannot be used (a malformed CIDR in a
 * rule, a bad address on an endpoint) is left out and reported in `problems` instead of throwing:
 * importers validate, and the engine must still answer for the rest.
 */
import { PROTO_ICMP, PROTO_ICMPV6 } from '../model';
import type { Endpoint, PrefixList, Rule, SecurityGroup, Snapshot } from '../model';
import { tryParseAddress, tryParseCidr } from '../net/address';
import type { IpFamily, ParsedCidr } from '../net/address';

const BOTH_FAMILIES: readonly IpFamily[] = [4, 6];
import { EMPTY_SPACE, FULL_SPACE, cidrsToSpace } from '../net/cidr-set';
import type { AddressSpace } from '../net/cidr-set';
import { intervalSet } from '../net/interval-set';
import type { Ipv4Set, Ipv6Set } from '../net/interval-set';
import { trafficOfRule } from '../net/traffic';
import type { TrafficSet } from '../net/traffic';

/** A rule ready for matching: its traffic set and either a group peer or the address space it names. */
export interface CompiledRule {
  rule: Rule;
  traffic: TrafficSet;
  /** Set for group peers (including resolved `self`). */
  peerGroup?: string;
  /** Set for CIDR and prefix-list peers; empty when the CIDR is malformed or the list unknown. */
  space?: AddressSpace;
  /** The peer's CIDRs, normalised (one for a CIDR peer, the entries of a prefix list). */
  cidrs: ParsedCidr[];
  /**
   * For a prefix list whose entries are unknown (PrefixList.entriesUnknown, or a list the snapshot
   * lacks): the families it may hold, where the rule may match any address.
   */
  unknownFamilies?: readonly IpFamily[];
  /** Position of the rule in the snapshot's rule list: a cheap integer key for the rule. */
  ordinal: number;
  /**
   * The one address family whose traffic the rule can allow: 4 for icmp, 6 for icmpv6 (see
   * ruleFamily). Its CIDRs of the other family are left out of `cidrs` and `space`; a group peer
   * matches its members at addresses of this family only. Unset for every other protocol.
   */
  family?: IpFamily;
}

/**
 * ICMP (protocol 1) is carried by IPv4 only and ICMPv6 (58) by IPv6 only, so a rule for one allows
 * no traffic of the other family, whatever its peer: an `icmp` rule from ::/0 "applies cleanly but
 * doesn't do anything since IPv6-ICMP is a different protocol" (terraform-provider-aws #9569).
 */
export function ruleFamily(protocol: number): IpFamily | undefined {
  return protocol === PROTO_ICMP ? 4 : protocol === PROTO_ICMPV6 ? 6 : undefined;
}

/** An endpoint's addresses in numeric form, and the space it could occupy when they are unknown. */
export interface EndpointAddresses {
  endpoint: Endpoint;
  /** Private IPv4 addresses, primary first (text normalised alongside). */
  v4: { value: number; text: string }[];
  v6: { value: bigint; text: string }[];
  publicV4: { value: number; text: string }[];
  /** No private IPv4 and no IPv6 known (load balancers, RDS, Lambda read from Terraform). */
  unknown: boolean;
  /** When unknown: IPv4 space it may get (its subnets, else its VPC, else everything). */
  space4: Ipv4Set;
  /** When unknown: IPv6 space it may get, empty when its subnets/VPC are known to have no IPv6. */
  space6: Ipv6Set;
}

export interface ReachIndex {
  snapshot: Snapshot;
  groups: Map<string, SecurityGroup>;
  endpoints: Map<string, EndpointAddresses>;
  rules: Map<string, CompiledRule>;
  prefixLists: Map<string, PrefixList>;
  ingressByGroup: Map<string, CompiledRule[]>;
  egressByGroup: Map<string, CompiledRule[]>;
  /** Endpoint ids carrying each group. */
  membersByGroup: Map<string, string[]>;
  /** Normalised private address (IPv4 or IPv6) -> endpoint ids (several when VPCs overlap). */
  byPrivateAddress: Map<string, string[]>;
  /** Things left out while indexing, one line each. */
  problems: string[];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The `cidrs` of every group-peer rule: one shared, never-changed empty list instead of one each. */
const NO_CIDRS: ParsedCidr[] = [];

interface PeerSpace {
  cidrs: ParsedCidr[];
  space: AddressSpace;
}

/** Compiles rules, sharing the parsed form of CIDR texts and prefix lists that many rules repeat. */
function createRuleCompiler(prefixLists: Map<string, PrefixList>, problems: string[]): (rule: Rule, ordinal: number) => CompiledRule {
  // CIDR peers and prefix lists are cached apart, keyed by the text or id itself: building a
  // prefixed key string per rule showed in the profile of large estates.
  const byCidr = new Map<string, PeerSpace>();
  const byList = new Map<string, PeerSpace>();
  const spaceOf = (cache: Map<string, PeerSpace>, key: string, texts: string[], ruleId: string): PeerSpace => {
    let hit = cache.get(key);
    if (hit) return hit;
    const cidrs: ParsedCidr[] = [];
    for (const t of texts) {
      const c = tryParseCidr(t);
      if (c) cidrs.push(c);
      else problems.push(`rule ${ruleId}: '${t}' is not a CIDR; the rule matches nothing there`);
    }
    hit = { cidrs, space: cidrs.length ? cidrsToSpace(cidrs) : EMPTY_SPACE };
    cache.set(key, hit);
    return hit;
  };
  // Equal protocol and ports share one TrafficSet object: a few hundred distinct sets serve tens
  // of thousands of rules, and the flow analysis interns traffic by object identity. The key is
  // one number when protocol and ports are in their usual ranges (else a string), since every
  // rule looks it up.
  const traffics = new Map<number | string, TrafficSet>();
  const portKey = (p: number | null): number => (p === null ? 0 : Number.isInteger(p) && p >= -1 && p <= 65535 ? p + 2 : -1);
  return (rule, ordinal) => {
    const f = portKey(rule.fromPort);
    const t = portKey(rule.toPort);
    const numeric = f >= 0 && t >= 0 && Number.isInteger(rule.protocol) && rule.protocol >= -1 && rule.protocol <= 255;
    const tkey = numeric ? ((rule.protocol + 1) * 65538 + f) * 65538 + t : `${rule.protocol}/${rule.fromPort}/${rule.toPort}`;
    let traffic = traffics.get(tkey);
    if (!traffic) traffics.set(tkey, (traffic = trafficOfRule(rule.protocol, rule.fromPort, rule.toPort)));
    const family = ruleFamily(rule.protocol);
    const peer = rule.peer;
    if (peer.kind === 'group') {
      const cr: CompiledRule = { rule, traffic, peerGroup: peer.groupId, cidrs: NO_CIDRS, ordinal };
      if (family) cr.family = family;
      return cr;
    }
    if (peer.kind === 'cidr') {
      const ps = inFamily(spaceOf(byCidr, peer.cidr, [peer.cidr], rule.id), family);
      const cr: CompiledRule = { rule, traffic, space: ps.space, cidrs: ps.cidrs, ordinal };
      if (family) cr.family = family;
      return cr;
    }
    const list = prefixLists.get(peer.id);
    const ps = inFamily(spaceOf(byList, peer.id, list?.entries ?? [], rule.id), family);
    const cr: CompiledRule = { rule, traffic, space: ps.space, cidrs: ps.cidrs, ordinal };
    if (family) cr.family = family;
    // Entries the inputs do not give may be any address; the importers warned about it.
    if (!list || list.entriesUnknown) {
      const may = (list?.family ? [list.family] : BOTH_FAMILIES).filter((f) => !family || f === family);
      if (may.length) cr.unknownFamilies = may.length === 2 ? BOTH_FAMILIES : may;
    }
    return cr;
  };
}

/** A peer's space cut to the one family an icmp or icmpv6 rule can match (ruleFamily); as it is for other rules. */
function inFamily(ps: PeerSpace, family: IpFamily | undefined): PeerSpace {
  if (!family || ps.cidrs.every((c) => c.family === family)) return ps;
  const cidrs = ps.cidrs.filter((c) => c.family === family);
  return { cidrs, space: cidrs.length ? cidrsToSpace(cidrs) : EMPTY_SPACE };
}

function parseList<T>(texts: string[], family: 4 | 6, what: string, id: string, problems: string[]): { value: T; text: string }[] {
  const out: { value: T; text: string }[] = [];
  for (const t of texts) {
    const a = tryParseAddress(t);
    if (a && a.family === family) out.push({ value: a.value as T, text: a.text });
    else problems.push(`endpoint ${id}: '${t}' is not a valid ${what}; ignored`);
  }
  return out;
}

/**
 * Where an endpoint without known addresses could be: its subnets, else its VPC, else anywhere.
 * A subnet it names whose CIDR the inputs do not give (absent, or described without one) may hold
 * the address anywhere in the VPC: the space then widens to the VPC's blocks (anywhere when the VPC
 * is unknown too), since narrowing it to the other subnets would decide rules the address escapes.
 */
function candidateSpace(ep: Endpoint, subnets: Map<string, Snapshot['subnets'][number]>, vpcs: Map<string, Snapshot['vpcs'][number]>): AddressSpace {
  const v4: string[] = [];
  const v6: string[] = [];
  let knownSubnets = 0;
  let unknownSubnets = 0;
  // Subnets whose IPv6 block alone is unknown (a plan adding one).
  let unknown6 = 0;
  let subnetVpc: string | undefined;
  for (const id of ep.subnetIds) {
    const s = subnets.get(id);
    subnetVpc ??= s?.vpcId;
    // A subnet with an IPv6 block and no IPv4 CIDR is IPv6-only (dual-stack ones always have both).
    if (!s || (!s.cidr && !s.ipv6Cidr)) {
      unknownSubnets++;
      continue;
    }
    knownSubnets++;
    if (s.cidr) v4.push(s.cidr);
    if (s.ipv6Cidr) v6.push(s.ipv6Cidr);
    else if (s.ipv6CidrUnknown) unknown6++;
  }
  const vpcId = ep.vpcId ?? subnetVpc;
  const vpc = vpcId ? vpcs.get(vpcId) : undefined;
  const vpc4 = vpc && vpc.cidrs.length ? vpc.cidrs : null;
  // The known subnets stay in the space: the VPC's CIDR list may itself be incomplete (a block
  // associated in another state), and dropping them could turn an answer into a wrong 'denied'.
  const space4 = unknownSubnets === 0 ? (knownSubnets > 0 ? v4 : vpc4) : vpc4 ? [...v4, ...vpc4] : null;
  // IPv6: the subnets' blocks, else (no subnet named) the VPC's; a known VPC without IPv6 blocks
  // means no IPv6 at all. An interface takes its IPv6 address from its subnet's block, so described
  // subnets without one give none, whatever blocks the VPC has. A subnet of unknown CIDR may have
  // any of the VPC's IPv6 blocks. A subnet whose IPv6 block is being added gets one of the VPC's
  // blocks, or of blocks not known yet when the VPC lists none (added by the same plan): anywhere.
  const space6 =
    unknown6 > 0
      ? vpc && vpc.ipv6Cidrs.length ? [...v6, ...vpc.ipv6Cidrs] : null
      : unknownSubnets > 0 ? (vpc ? [...v6, ...vpc.ipv6Cidrs] : null) : knownSubnets > 0 ? v6 : vpc ? vpc.ipv6Cidrs : null;
  // Subnet blocks give only their assignable addresses; a VPC's blocks are taken whole, since which
  // of their addresses some subnet reserves is not known.
  const fromSubnets = new Set([...v4, ...v6]);
  return {
    v4: space4 ? assignableSpace(space4, fromSubnets).v4 : FULL_SPACE.v4,
    // Set to IPv4, it takes no IPv6 address from a dual-stack subnet.
    v6: ep.ipAddressType === 'ipv4' ? [] : space6 ? assignableSpace(space6, fromSubnets).v6 : FULL_SPACE.v6,
  };
}

/**
 * The addresses an interface can take in the given blocks. AWS reserves the first four addresses
 * and the last one of each subnet's IPv4 and IPv6 block ("Subnet CIDR blocks" in the VPC user
 * guide): no endpoint is ever at them, so a rule that misses only them still decides. Blocks not in
 * `subnetBlocks` (a VPC's) are taken whole; malformed ones, which the importers warned of, are left out.
 */
function assignableSpace(cidrs: readonly string[], subnetBlocks: ReadonlySet<string>): AddressSpace {
  const v4: [number, number][] = [];
  const v6: [bigint, bigint][] = [];
  for (const text of cidrs) {
    const c = tryParseCidr(text);
    if (!c) continue;
    const reserved = subnetBlocks.has(text);
    if (c.family === 4) v4.push(reserved && c.end - c.start > 5 ? [c.start + 4, c.end - 1] : [c.start, c.end]);
    else v6.push(reserved && c.end - c.start > 5n ? [c.start + 4n, c.end - 1n] : [c.start, c.end]);
  }
  return { v4: intervalSet(v4), v6: intervalSet(v6) };
}

/** Precomputes everything a question or the flow analysis needs. Never throws on bad entries. */
export function buildReachIndex(snapshot: Snapshot): ReachIndex {
  const problems: string[] = [];
  const groups = new Map(snapshot.groups.map((g) => [g.id, g]));
  const prefixLists = new Map(snapshot.prefixLists.map((p) => [p.id, p]));
  const subnets = new Map(snapshot.subnets.map((s) => [s.id, s]));
  const vpcs = new Map(snapshot.vpcs.map((v) => [v.id, v]));
  const rules = new Map<string, CompiledRule>();
  const ingressByGroup = new Map<string, CompiledRule[]>();
  const egressByGroup = new Map<string, CompiledRule[]>();
  const compile = createRuleCompiler(prefixLists, problems);
  for (let k = 0; k < snapshot.rules.length; k++) {
    const rule = snapshot.rules[k] as Rule;
    const cr = compile(rule, k);
    rules.set(rule.id, cr);
    pushTo(rule.direction === 'ingress' ? ingressByGroup : egressByGroup, rule.groupId, cr);
  }
  const endpoints = new Map<string, EndpointAddresses>();
  const membersByGroup = new Map<string, string[]>();
  const byPrivateAddress = new Map<string, string[]>();
  for (const ep of snapshot.endpoints) {
    const v4 = parseList<number>(ep.privateIpv4, 4, 'IPv4 address', ep.id, problems);
    const v6 = parseList<bigint>(ep.ipv6, 6, 'IPv6 address', ep.id, problems);
    const publicV4 = parseList<number>(ep.publicIpv4, 4, 'public IPv4 address', ep.id, problems);
    const unknown = v4.length === 0 && v6.length === 0;
    const space = unknown ? candidateSpace(ep, subnets, vpcs) : EMPTY_SPACE;
    endpoints.set(ep.id, { endpoint: ep, v4, v6, publicV4, unknown, space4: space.v4, space6: space.v6 });
    // Most endpoints carry one group: no Set needed to drop repeats then.
    if (ep.groupIds.length === 1) pushTo(membersByGroup, ep.groupIds[0] as string, ep.id);
    else for (const g of new Set(ep.groupIds)) pushTo(membersByGroup, g, ep.id);
    for (const a of v4) pushTo(byPrivateAddress, a.text, ep.id);
    for (const a of v6) pushTo(byPrivateAddress, a.text, ep.id);
  }
  return { snapshot, groups, endpoints, rules, prefixLists, ingressByGroup, egressByGroup, membersByGroup, byPrivateAddress, problems };
}

// Per endpoint: queries ask about the same endpoints again and again, and the flow summary once.
const undefinedCache = new WeakMap<EndpointAddresses, string[]>();

/** Groups the endpoint carries that the inputs reference but never define: their rules are unknown. */
export function undefinedGroupsOf(index: ReachIndex, ep: EndpointAddresses): string[] {
  let out = undefinedCache.get(ep);
  if (out) return out;
  out = [];
  for (const g of new Set(ep.endpoint.groupIds)) {
    const group = index.groups.get(g);
    if (!group || group.external) out.push(g);
  }
  undefinedCache.set(ep, out);
  return out;
}

/** Counts for a status line: groups defined and external, rules, endpoints, warnings. */
export function summarizeSnapshot(snapshot: Snapshot): { groups: number; externalGroups: number; rules: number; endpoints: number; warnings: number } {
  const external = snapshot.groups.filter((g) => g.external).length;
  return {
    groups: snapshot.groups.length - external,
    externalGroups: external,
    rules: snapshot.rules.length,
    endpoints: snapshot.endpoints.length,
    warnings: snapshot.warnings.length,
  };
}

