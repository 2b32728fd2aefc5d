/**
 * How a rule's peer matches the other side of a connection. The other side is described as a
 * Party: the groups a group reference may match there (none when it is seen at a public address or
 * is external) and either the one address it is seen at or, when that is unknown, the space it
 * could be in. Matching is three-valued because an unknown address inside a partially overlapping
 * CIDR cannot be decided from the input.
 */
import type { IpFamily } from '../net/address';
import { containsPoint, containsSet, intervalSet, overlaps, union } from '../net/interval-set';
import type { IntervalSet, PortSet } from '../net/interval-set';
import {
  ALL_TRAFFIC,
  NO_TRAFFIC,
  trafficOfRule,
  coversTraffic,
  intersectTraffic,
  listedProtocols,
  overlapsTraffic,
  portsOfProtocol,
  trafficFromEntries,
  unionAllTraffic,
  unionTraffic,
} from '../net/traffic';
import type { TrafficSet } from '../net/traffic';
import type { CompiledRule } from './reach-index';
import { PROTO_ALL, type Endpoint } from '../model';

export type Tri = 'yes' | 'no' | 'maybe';

export interface Party {
  family: IpFamily;
  /** Groups that group references match on this side; empty unless seen at a private address. */
  groups: readonly string[];
  /** The address the rule sees, when known. */
  point?: number | bigint;
  /** When the address is unknown: the space it could be in (same family as `family`). */
  space?: IntervalSet<number> | IntervalSet<bigint>;
}

/**
 * Does the rule's peer match this party? 'maybe' for unknown addresses partly inside a CIDR, and
 * for a prefix list whose entries are unknown (it may hold any address of its family).
 */
export function matchPeer(cr: CompiledRule, party: Party): Tri {
  if (cr.peerGroup !== undefined) return party.groups.includes(cr.peerGroup) ? 'yes' : 'no';
  const known = matchKnownSpace(cr, party);
  return known === 'no' && cr.unknownFamilies?.includes(party.family) ? 'maybe' : known;
}

/** matchPeer for an address-range peer, by its known CIDRs only (unknown list entries ignored). */
export function matchKnownSpace(cr: CompiledRule, party: Party): Tri {
  const space = cr.space;
  if (!space) return 'no';
  const set = (party.family === 4 ? space.v4 : space.v6) as IntervalSet<number | bigint>;
  if (set.length === 0) return 'no';
  if (party.point !== undefined) return containsPoint(set, party.point) ? 'yes' : 'no';
  const cand = (party.space ?? []) as IntervalSet<number | bigint>;
  if (cand.length === 0) return 'no';
  if (containsSet(set, cand)) return 'yes';
  return overlaps(set, cand) ? 'maybe' : 'no';
}

/**
 * The part of `asked` for which the union of the rules' address spaces (one family) contains all of
 * `cand`: rules are a union, so two CIDRs that each hold half of an unknown endpoint's subnets
 * together decide. The traffic is cut where the rules start and stop, and each piece is checked.
 */
export function trafficCoveringSpace(rules: readonly CompiledRule[], family: IpFamily, cand: IntervalSet<number> | IntervalSet<bigint>, asked: TrafficSet): TrafficSet {
  if (rules.length === 0 || cand.length === 0) return NO_TRAFFIC;
  const spaceOf = (r: CompiledRule): IntervalSet<number | bigint> => ((family === 4 ? r.space?.v4 : r.space?.v6) ?? []) as IntervalSet<number | bigint>;
  const covers = (rs: CompiledRule[]): boolean => {
    let u: IntervalSet<number | bigint> = [];
    for (const r of rs) u = union(u, spaceOf(r));
    return containsSet(u, cand as IntervalSet<number | bigint>);
  };
  const protocols = new Set<number>();
  for (const r of rules) for (const p of listedProtocols(r.traffic)) protocols.add(p);
  const entries: [number, PortSet][] = [];
  for (const p of protocols) {
    const cuts = new Set<number>([0, 65536]);
    for (const r of rules) for (const [s, e] of portsOfProtocol(r.traffic, p)) cuts.add(s).add(e + 1);
    const sorted = [...cuts].sort((a, b) => a - b);
    const covered: [number, number][] = [];
    for (let k = 0; k + 1 < sorted.length; k++) {
      const start = sorted[k] as number;
      const end = (sorted[k + 1] as number) - 1;
      const here = rules.filter((r) => containsPoint(portsOfProtocol(r.traffic, p), start));
      if (here.length && covers(here)) covered.push([start, end]);
    }
    entries.push([p, intervalSet(covered)]);
  }
  // Protocols no rule lists are covered only by all-traffic rules.
  const restRules = rules.filter((r) => r.traffic.rest);
  const rest = restRules.length > 0 && covers(restRules);
  return intersectTraffic(trafficFromEntries(rest, entries), asked);
}

