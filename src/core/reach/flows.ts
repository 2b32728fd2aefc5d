/**
 * The flow graph: allowed flows between endpoints, and between endpoints and the outside (the
 * internet, other CIDRs, prefix lists, external groups), with ports merged per protocol.
 *
 * - A rule whose peer is an address range (CIDR, prefix list) or an external group also gives an
 *   edge between the endpoint class and that peer's node: ingress rules give node -> class, egress
 *   rules class -> node.
 * - Two endpoint classes get a direct edge when the source's egress and the destination's ingress
 *   both allow something, each side counting group references and the CIDRs that contain the other
 *   side's private addresses, per address family. An edge means some address of some member may
 *   open connections to some address of the other class's members.
 *
 * Endpoints whose edges cannot differ share one class: same groups, same address families, same
 * unknown-address space, and the same set of rule CIDRs containing their addresses. Work is driven
 * by the rules: a source class is only paired with classes whose ingress could admit it (a group
 * reference to one of its groups, or a CIDR containing one of its addresses).
 */
import type { AnalysisResult, EdgeExplanation, Exposure, FlowEdge, FlowGraph, FlowNode } from '../analysis-types';
import type { IpFamily, ParsedCidr } from '../net/address';
import { isPrivateCidr } from '../net/address';
import {
  ALL_TRAFFIC,
  NO_TRAFFIC,
  intersectTraffic,
  isAllTraffic,
  isTrafficEmpty,
  overlapsTraffic,
  toProtocolPorts,
  trafficContains,
  trafficEquals,
  trafficFromProtocolPorts,
  unionAllTraffic,
  unionTraffic,
} from '../net/traffic';
import type { TrafficSet } from '../net/traffic';
import { groupLabel } from './explain';
import { segmentTraffic } from './explain-pair';
import { matchPeer, trafficCoveringSpace } from './match';
import type { Tri } from './match';
import type { CompiledRule, EndpointAddresses, ReachIndex } from './reach-index';

/** Ports whose exposure to the internet a reviewer must see: admin, databases, caches, consoles. */
export const RISKY_TCP_PORTS = [22, 23, 445, 1433, 1521, 2375, 2379, 3306, 3389, 5432, 5601, 5900, 6379, 9200, 9300, 11211, 27017];

interface FlowClass {
  id: string;
  members: EndpointAddresses[];
  groups: string[];
  /** Ids of rule CIDRs containing one of its known addresses, per family. */
  ids4: Set<number>;
  ids6: Set<number>;
  has4: boolean;
  has6: boolean;
  unknown: boolean;
  /** A representative member, for unknown-address candidate spaces. */
  rep: EndpointAddresses;
  egressByPeerGroup: Map<string, CompiledRule[]>;
  egressSpace: CompiledRule[];
  ingressByPeerGroup: Map<string, CompiledRule[]>;
  ingressSpace: CompiledRule[];
}

interface Side {
  sure: TrafficSet;
  possible: TrafficSet;
  rules: CompiledRule[];
}

/** Numbers every distinct rule CIDR and finds, for an address, all of them that contain it. */
class CidrCatalog {
  readonly byText = new Map<string, number>();
  readonly cidrs: ParsedCidr[] = [];
  /** Per rule, the ids of its CIDRs by family, computed on first use. */
  readonly ruleIds = new Map<CompiledRule, Record<IpFamily, number[]>>();
  private readonly v4 = new Map<number, Map<number, number>>();
  private readonly v6 = new Map<number, Map<bigint, number>>();

  add(c: ParsedCidr): number {
    let id = this.byText.get(c.text);
    if (id !== undefined) return id;
    id = this.cidrs.length;
    this.cidrs.push(c);
    this.byText.set(c.text, id);
    if (c.family === 4) {
      let m = this.v4.get(c.prefix);
      if (!m) this.v4.set(c.prefix, (m = new Map()));
      m.set(c.start, id);
    } else {
      let m = this.v6.get(c.prefix);
      if (!m) this.v6.set(c.prefix, (m = new Map()));
      m.set(c.start, id);
    }
    return id;
  }

