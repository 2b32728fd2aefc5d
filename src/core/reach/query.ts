/**
 * One exact question: may `from` open a connection to `to` with this protocol and port? The answer
 * applies AWS security group semantics: the source's egress and the destination's ingress must
 * both allow it (an external side has no groups and is not checked), groups are stateful so
 * return traffic is never checked, and group references only match endpoints seen at their
 * private addresses. Locators are first turned into Parties (how each side looks to the other's
 * rules); the rules of the two endpoints' groups are then the only ones examined.
 */
import type { Direction } from '../model';
import type { Locator, ReachAnswer, ReachQuery, RuleRef } from '../analysis-types';
import { parseAddress } from '../net/address';
import type { IpFamily, ParsedAddress } from '../net/address';
import { publicIpv4Space } from '../net/cidr-set';
import { containsPoint, type Ipv4Set } from '../net/interval-set';
import { ALL_TRAFFIC, coversTraffic, intersectTraffic, trafficLabel, trafficOfQuery } from '../net/traffic';
import type { TrafficSet } from '../net/traffic';
import { describeRule, endpointLabel, groupLabel } from './explain';
import { evaluateRules, unfilteredIngressOf } from './match';
import type { Party, SideResult, Tri } from './match';
import { isUnfiltered, PROTO_ICMP, PROTO_ICMPV6 } from '../model';
import { undefinedGroupsOf } from './reach-index';
import type { CompiledRule, EndpointAddresses, ReachIndex } from './reach-index';

/** A locator after lookup: an endpoint (maybe at an explicit address) or an external address. */
export interface Subject {
  ep?: EndpointAddresses;
  explicit?: ParsedAddress;
  /** For an endpoint at an explicit address: is it one of its public addresses? */
  viaPublic: boolean;
}

// Public IPv4 -> endpoint ids, built once per index for destinations given as bare addresses.
const publicCache = new WeakMap<ReachIndex, Map<string, string[]>>();

function endpointsAtPublic(index: ReachIndex, text: string): string[] {
  let map = publicCache.get(index);
  if (!map) {
    map = new Map();
    for (const ep of index.endpoints.values()) {
      for (const a of ep.publicV4) {
        const list = map.get(a.text);
        if (list) list.push(ep.endpoint.id);
        else map.set(a.text, [ep.endpoint.id]);
      }
    }
    publicCache.set(index, map);
  }
  return map.get(text) ?? [];
}

/**
 * Looks a locator up. Throws for an unknown endpoint id or an address that is not the endpoint's.
 * `side` matters for a bare address that is only an endpoint's public IPv4 (see below).
 */
export function lookupLocator(index: ReachIndex, loc: Locator, side: 'from' | 'to' = 'from'): Subject {
  if ('endpointId' in loc) {
    const ep = index.endpoints.get(loc.endpointId);
    if (!ep) throw new Error(`unknown endpoint '${loc.endpointId}'`);
    if (loc.address === undefined) return { ep, viaPublic: false };
    const a = parseAddress(loc.address);
    if ([...ep.v4, ...ep.v6].some((x) => x.value === a.value)) return { ep, explicit: a, viaPublic: false };
    if (ep.publicV4.some((x) => x.value === a.value)) return { ep, explicit: a, viaPublic: true };
    throw new Error(`${a.text} is not an address of endpoint '${loc.endpointId}'`);
  }
  const a = parseAddress(loc.address);
  // An address that is a known endpoint's private address is that endpoint: its groups filter the
  // traffic whatever name the question used for it. As a source, any other address, an endpoint's
  // public or elastic IP included, is an external host with no groups: that is the REF contract of
  // the CLI and the API, and it keeps group references from ever matching a public address.
  const priv = index.byPrivateAddress.get(a.text);
  if (priv && priv.length === 1) return { ep: index.endpoints.get(priv[0] as string), explicit: a, viaPublic: false };
  if (priv && priv.length > 1) throw new Error(`${a.text} is the private address of several endpoints (${priv.join(', ')}); name one`);
  // As a destination, though, an endpoint's public IP is that endpoint reached through the
  // internet: the packets land on its interface, so its ingress rules decide. Treating it as an
  // unfiltered outside host would report an edge AWS refuses. Group references still never match,
  // because the source is then seen at a public address (sourceThroughInternet).
  if (side === 'to') {
    const pub = endpointsAtPublic(index, a.text);
    if (pub.length === 1) return { ep: index.endpoints.get(pub[0] as string), explicit: a, viaPublic: true };
    if (pub.length > 1) throw new Error(`${a.text} is the public address of several endpoints (${pub.join(', ')}); name one`);
  }
  return { explicit: a, viaPublic: false };
}

