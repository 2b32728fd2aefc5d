/**
 * How a rule's peer matches the other side of a connection. The other side is described as a
 * Party: the groups a group reference may match there (none when it is seen at a public address or
 * is external) and either the one address it is seen at or, when that is unknown, the space it
 * could be in. Matching is three-valued because an unknown address inside a partially overlapping
 * CIDR cannot be decided from the input.
 */
import type { IpFamily } from '../net/address';
import { containsPoint, containsSet, overlaps } from '../net/interval-set';
import type { IntervalSet } from '../net/interval-set';
import { coversTraffic, intersectTraffic, overlapsTraffic, unionAllTraffic } from '../net/traffic';
import type { TrafficSet } from '../net/traffic';
import type { CompiledRule } from './reach-index';

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

/** Does the rule's peer match this party? 'maybe' only for unknown addresses partly inside a CIDR. */
export function matchPeer(cr: CompiledRule, party: Party): Tri {
  if (cr.peerGroup !== undefined) return party.groups.includes(cr.peerGroup) ? 'yes' : 'no';
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

export interface SideResult {
  status: Tri;
  /** Rules that surely allow some of the asked traffic. */
  sure: CompiledRule[];
  /** Rules that may allow some of it, depending on an unknown address. */
  maybe: CompiledRule[];
  /** Asked traffic surely allowed / possibly allowed by this side. */
  sureTraffic: TrafficSet;
  possibleTraffic: TrafficSet;
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
    if (!overlapsTraffic(cr.traffic, asked)) continue;
    const m = matchPeer(cr, other);
    if (m === 'yes') sure.push(cr);
    else if (m === 'maybe') maybe.push(cr);
  }
  const sureTraffic = intersectTraffic(unionAllTraffic(sure.map((r) => r.traffic)), asked);
  const possibleTraffic = maybe.length ? intersectTraffic(unionAllTraffic([...sure, ...maybe].map((r) => r.traffic)), asked) : sureTraffic;
  const status: Tri = coversTraffic(sureTraffic, asked) ? 'yes' : coversTraffic(possibleTraffic, asked) ? 'maybe' : 'no';
  return { status, sure, maybe, sureTraffic, possibleTraffic };
}