  /** At most one CIDR per prefix length can contain a point: one lookup per length in use. */
  containing4(addr: number, out: Set<number>): void {
    for (const [prefix, m] of this.v4) {
      const size = 2 ** (32 - prefix);
      const id = m.get(addr - (addr % size));
      if (id !== undefined) out.add(id);
    }
  }

  containing6(addr: bigint, out: Set<number>): void {
    for (const [prefix, m] of this.v6) {
      const host = 128n - BigInt(prefix);
      const id = m.get((addr >> host) << host);
      if (id !== undefined) out.add(id);
    }
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const INTERNET_CIDRS = new Set(['0.0.0.0/0', '::/0']);

function ruleCidrIds(catalog: CidrCatalog, cr: CompiledRule, family: IpFamily): number[] {
  let ids = catalog.ruleIds.get(cr);
  if (!ids) {
    ids = { 4: [], 6: [] };
    for (const c of cr.cidrs) ids[c.family].push(catalog.byText.get(c.text) as number);
    catalog.ruleIds.set(cr, ids);
  }
  return ids[family];
}

/** Builds the classes of endpoints whose flows cannot differ. */
function buildClasses(index: ReachIndex, catalog: CidrCatalog): FlowClass[] {
  const byKey = new Map<string, FlowClass>();
  const classes: FlowClass[] = [];
  const all = new Set<number>();
  for (const ea of index.endpoints.values()) {
    const groups = [...new Set(ea.endpoint.groupIds)].sort();
    const ids4 = new Set<number>();
    const ids6 = new Set<number>();
    all.clear();
    for (const a of ea.v4) catalog.containing4(a.value, all);
    for (const id of all) ids4.add(id);
    all.clear();
    for (const a of ea.v6) catalog.containing6(a.value, all);
    for (const id of all) ids6.add(id);
    const has4 = ea.unknown ? ea.space4.length > 0 : ea.v4.length > 0;
    const has6 = ea.unknown ? ea.space6.length > 0 : ea.v6.length > 0;
    const spaceKey = ea.unknown ? `${ea.space4.map(([s, e]) => `${s}-${e}`).join(',')}/${ea.space6.map(([s, e]) => `${s}-${e}`).join(',')}` : '';
    // Endpoints without groups have no flows: keep them as their own nodes.
    const key = groups.length === 0 ? `none:${ea.endpoint.id}` : `${groups.join(',')}|${[...ids4].sort((x, y) => x - y).join(',')}|${[...ids6].sort((x, y) => x - y).join(',')}|${has4}${has6}${ea.unknown}|${spaceKey}`;
    let cls = byKey.get(key);
    if (!cls) {
      cls = {
        id: `eps:${ea.endpoint.id}`,
        members: [],
        groups,
        ids4,
        ids6,
        has4,
        has6,
        unknown: ea.unknown,
        rep: ea,
        egressByPeerGroup: new Map(),
        egressSpace: [],
        ingressByPeerGroup: new Map(),
        ingressSpace: [],
      };
      for (const g of groups) {
        for (const cr of index.egressByGroup.get(g) ?? []) {
          if (cr.peerGroup !== undefined) pushTo(cls.egressByPeerGroup, cr.peerGroup, cr);
          else cls.egressSpace.push(cr);
        }
        for (const cr of index.ingressByGroup.get(g) ?? []) {
          if (cr.peerGroup !== undefined) pushTo(cls.ingressByPeerGroup, cr.peerGroup, cr);
          else cls.ingressSpace.push(cr);
        }
      }
      byKey.set(key, cls);
      classes.push(cls);
    }
    cls.members.push(ea);
  }
  return classes;
}

/** Does a CIDR/prefix-list rule match class `c` for this family: yes, no, or only for some addresses? */
function matchSpace(catalog: CidrCatalog, cr: CompiledRule, c: FlowClass, family: IpFamily): Tri {
  if (c.unknown) {
    const space = family === 4 ? c.rep.space4 : c.rep.space6;
    return matchPeer(cr, { family, groups: [], space });
  }
  const ids = family === 4 ? c.ids4 : c.ids6;
  for (const id of ruleCidrIds(catalog, cr, family)) if (ids.has(id)) return 'yes';
  return 'no';
}

/** One side's rules (by peer group, and CIDR/prefix-list rules) evaluated against the other class. */
function evaluateSide(catalog: CidrCatalog, byPeerGroup: Map<string, CompiledRule[]>, spaceRules: CompiledRule[], other: FlowClass, family: IpFamily): Side {
  const sureRules: CompiledRule[] = [];
  const maybeRules: CompiledRule[] = [];
  for (const g of other.groups) {
    const list = byPeerGroup.get(g);
    if (list) for (const cr of list) sureRules.push(cr);
  }
  for (const cr of spaceRules) {
    const m = matchSpace(catalog, cr, other, family);
    if (m === 'yes') sureRules.push(cr);
    else if (m === 'maybe') maybeRules.push(cr);
  }
  let sure = unionAllTraffic(sureRules.map((r) => r.traffic));
  if (maybeRules.length === 0) return { sure, possible: sure, rules: sureRules };
  // Rules are a union: CIDRs that each hold part of the unknown space may hold all of it together.
  const cand = family === 4 ? other.rep.space4 : other.rep.space6;
  sure = unionTraffic(sure, trafficCoveringSpace(maybeRules, family, cand, ALL_TRAFFIC));
  const rules = [...sureRules, ...maybeRules];
  return { sure, possible: unionAllTraffic(rules.map((r) => r.traffic)), rules };
}

interface PairFlow {
  possible: TrafficSet;
  sure: TrafficSet;
  rules: CompiledRule[];
}

/** Traffic class a may send to class b: per family, the source's egress intersected with the destination's ingress. */
function pairFlow(catalog: CidrCatalog, a: FlowClass, b: FlowClass): PairFlow | null {
  let possible = NO_TRAFFIC;
  let sure = NO_TRAFFIC;
  const rules = new Set<CompiledRule>();
  for (const family of [4, 6] as const) {
    if (family === 4 ? !(a.has4 && b.has4) : !(a.has6 && b.has6)) continue;
    const e = evaluateSide(catalog, a.egressByPeerGroup, a.egressSpace, b, family);
    if (isTrafficEmpty(e.possible)) continue;
    const i = evaluateSide(catalog, b.ingressByPeerGroup, b.ingressSpace, a, family);
    if (isTrafficEmpty(i.possible)) continue;
    const t = intersectTraffic(e.possible, i.possible);
    if (isTrafficEmpty(t)) continue;
    possible = unionTraffic(possible, t);
    sure = unionTraffic(sure, intersectTraffic(e.sure, i.sure));
    for (const cr of e.rules) if (overlapsTraffic(cr.traffic, t)) rules.add(cr);
    for (const cr of i.rules) if (overlapsTraffic(cr.traffic, t)) rules.add(cr);
  }
  if (isTrafficEmpty(possible)) return null;
  return { possible, sure, rules: [...rules] };
}

function isRisky(t: TrafficSet): boolean {
  if (isAllTraffic(t)) return true;
  return RISKY_TCP_PORTS.some((p) => trafficContains(t, 6, p)) || trafficContains(t, 17, 11211);
}

function classLabel(index: ReachIndex, c: FlowClass): string {
  const first = c.members[0] as EndpointAddresses;
  if (c.members.length === 1) return first.endpoint.name;
  const names = c.groups.map((g) => index.groups.get(g)?.name ?? g);
  return `${names.join(', ') || first.endpoint.name} ×${c.members.length}`;
}

export interface AnalyzeOptions {
  /**
   * How endpoint pairs linked only through CIDR rules (say egress to 0.0.0.0/0 and ingress from
   * 10.0.0.0/8) are drawn. 'expand' (default) gives each such pair its own exact edge, which on
   * estates full of broad CIDRs is quadratic in the number of classes. 'via-node' draws them only
   * through the CIDR nodes and keeps direct edges for pairs linked by a group reference (their
   * traffic stays exact, CIDR rules included); queryReach still answers any pair exactly.
   */
  cidrPairs?: 'expand' | 'via-node';
}

/** Computes the grouped flow graph, the internet exposures and the summary counts. */
export function analyzeFlows(index: ReachIndex, options: AnalyzeOptions = {}): AnalysisResult {
  const expandCidrPairs = (options.cidrPairs ?? 'expand') === 'expand';
  const catalog = new CidrCatalog();
  for (const cr of index.rules.values()) for (const c of cr.cidrs) catalog.add(c);
  const classes = buildClasses(index, catalog);
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const memberOf: Record<string, string> = {};
  for (const c of classes) {
    nodes.push({ id: c.id, kind: 'endpoints', members: c.members.map((m) => m.endpoint.id), label: classLabel(index, c) });
    for (const m of c.members) memberOf[m.endpoint.id] = c.id;
  }

  const addEdge = (from: string, to: string, possible: TrafficSet, sure: TrafficSet, rules: Iterable<CompiledRule>): FlowEdge => {
    const ports = toProtocolPorts(possible);
    const edge: FlowEdge = {
      id: `${from}->${to}`,
      from,
      to,
      ports,
      label: ports.map((p) => p.label).join('; '),
      ruleIds: [...new Set([...rules].map((r) => r.rule.id))].sort(),
    };
    if (!trafficEquals(possible, sure)) edge.depends = true;
    edges.push(edge);
    return edge;
  };

  // Endpoint to endpoint: pair a source class with the classes whose ingress could admit it (a
  // group reference or a CIDR) or that its egress names by group; pairFlow applies both sides.
  const classesByGroup = new Map<string, FlowClass[]>();
  for (const c of classes) for (const g of c.groups) pushTo(classesByGroup, g, c);
  const ingressOwnersByPeer = new Map<string, Set<string>>();
  const ingressOwnersByCidr = new Map<number, Set<string>>();
  const spaceOwners = new Set<string>();
  const addOwner = <K>(m: Map<K, Set<string>>, k: K, owner: string): void => {
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(owner);
  };
  for (const cr of index.rules.values()) {
    if (cr.rule.direction !== 'ingress') continue;
    if (cr.peerGroup !== undefined) addOwner(ingressOwnersByPeer, cr.peerGroup, cr.rule.groupId);
    else if (cr.cidrs.length) {
      spaceOwners.add(cr.rule.groupId);
      for (const c of cr.cidrs) addOwner(ingressOwnersByCidr, catalog.byText.get(c.text) as number, cr.rule.groupId);
    }
  }
  const stamp = new Map<FlowClass, number>();
  let round = 0;
  for (const a of classes) {
    if (a.groups.length === 0) continue;
    round++;
    const targets = new Set<string>(a.egressByPeerGroup.keys());
    for (const g of a.groups) for (const o of ingressOwnersByPeer.get(g) ?? []) targets.add(o);
    // Classes whose ingress CIDRs contain one of a's addresses (or may, for unknown addresses).
    if (expandCidrPairs) for (const id of a.ids4) for (const o of ingressOwnersByCidr.get(id) ?? []) targets.add(o);
    if (expandCidrPairs) for (const id of a.ids6) for (const o of ingressOwnersByCidr.get(id) ?? []) targets.add(o);
    if (expandCidrPairs && a.unknown) for (const o of spaceOwners) targets.add(o);
    for (const t of targets) {
      for (const b of classesByGroup.get(t) ?? []) {
        if (stamp.get(b) === round) continue;
        stamp.set(b, round);
        // An endpoint talking to itself never crosses its security groups.
        if (b === a && a.members.length === 1) continue;
        const f = pairFlow(catalog, a, b);
        if (f) addEdge(a.id, b.id, f.possible, f.sure, f.rules);
      }
    }
  }

  // External nodes, created on first use.
  const external = new Map<string, FlowNode>();
  const nodeFor = (cr: CompiledRule): FlowNode | null => {
    const peer = cr.rule.peer;
    if (peer.kind === 'group') {
      const g = index.groups.get(peer.groupId);
      // Defined groups are represented by their members; only referenced-but-undefined ones get a node.
      if (g && !g.external) return null;
      const id = `group:${peer.groupId}`;
      let n = external.get(id);
      if (!n) external.set(id, (n = { id, kind: 'external-group', label: groupLabel(index, peer.groupId), groupId: peer.groupId }));
      return n;
    }
    if (peer.kind === 'prefixList') {
      const id = `pl:${peer.id}`;
      let n = external.get(id);
      const name = index.prefixLists.get(peer.id)?.name;
      if (!n) external.set(id, (n = { id, kind: 'prefix-list', label: name ? `${name} (${peer.id})` : peer.id, prefixListId: peer.id }));
      return n;
    }
    const c = cr.cidrs[0];
    if (!c) return null;
    if (INTERNET_CIDRS.has(c.text)) {
      let n = external.get('internet');
      if (!n) external.set('internet', (n = { id: 'internet', kind: 'internet', label: 'Internet', cidrs: [] }));
      if (n.kind === 'internet' && !n.cidrs?.includes(c.text)) n.cidrs = [...(n.cidrs ?? []), c.text].sort((x, y) => x.length - y.length);
      return n;
    }
    const id = `cidr:${c.text}`;
    let n = external.get(id);
    if (!n) external.set(id, (n = { id, kind: 'cidr', label: c.text, cidrs: [c.text] }));
    return n;
  };

  const exposures: Exposure[] = [];
  for (const c of classes) {
    for (const direction of ['ingress', 'egress'] as const) {
      const perNode = new Map<FlowNode, { t: TrafficSet; rules: CompiledRule[] }>();
      for (const g of c.groups) {
        const list = (direction === 'ingress' ? index.ingressByGroup : index.egressByGroup).get(g) ?? [];
        for (const cr of list) {
          const n = nodeFor(cr);
          if (!n) continue;
          // A CIDR peer only concerns a class with an address of that family.
          if (cr.peerGroup === undefined && !cr.cidrs.some((x) => (x.family === 4 ? c.has4 : c.has6))) continue;
          const acc = perNode.get(n);
          if (acc) {
            acc.t = unionTraffic(acc.t, cr.traffic);
            acc.rules.push(cr);
          } else perNode.set(n, { t: cr.traffic, rules: [cr] });
        }
      }
      for (const [n, acc] of perNode) {
        const edge = direction === 'ingress' ? addEdge(n.id, c.id, acc.t, acc.t, acc.rules) : addEdge(c.id, n.id, acc.t, acc.t, acc.rules);
        if (direction !== 'ingress') continue;
        const exposed = n.kind === 'internet' || (n.kind === 'cidr' && acc.rules.some((r) => r.cidrs.some((x) => !isPrivateCidr(x))));
        if (!exposed) continue;
        const risky = isRisky(acc.t);
        for (const m of c.members) exposures.push({ endpointId: m.endpoint.id, from: n.id, ports: edge.ports, risky });
      }
    }
  }
  nodes.push(...external.values());

  const flows: FlowGraph = { nodes, edges, memberOf };
  const externalGroups = index.snapshot.groups.filter((g) => g.external).length;
  return {
    summary: {
      groups: index.snapshot.groups.length - externalGroups,
      externalGroups,
      rules: index.snapshot.rules.length,
      endpoints: index.snapshot.endpoints.length,
      warnings: index.snapshot.warnings.length,
      flowNodes: nodes.length,
      flowEdges: edges.length,
      internetExposedEndpoints: new Set(exposures.map((e) => e.endpointId)).size,
    },
    flows,
    exposures,
  };
}

/** For each allowed port range of an edge, the egress rules of its source and ingress rules of its destination. */
export function explainEdge(index: ReachIndex, result: AnalysisResult, edgeId: string): EdgeExplanation | null {
  const edge = result.flows.edges.find((e) => e.id === edgeId);
  if (!edge) return null;
  const kindOf = (id: string): FlowNode['kind'] | undefined => result.flows.nodes.find((n) => n.id === id)?.kind;
  const rules = edge.ruleIds.map((id) => index.rules.get(id)).filter((r): r is CompiledRule => r !== undefined);
  const egress = kindOf(edge.from) === 'endpoints' ? rules.filter((r) => r.rule.direction === 'egress') : null;
  const ingress = kindOf(edge.to) === 'endpoints' ? rules.filter((r) => r.rule.direction === 'ingress') : null;
  return { edgeId, from: edge.from, to: edge.to, segments: segmentTraffic(index, trafficFromProtocolPorts(edge.ports), egress, ingress) };
}