/** The family of the question: explicit addresses decide, else IPv6 for ICMPv6 between two endpoints with IPv6, else IPv4 unless an endpoint is IPv6-only. */
export function chooseFamily(a: Subject, b: Subject, protocol?: number): IpFamily | 'mismatch' {
  const fa = a.explicit?.family;
  const fb = b.explicit?.family;
  if (fa && fb && fa !== fb) return 'mismatch';
  if (fa || fb) return (fa ?? fb) as IpFamily;
  const v6only = (s: Subject): boolean => !!s.ep && s.ep.v4.length === 0 && s.ep.v6.length > 0;
  // ICMPv6 is IPv6's: between two endpoints that both may have IPv6 it is asked at their IPv6
  // addresses, not at the primary IPv4 ones. Where one has no IPv6 the question stays in IPv4,
  // where rules are weighed as written, as the flow graph weighs them.
  // Known IPv6 addresses, or a setting that says dual-stack: a subnet's IPv6 block alone does not
  // say an endpoint of unknown addresses took an IPv6 one.
  const v6 = (s: Subject): boolean => !!s.ep && (s.ep.v6.length > 0 || (s.ep.unknown && s.ep.endpoint.ipAddressType === 'dualstack' && s.ep.space6.length > 0));
  if (protocol === ICMPV6 && v6(a) && v6(b)) return 6;
  return v6only(a) || v6only(b) ? 6 : 4;
}

const ICMPV6 = 58;

/** The address an endpoint is used at for this family: explicit, primary, unknown (space) or none. */
export type Placement =
  | { kind: 'point'; value: number | bigint; text: string; public: boolean }
  | { kind: 'unknown'; space: Party['space'] }
  | { kind: 'none' };

export function placeSubject(s: Subject, family: IpFamily): Placement {
  if (s.explicit) return { kind: 'point', value: s.explicit.value, text: s.explicit.text, public: s.viaPublic };
  const ep = s.ep as EndpointAddresses;
  const first = family === 4 ? ep.v4[0] : ep.v6[0];
  if (first) return { kind: 'point', value: first.value, text: first.text, public: false };
  if (ep.unknown) {
    const space = family === 4 ? ep.space4 : ep.space6;
    return space.length ? { kind: 'unknown', space } : { kind: 'none' };
  }
  return { kind: 'none' };
}

/** How a side looks to the other side's rules. */
export function partyOf(s: Subject, p: Placement, family: IpFamily, throughPublic: boolean): Party {
  const groups = s.ep && !throughPublic && !(p.kind === 'point' && p.public) ? s.ep.endpoint.groupIds : [];
  if (p.kind === 'point') return { family, groups, point: p.value };
  if (p.kind === 'unknown') return { family, groups, space: p.space };
  return { family, groups: [], space: [] };
}

/**
 * How the source looks to a destination reached at a public IPv4: through the internet, so at its
 * own public IPv4 if it has one, else from an address we cannot know (a NAT gateway's, or nowhere)
 * but a public one all the same: an internet gateway passes no private source address, so a rule
 * naming only private blocks never admits it.
 */
function sourceThroughInternet(src: Subject, p: Placement): Party {
  if (p.kind === 'point' && p.public) return { family: 4, groups: [], point: p.value };
  const pub = src.ep?.publicV4[0];
  if (pub) return { family: 4, groups: [], point: pub.value };
  return { family: 4, groups: [], space: (publicV4 ??= publicIpv4Space()) };
}