export interface SideResult {
  status: Tri;
  /** Rules that surely allow some of the asked traffic. */
  sure: CompiledRule[];
  /** Rules that may allow some of it, depending on an unknown address. */
  maybe: CompiledRule[];
  /**
   * Those of `maybe` that together surely allow some of it: rules are a union, so CIDRs that each
   * hold part of an unknown address's space may hold all of it between them (trafficCoveringSpace).
   */
  covering?: CompiledRule[];
  /** Asked traffic surely allowed / possibly allowed by this side. */
  sureTraffic: TrafficSet;
  possibleTraffic: TrafficSet;
  /**
   * Groups of the endpoint whose rules the inputs do not give (referenced but defined nowhere):
   * set when they leave the side undecided, its known rules not allowing all the asked traffic.
   */
  unknownGroups?: string[];
  /** The side's endpoint is not filtered by security groups (Endpoint.unfiltered): nothing was checked. */
  unfiltered?: true;
}

/**
 * Evaluates one side's rules (a source's egress or a destination's ingress) for the asked traffic.
 * `sureTraffic`/`possibleTraffic` are unions of whole rules that touch the asked traffic, so
 * covering is decided exactly and callers intersect with what they asked when they need to.
 */
export function evaluateRules(rules: Iterable<CompiledRule>, other: Party, asked: TrafficSet): SideResult {
  const sure: CompiledRule[] = [];
  const maybe: CompiledRule[] = [];
  for (const cr of rules) {
    // An icmp rule allows no IPv6 traffic, an icmpv6 rule no IPv4 traffic (ruleFamily).
    if ((cr.family !== undefined && cr.family !== other.family) || !overlapsTraffic(cr.traffic, asked)) continue;
    const m = matchPeer(cr, other);
    if (m === 'yes') sure.push(cr);
    else if (m === 'maybe') maybe.push(cr);
  }
  let sureTraffic = intersectTraffic(unionAllTraffic(sure.map((r) => r.traffic)), asked);
  let covering: CompiledRule[] = [];
  if (maybe.length && other.point === undefined && other.space) {
    const covered = trafficCoveringSpace(maybe, other.family, other.space, asked);
    sureTraffic = unionTraffic(sureTraffic, covered);
    covering = maybe.filter((r) => overlapsTraffic(r.traffic, covered));
    // Only the rules that take part: one the others cover the same without is left out, so an
    // answer does not list a rule whose CIDR holds part of the space and adds nothing.
    for (let k = covering.length - 1; k >= 0 && covering.length > 1; k--) {
      const without = covering.filter((_, j) => j !== k);
      if (coversTraffic(trafficCoveringSpace(without, other.family, other.space, asked), covered)) covering = without;
    }
  }
  const possibleTraffic = maybe.length ? intersectTraffic(unionAllTraffic([...sure, ...maybe].map((r) => r.traffic)), asked) : sureTraffic;
  const status: Tri = coversTraffic(sureTraffic, asked) ? 'yes' : coversTraffic(possibleTraffic, asked) ? 'maybe' : 'no';
  return covering.length ? { status, sure, maybe, covering, sureTraffic, possibleTraffic } : { status, sure, maybe, sureTraffic, possibleTraffic };
}

/**
 * What an endpoint AWS does not filter with groups lets in: its listeners' traffic when the inputs
 * list them, else everything (its listeners are unknown). A NAT gateway lets in no connection: it
 * only forwards those its subnets' hosts open (VPC user guide, "NAT gateways"), so nothing is
 * allowed to it, from outside or from its own VPC.
 */
export function unfilteredIngressOf(endpoint: Endpoint): TrafficSet {
  if (endpoint.kind === 'nat') return NO_TRAFFIC;
  if (!endpoint.listeners?.length || endpoint.listeners.some((l) => l.protocol === PROTO_ALL)) return ALL_TRAFFIC;
  return unionAllTraffic(endpoint.listeners.map((l) => trafficOfRule(l.protocol, l.port, l.port)));
}