let publicV4: Ipv4Set | undefined;

/**
 * Whether an outside host's address can cross an internet gateway as it is. One at a private
 * address (an unmanaged host in the VPC, an office network) reaches a public IP only through a NAT
 * or a public address of its own, so it is seen like an endpoint without one (sourceThroughInternet).
 */
function isPublicPoint(p: Placement): boolean {
  return p.kind === 'point' && typeof p.value === 'number' && containsPoint((publicV4 ??= publicIpv4Space()), p.value);
}

// A batch asks about the same endpoints again and again; their rule lists are gathered once.
const rulesCache = new WeakMap<EndpointAddresses, { ingress?: CompiledRule[]; egress?: CompiledRule[] }>();

/** The rules of all the endpoint's groups for one direction. Shared between calls: read-only. */
export function rulesOf(index: ReachIndex, ep: EndpointAddresses, direction: Direction): CompiledRule[] {
  let entry = rulesCache.get(ep);
  if (!entry) rulesCache.set(ep, (entry = {}));
  const hit = entry[direction];
  if (hit) return hit;
  const by = direction === 'ingress' ? index.ingressByGroup : index.egressByGroup;
  const out: CompiledRule[] = [];
  for (const g of new Set(ep.endpoint.groupIds)) {
    const list = by.get(g);
    if (list) for (const r of list) out.push(r);
  }
  entry[direction] = out;
  return out;
}

/**
 * A side whose known rules do not allow all the asked traffic is undecided when the endpoint also
 * carries a group of unknown rules: those may allow the rest (rules only add), so 'no' would claim
 * more than the inputs say.
 */
function widenForUnknownRules(index: ReachIndex, ep: EndpointAddresses, r: SideResult): SideResult {
  if (r.status === 'yes') return r;
  const unknownGroups = undefinedGroupsOf(index, ep);
  return unknownGroups.length ? { ...r, status: 'maybe', unknownGroups } : r;
}

/**
 * The side of an endpoint AWS does not filter with security groups: it lets through what it
 * accepts at all, everything unless (inbound) the inputs list its listeners.
 */
function unfilteredSide(asked: TrafficSet, accepts: TrafficSet = ALL_TRAFFIC): SideResult {
  const through = intersectTraffic(asked, accepts);
  return { status: coversTraffic(accepts, asked) ? 'yes' : 'no', sure: [], maybe: [], sureTraffic: through, possibleTraffic: through, unfiltered: true };
}

export interface Evaluation {
  family: IpFamily | 'mismatch';
  src: Subject;
  dst: Subject;
  srcPlace?: Placement;
  dstPlace?: Placement;
  egress?: SideResult;
  ingress?: SideResult;
  /** The destination was reached at its public IPv4 and its ingress saw the source as the internet delivers it (sourceThroughInternet). */
  throughInternet?: true;
}

/** Runs both sides for the asked traffic; shared by queryReach and explainPair. */
export function evaluatePair(index: ReachIndex, from: Locator, to: Locator, asked: TrafficSet, protocol?: number, inFamily?: IpFamily): Evaluation {
  const src = lookupLocator(index, from);
  const dst = lookupLocator(index, to, 'to');
  const family = inFamily ?? chooseFamily(src, dst, protocol);
  if (family === 'mismatch') return { family, src, dst };
  const srcPlace = placeSubject(src, family);
  const dstPlace = placeSubject(dst, family);
  const ev: Evaluation = { family, src, dst, srcPlace, dstPlace };
  if (srcPlace.kind === 'none' || dstPlace.kind === 'none') return ev;
  const dstPublic = dstPlace.kind === 'point' && dstPlace.public;
  if (src.ep) ev.egress = isUnfiltered(src.ep.endpoint) ? unfilteredSide(asked) : widenForUnknownRules(index, src.ep, evaluateRules(rulesOf(index, src.ep, 'egress'), partyOf(dst, dstPlace, family, false), asked));
  if (dst.ep && isUnfiltered(dst.ep.endpoint)) ev.ingress = unfilteredSide(asked, unfilteredIngressOf(dst.ep.endpoint));
  else if (dst.ep) {
    if (dstPublic && family === 4 && (src.ep || !isPublicPoint(srcPlace))) ev.throughInternet = true;
    const seen = ev.throughInternet ? sourceThroughInternet(src, srcPlace) : partyOf(src, srcPlace, family, false);
    ev.ingress = widenForUnknownRules(index, dst.ep, evaluateRules(rulesOf(index, dst.ep, 'ingress'), seen, asked));
  }
  return ev;
}

function locatorLabel(index: ReachIndex, s: Subject): string {
  if (s.ep) return endpointLabel(index, s.ep.endpoint.id) + (s.explicit ? ` at ${s.explicit.text}` : '');
  return s.explicit?.text ?? '?';
}

function placementText(p: Placement | undefined): string | undefined {
  return p?.kind === 'point' ? p.text : undefined;
}

/**
 * The rules a side's answer names: those that allow it for sure (some together), or may. When some
 * rules allow the whole of the asked traffic on their own, only they are named: a question about all
 * traffic, or any code of an icmp type, is not allowed by a tcp 22 rule that matches the same peer.
 */
function refsOf(index: ReachIndex, r: SideResult | undefined, status: Tri, asked: TrafficSet): RuleRef[] {
  if (!r || status === 'no') return [];
  const whole = status === 'yes' ? r.sure.filter((cr) => coversTraffic(cr.traffic, asked)) : [];
  const named = whole.length > 0 ? whole : [...r.sure, ...(status === 'maybe' ? r.maybe : (r.covering ?? []))];
  return named.map((cr) => describeRule(index, cr.rule));
}

/** Names of the prefix lists of unknown entries behind a side's 'maybe' rules. */
function unknownLists(index: ReachIndex, r: SideResult): string[] {
  const names = new Set<string>();
  for (const cr of r.maybe) {
    if (!cr.unknownFamilies || cr.rule.peer.kind !== 'prefixList') continue;
    const id = cr.rule.peer.id;
    const name = index.prefixLists.get(id)?.name;
    names.add(name ? `${name} (${id})` : id);
  }
  return [...names];
}

/** Answers one question exactly. Throws for an unknown endpoint or an unparsable address. */
export function queryReach(index: ReachIndex, q: ReachQuery): ReachAnswer {
  const asked = trafficOfQuery(q);
  const ev = evaluatePair(index, q.from, q.to, asked, q.protocol);
  const what = trafficLabel(asked);
  const fromL = locatorLabel(index, ev.src);
  const toL = locatorLabel(index, ev.dst);
  const base = (): Pick<ReachAnswer, 'fromAddress' | 'toAddress' | 'fromEndpointId' | 'toEndpointId'> => {
    const o: Pick<ReachAnswer, 'fromAddress' | 'toAddress' | 'fromEndpointId' | 'toEndpointId'> = {};
    const fa = placementText(ev.srcPlace);
    const ta = placementText(ev.dstPlace);
    if (fa !== undefined) o.fromAddress = fa;
    if (ta !== undefined) o.toAddress = ta;
    if (ev.src.ep) o.fromEndpointId = ev.src.ep.endpoint.id;
    if (ev.dst.ep) o.toEndpointId = ev.dst.ep.endpoint.id;
    return o;
  };
  if (ev.family === 'mismatch') {
    // No rule allows a source of one family to a destination of the other: each end that is an
    // endpoint refuses on its side. Two outside hosts have no side that could.
    const refusedBy: Direction[] = [...(ev.src.ep ? (['egress'] as const) : []), ...(ev.dst.ep ? (['ingress'] as const) : [])];
    return { allowed: false, verdict: 'denied', egress: [], ingress: [], refusedBy, notInFamily: 'mismatch', explanation: `Denied: ${fromL} and ${toL} are different address families; security groups never match across IPv4 and IPv6.`, ...base() };
  }
  const fam = ev.family === 6 ? 'IPv6' : 'IPv4';
  if (ev.srcPlace?.kind === 'none' || ev.dstPlace?.kind === 'none') {
    const refusedBy: Direction[] = [];
    const lacking: string[] = [];
    // Say why when the reason is a setting rather than the addresses the inputs list.
    const setting = (s: typeof ev.src): string => (ev.family === 6 && s.ep?.endpoint.ipAddressType === 'ipv4' ? ' (it is set to IPv4 only)' : '');
    if (ev.srcPlace?.kind === 'none') {
      refusedBy.push('egress');
      lacking.push(fromL + setting(ev.src));
    }
    if (ev.dstPlace?.kind === 'none') {
      refusedBy.push('ingress');
      lacking.push(toL + setting(ev.dst));
    }
    return { allowed: false, verdict: 'denied', egress: [], ingress: [], refusedBy, notInFamily: 'no-address', explanation: `Denied: ${lacking.join(' and ')} has no ${fam} address, so no ${fam} traffic can flow.`, ...base() };
  }
  const eStatus: Tri = ev.egress ? ev.egress.status : 'yes';
  const iStatus: Tri = ev.ingress ? ev.ingress.status : 'yes';
  const verdict = verdictOf(eStatus, iStatus);
  const egress = refsOf(index, ev.egress, eStatus, asked);
  const ingress = refsOf(index, ev.ingress, iStatus, asked);
  const bad: Tri = verdict === 'denied' ? 'no' : 'maybe';
  const refusedBy: Direction[] = [];
  if (ev.egress && eStatus === bad) refusedBy.push('egress');
  if (ev.ingress && iStatus === bad) refusedBy.push('ingress');

  // Lists of unknown entries behind each side's 'maybe' rules, for the explanation and its head.
  const listsOf = { egress: ev.egress ? unknownLists(index, ev.egress) : [], ingress: ev.ingress ? unknownLists(index, ev.ingress) : [] };
  const sideText = (dir: Direction, r: SideResult | undefined, status: Tri, refs: RuleRef[]): string => {
    const owner = dir === 'egress' ? fromL : toL;
    if (!r) return dir === 'egress' ? `${fromL} is outside the snapshot, so no egress rules apply` : `${toL} is outside the snapshot, so no ingress rules apply`;
    if (r.unfiltered) {
      // A NAT gateway takes no connection whatever its groups would say (unfilteredIngressOf).
      if (dir === 'ingress' && ev.dst.ep?.endpoint.kind === 'nat') {
        return `${owner} carries no security group, but a NAT gateway itself accepts no connection: it only forwards those its subnets' hosts open`;
      }
      // Its listeners, when the inputs list them and none of them takes everything.
      const accepts = dir === 'ingress' && ev.dst.ep ? unfilteredIngressOf(ev.dst.ep.endpoint) : ALL_TRAFFIC;
      if (accepts !== ALL_TRAFFIC) {
        const on = trafficLabel(accepts);
        return status === 'yes'
          ? `${owner} carries no security group and AWS does not filter its traffic with them; it accepts ${what} on its listeners (${on})`
          : `${owner} carries no security group, but it accepts connections only on its listeners (${on})`;
      }
      return `${owner} carries no security group and AWS does not filter its traffic with them, so no ${dir} rules apply`;
    }
    const list = refs.map((x) => x.summary).join('; ');
    if (status === 'yes') return `${owner}'s ${dir} allows it (${list})`;
    if (status === 'maybe') {
      const other = dir === 'egress' ? toL : fromL;
      const lists = listsOf[dir];
      const unknownGroups = (r.unknownGroups ?? []).map((g) => groupLabel(index, g));
      const why = [
        r.maybe.some((cr) => !cr.unknownFamilies) ? `the unknown address falls inside the rule's CIDR` : '',
        lists.length ? `${other} is in prefix list ${lists.join(', ')}, whose entries the inputs do not give` : '',
        unknownGroups.length ? `the rules of ${unknownGroups.join(', ')} allow it: the inputs reference ${unknownGroups.length > 1 ? 'these groups' : 'this group'} but do not define ${unknownGroups.length > 1 ? 'them' : 'it'}` : '',
      ].filter(Boolean);
      return `${owner}'s ${dir} allows it only if ${why.join(', or if ')}${list ? ` (${list})` : ''}`;
    }
    const partial = refsOf(index, r, 'yes', asked);
    const some = partial.length ? ` (only part of it: ${partial.map((x) => x.summary).join('; ')})` : '';
    return `no ${dir} rule of ${owner} allows ${what} ${dir === 'egress' ? `to ${toL}` : `from ${fromL}`}${some}`;
  };
  const inputsUnknown = listsOf.egress.length > 0 || listsOf.ingress.length > 0 || !!ev.egress?.unknownGroups || !!ev.ingress?.unknownGroups;
  const head = verdict === 'allowed' ? 'Allowed' : verdict === 'denied' ? 'Denied' : inputsUnknown ? 'Depends on what the inputs leave unknown' : 'Depends on unknown addresses';
  const parts = [sideText('egress', ev.egress, eStatus, egress), sideText('ingress', ev.ingress, iStatus, ingress)];
  // Reached at its public address, the destination does not see the source's private one.
  if (ev.throughInternet) {
    const pub = ev.srcPlace?.kind === 'point' && ev.srcPlace.public ? ev.srcPlace.text : ev.src.ep?.publicV4[0]?.text;
    // The source by name alone: "app at 10.0.1.6 at its public address 52.1.2.3" read as two places.
    const who = ev.src.ep ? endpointLabel(index, ev.src.ep.endpoint.id) : fromL;
    parts[1] += pub !== undefined
      ? ` (through the internet it sees ${who} at its public address ${pub})`
      : ` (through the internet it sees ${who} at a public address not in the inputs, such as its NAT gateway's)`;
  }
  const answer: ReachAnswer = {
    allowed: verdict === 'allowed',
    verdict,
    egress,
    ingress,
    explanation: `${head} (${what} from ${fromL} to ${toL}): ${parts.join('; ')}.`,
    ...base(),
  };
  if (verdict !== 'allowed') answer.refusedBy = refusedBy;
  const unrouted = privateTargetNote(index, ev, verdict);
  if (unrouted) answer.explanation += ` ${unrouted}`;
  const ownPublic = publicSourceNote(index, ev, verdict);
  if (ownPublic) answer.explanation += ` ${ownPublic}`;
  const otherWay = otherFamilyNote(index, q, ev, verdict, asked);
  if (otherWay) answer.explanation += ` ${otherWay}`;
  // Rules for the other family's ICMP are on the page but cannot count here: say why (ruleFamily).
  if (verdict !== 'allowed' && q.protocol === PROTO_ICMP && ev.family === 6) answer.explanation += ' icmp is carried over IPv4 only, and rules for it allow no IPv6 traffic: IPv6 ping is icmpv6.';
  if (verdict !== 'allowed' && q.protocol === PROTO_ICMPV6 && ev.family === 4) answer.explanation += ' icmpv6 is carried over IPv6 only, and rules for it allow no IPv4 traffic: IPv4 ping is icmp.';
  // Allowed by an all-traffic rule, which passes any protocol number: true, but of packets no host sends.
  if (verdict !== 'denied' && q.protocol === PROTO_ICMP && ev.family === 6) answer.explanation += ' Between IPv6 addresses this holds for protocol 1 packets only, which IPv6 hosts do not send: IPv6 ping is icmpv6.';
  if (verdict !== 'denied' && q.protocol === PROTO_ICMPV6 && ev.family === 4) answer.explanation += ' Between IPv4 addresses this holds for protocol 58 packets only, which IPv4 hosts do not send: IPv4 ping is icmp.';
  return answer;
}

/**
 * A source given as an endpoint's public IP is an outside host by the REF contract, so that
 * endpoint's egress is not weighed; but only that endpoint can send from its elastic or public IP
 * (the internet gateway maps it one to one to its interface), and its egress may well refuse. An
 * answer that lets it through says so, and how to ask with that egress counted.
 */
function publicSourceNote(index: ReachIndex, ev: Evaluation, verdict: ReachAnswer['verdict']): string | undefined {
  if (verdict === 'denied' || ev.src.ep || !ev.src.explicit) return undefined;
  const owners = endpointsAtPublic(index, ev.src.explicit.text);
  if (owners.length !== 1) return undefined;
  const name = endpointLabel(index, owners[0] as string);
  return `${ev.src.explicit.text} is the public address of ${name}: it was asked about as an outside host, so ${name}'s own egress rules were not checked; ask from ${name} to count them.`;
}

/**
 * An outside host at a public address asking for an endpoint at a private IPv4 address: the rules
 * may allow it, but the internet routes no packet to that address, so the answer alone would read
 * as an exposure. Says where the internet does reach the endpoint, if anywhere the inputs show.
 */
function privateTargetNote(index: ReachIndex, ev: Evaluation, verdict: ReachAnswer['verdict']): string | undefined {
  if (verdict === 'denied' || ev.family !== 4 || ev.src.ep || !ev.srcPlace || !isPublicPoint(ev.srcPlace)) return undefined;
  const dst = ev.dst.ep;
  const place = ev.dstPlace;
  if (!dst || place?.kind !== 'point' || place.public || isPublicPoint(place)) return undefined;
  const name = endpointLabel(index, dst.endpoint.id);
  const head = `${place.text} is a private address, which the internet does not route to:`;
  const pub = dst.publicV4[0]?.text;
  if (pub !== undefined) return `${head} from there ${name} is reached at its public address ${pub}; ask about that address.`;
  if (dst.endpoint.internetFacing) return `${head} ${name} is internet-facing and is reached at its public addresses, which the inputs do not give.`;
  if (dst.endpoint.publicIpUnknown) return `${head} ${name}'s public address is not known until it is created.`;
  return `${head} ${name} has no public address in the inputs, so an outside host gets there only through something in between (a load balancer, a VPN, a peering).`;
}

function verdictOf(egress: Tri, ingress: Tri): ReachAnswer['verdict'] {
  return egress === 'no' || ingress === 'no' ? 'denied' : egress === 'maybe' || ingress === 'maybe' ? 'depends' : 'allowed';
}

/**
 * Between two endpoints named without addresses the question goes to their primary IPv4 ones (the
 * REF contract), while the flow graph draws what either family allows. When IPv4 refuses (or
 * leaves it open) and IPv6 allows it, or may (an endpoint of unknown addresses that may take IPv6
 * ones), the answer says so, with the addresses to ask at when they are known, instead of leaving
 * the graph and the answer to disagree. Not for icmp or icmpv6, each its own family's protocol: an
 * IPv6 answer to a question about ping over IPv4 would be about another protocol.
 */
function otherFamilyNote(index: ReachIndex, q: ReachQuery, ev: Evaluation, verdict: ReachAnswer['verdict'], asked: TrafficSet): string | undefined {
  if (verdict === 'allowed' || ev.family !== 4 || q.protocol === PROTO_ICMP || q.protocol === PROTO_ICMPV6) return undefined;
  if (!('endpointId' in q.from) || !('endpointId' in q.to) || q.from.address !== undefined || q.to.address !== undefined) return undefined;
  const over6 = evaluatePair(index, q.from, q.to, asked, q.protocol, 6);
  if (over6.srcPlace?.kind === 'none' || over6.dstPlace?.kind === 'none') return undefined;
  const v6 = verdictOf(over6.egress ? over6.egress.status : 'yes', over6.ingress ? over6.ingress.status : 'yes');
  if (v6 === 'denied' || (v6 === 'depends' && verdict === 'depends')) return undefined;
  const at = (p: Placement | undefined): string => (p?.kind === 'point' ? p.text : 'an address not in the inputs');
  const where = `${at(over6.srcPlace)} -> ${at(over6.dstPlace)}`;
  return v6 === 'allowed'
    ? `Over IPv6 it is allowed (${where})${over6.srcPlace?.kind === 'point' && over6.dstPlace?.kind === 'point' ? ': ask at those addresses for its rules' : ''}.`
    : `Over IPv6 it may be allowed (${where}), depending on the address it gets.`;
}
