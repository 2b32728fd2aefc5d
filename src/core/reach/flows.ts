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
 * - Pairs linked only through CIDR rules (egress to 0.0.0.0/0, ingress from 10.0.0.0/8) are
 *   quadratic in the number of classes. By default ('auto') they get their own edges while there
 *   are at most CIDR_PAIR_LIMIT of them, else they are left to the CIDR nodes' edges ('via-node')
 *   and the result says so; group-linked pairs always keep their exact direct edge.
 *
 * Endpoints whose edges cannot differ share one class: same groups, same address families, same
 * unknown-address space, and the same set of rule CIDRs containing their addresses (that set, per
 * family, is the class's "cell"). Work is driven by the rules: a source class is only paired with
 * classes whose ingress could admit it (a group reference to one of its groups, or a CIDR
 * containing one of its addresses) or that its egress names by group. For classes with known
 * addresses a side's traffic depends only on the other class's groups and cell, so it is built
 * over interned traffic ids from parts filed once per group (by peer group, and by cell for the
 * CIDR side, of which estates have few) and gathered per source class in one walk over the group
 * references; a pair is first checked for traffic without allocating, and its rules are only
 * collected when it gives an edge. Classes with unknown addresses go through the three-valued
 * matching that queryReach uses.
 */
import type { AnalysisResult, EdgeExplanation, Exposure, ExposureAddress, FlowEdge, FlowGraph, FlowNode } from '../analysis-types';
import { isPrivateAddress } from '../net/address';
import type { IpFamily, ParsedCidr } from '../net/address';
import { insideNetworkTest } from '../net/inside-network';
import { ALL_TRAFFIC, NO_TRAFFIC, intersectTraffic, isAllTraffic, isTrafficEmpty, overlapsTraffic, subtractTraffic, trafficContains, trafficFromProtocolPorts, trafficOfRule, unionAllTraffic, unionTraffic } from '../net/traffic';
import type { TrafficSet } from '../net/traffic';
import { groupLabel } from './explain';
import { segmentTraffic } from './explain-pair';
import { matchKnownSpace, trafficCoveringSpace, unfilteredIngressOf } from './match';
import type { Tri } from './match';
import { isUnfiltered, PROTO_ICMP, PROTO_ICMPV6 } from '../model';
import type { Endpoint } from '../model';
import { undefinedGroupsOf } from './reach-index';
import type { CompiledRule, EndpointAddresses, ReachIndex } from './reach-index';
import { TrafficTable } from './traffic-table';

/** Ports whose exposure to the internet a reviewer must see: admin, databases, caches, consoles. */
export const RISKY_TCP_PORTS = [22, 23, 445, 1433, 1521, 2375, 2379, 3306, 3389, 5432, 5601, 5900, 6379, 9200, 9300, 11211, 27017];

/**
 * The most class pairs linked only by CIDR rules that 'auto' still draws as direct edges. At
 * 20,000 such edges the graph is still a few MB of JSON and tens of milliseconds to build, and the
 * group-linked and CIDR-node edges beside them stay the larger part of the picture (the renderer is
 * benchmarked up to 10,000 edges). Estates past it are those where broad CIDRs on both sides join
 * most classes to most others (the benchmark's 10,000 instances give ~760,000 such pairs): one edge
 * per pair is then neither readable nor affordable, while the CIDR nodes show the same reach in
 * linear size and queryReach answers any one pair exactly.
 */
export const CIDR_PAIR_LIMIT = 20_000;

/**
 * Most entries of the flat memo tables (FlowContext.classSpace, groupSpace); past it the per-group
 * maps serve alone. Only tests change it, to cover that path on small inputs.
 */
let flatMemoLimit = 1 << 22;

/** For tests: the flat memo limit to use from now on (returns the previous one). */
export function setFlatMemoLimit(limit: number): number {
  const previous = flatMemoLimit;
  flatMemoLimit = limit;
  return previous;
}

/** Rules of one side that match a given peer (a group, or a cell) and the union of their traffic. */
interface Part {
  /** Interned traffic id (0 = none). */
  t: number;
  rules: CompiledRule[];
  /** The rules' interned traffic ids, in the same order. */
  tids: number[];
  /**
   * For a class holding several groups: the groups' parts it unites, whose rules it then holds
   * instead of `rules` (left empty). Copying the groups' lists into each such class was a good part
   * of building classes, and most are never read: only pairs that give an edge collect rules.
   */
  subs?: Part[];
}

interface FlowClass {
  id: string;
  /** Position in the class list. */
  slot: number;
  members: EndpointAddresses[];
  groups: string[];
  /** The groups as numbers (FlowContext.groupNumbers), in the same order. */
  groupNums: number[];
  /** Ids of rule CIDRs containing one of its known addresses, per family. */
  ids4: ReadonlySet<number>;
  ids6: ReadonlySet<number>;
  /** Interned ids4/ids6 (the class's cells); -1 when it has no known address of that family. */
  cell4: number;
  cell6: number;
  has4: boolean;
  has6: boolean;
  unknown: boolean;
  /** AWS does not filter its members with security groups (isUnfiltered): its side lets all through. */
  unfiltered: boolean;
  /** A representative member, for unknown-address candidate spaces. */
  rep: EndpointAddresses;
  /** Built on first use (peerRules): only pairs with an unknown-address side read them. */
  egressByPeerGroup: Map<string, CompiledRule[]> | null;
  egressSpace: CompiledRule[];
  ingressByPeerGroup: Map<string, CompiledRule[]> | null;
  ingressSpace: CompiledRule[];
  /** The same by-peer-group rules with their traffic unions interned, by group number. */
  egressGroupParts: Map<number, Part>;
  ingressGroupParts: Map<number, Part>;
  /** Its egress group parts hold an icmp or icmpv6 rule (SideRules.oneFamily); see knownPairTraffic. */
  oneFamilyOut: boolean;
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
  /** By rule ordinal, the ids of its CIDRs of each family (filled by addRule). */
  readonly ruleIds4: number[][] = [];
  readonly ruleIds6: number[][] = [];
  private readonly v4 = new Map<number, Map<number, number>>();
  private readonly v6 = new Map<number, Map<bigint, number>>();

  /** Numbers a rule's CIDRs and files their ids under the rule. */
  addRule(cr: CompiledRule): void {
    const ids4: number[] = [];
    const ids6: number[] = [];
    for (let k = 0; k < cr.cidrs.length; k++) {
      const c = cr.cidrs[k] as ParsedCidr;
      (c.family === 4 ? ids4 : ids6).push(this.add(c));
    }
    this.ruleIds4[cr.ordinal] = ids4;
    this.ruleIds6[cr.ordinal] = ids6;
  }

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

  /**
   * At most one CIDR per prefix length can contain a point: one lookup per length in use. Appends
   * the ids to `out` (in prefix order, as the lengths were first met).
   */
  containing4(addr: number, out: number[]): void {
    this.v4.forEach((m, prefix) => {
      const size = 2 ** (32 - prefix);
      const id = m.get(addr - (addr % size));
      if (id !== undefined) out.push(id);
    });
  }

  containing6(addr: bigint, out: number[]): void {
    this.v6.forEach((m, prefix) => {
      const host = 128n - BigInt(prefix);
      const id = m.get((addr >> host) << host);
      if (id !== undefined) out.push(id);
    });
  }
}

/**
 * Inserts x into the sorted, distinct keys[0, n) unless it is there, and returns the new count; the
 * array must have room for one more. An insertion sort: the lists it builds are a few items long.
 */
function insertDistinct(keys: Int32Array, n: number, x: number): number {
  let j = n;
  while (j > 0 && (keys[j - 1] as number) > x) j--;
  if (j > 0 && keys[j - 1] === x) return n;
  keys.copyWithin(j + 1, j, n);
  keys[j] = x;
  return n + 1;
}

/** The strings sorted (by code unit, as Array#sort does) without repeats. */
function sortedDistinct(items: readonly string[]): string[] {
  const out = items.slice().sort();
  let n = 1;
  for (let k = 1; k < out.length; k++) if (out[k] !== out[n - 1]) out[n++] = out[k] as string;
  out.length = n;
  return out;
}

function hasAny(set: Set<string>, items: readonly string[]): boolean {
  for (const x of items) if (set.has(x)) return true;
  return false;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const INTERNET_CIDRS = new Set(['0.0.0.0/0', '::/0']);

function ruleCidrIds(catalog: CidrCatalog, cr: CompiledRule, family: IpFamily): number[] {
  const byOrdinal = family === 4 ? catalog.ruleIds4 : catalog.ruleIds6;
  // A rule whose id another shadowed in index.rules was not filed up front; no cell holds its new ids.
  if (byOrdinal[cr.ordinal] === undefined) catalog.addRule(cr);
  return byOrdinal[cr.ordinal] as number[];
}

/** Shared state of one analysis: interned traffic, cells, and the rule -> traffic id map. */
interface FlowContext {
  index: ReachIndex;
  catalog: CidrCatalog;
  table: TrafficTable;
  /** Cell id -> the CIDR ids it holds (one family per cell). */
  cells: Set<number>[];
  /** The same as arrays, for iteration. */
  cellLists: number[][];
  /** Group id -> a small number, so the per-pair lookups use integer keys. */
  groupNumbers: Map<string, number>;
  groupNames: string[];
  /** By group number * 2 + (egress ? 1 : 0): see spaceTrafficByCidr and groupSpaceTraffic. */
  spaceByCidr: (Map<number, number> | undefined)[];
  spaceMemo: (Map<number, number> | undefined)[];
  spaceRuleMemo: (Map<number, Part> | undefined)[];
  /** Per group id: its rules of each direction, see groupSide. */
  egressSides: Map<string, SideRules>;
  ingressSides: Map<string, SideRules>;
  /**
   * spaceTraffic by (class, cell, direction), -1 until computed. Estates have few cells (the
   * benchmark: 18), so this is small; it is left null past flatMemoLimit entries.
   */
  classSpace: Int32Array | null;
  /** groupSpaceTraffic and groupSpaceRules by (group number * 2 + direction) * cells + cell, under the same limit. */
  groupSpace: Int32Array | null;
  groupSpaceRules: (Part | undefined)[] | null;
  /** Rules sharing a TrafficSet object (the index shares equal ones) share one lookup here. */
  tids: Map<TrafficSet, number>;
  /** The interned id of all traffic: what an unfiltered side lets through. */
  allTraffic: number;
  /**
   * The classes, and by class slot what a pair check reads of the target: the group-linked walk
   * meets ~850,000 candidate pairs on the benchmark account and ~85% carry nothing, which is then
   * found without touching the target's class object.
   */
  classes: FlowClass[];
  cell4Of: Int32Array;
  cell6Of: Int32Array;
  unfilteredOf: Uint8Array;
  /** By class slot, for an unfiltered class, the interned traffic it accepts (unfilteredIngressOf). */
  unfilteredInOf: Int32Array;
  /**
   * By family (0: IPv4, 1: IPv6), the interned traffic of the other family's ICMP (all of protocol
   * 58, or of 1) when some group-peer rule is for it, else 0: see knownPairTraffic.
   */
  crossIcmp: Int32Array;
  /** By class slot, 1 when its ingress group parts hold an icmp or icmpv6 rule (SideRules.oneFamily). */
  oneFamilyInOf: Uint8Array;
}

function groupNumber(ctx: FlowContext, g: string): number {
  let n = ctx.groupNumbers.get(g);
  if (n === undefined) {
    ctx.groupNumbers.set(g, (n = ctx.groupNumbers.size));
    ctx.groupNames.push(g);
  }
  return n;
}

function trafficIdOf(ctx: FlowContext, cr: CompiledRule): number {
  let id = ctx.tids.get(cr.traffic);
  if (id === undefined) ctx.tids.set(cr.traffic, (id = ctx.table.intern(cr.traffic)));
  return id;
}

function partOf(ctx: FlowContext, rules: CompiledRule[]): Part {
  let t = 0;
  const tids = rules.map((cr) => trafficIdOf(ctx, cr));
  for (const id of tids) t = ctx.table.union(t, id);
  return { t, rules, tids };
}

/** One direction of a group's rules (or a class's, over its groups), filed as FlowClass keeps them. */
interface SideRules {
  /** Null for a class's side over several groups until peerRules builds it. */
  byPeer: Map<string, CompiledRule[]> | null;
  space: CompiledRule[];
  parts: Map<number, Part>;
  /** Some group-peer rule is icmp or icmpv6 (CompiledRule.family): its parts count it in both families. */
  oneFamily: boolean;
}

/** A group's rules of one direction, filed once per group and shared by every class holding it. */
function groupSide(ctx: FlowContext, g: string, egress: boolean): SideRules {
  const memo = egress ? ctx.egressSides : ctx.ingressSides;
  let side = memo.get(g);
  if (side) return side;
  const byPeer = new Map<string, CompiledRule[]>();
  side = { byPeer, space: [], parts: new Map(), oneFamily: false };
  for (const cr of (egress ? ctx.index.egressByGroup : ctx.index.ingressByGroup).get(g) ?? []) {
    if (cr.peerGroup !== undefined) {
      pushTo(byPeer, cr.peerGroup, cr);
      if (cr.family !== undefined) side.oneFamily = true;
    } else side.space.push(cr);
  }
  for (const [peer, rules] of byPeer) side.parts.set(groupNumber(ctx, peer), partOf(ctx, rules));
  memo.set(g, side);
  return side;
}

/**
 * A class's rules of one direction: its groups' in group order, so peers keep the order of first
 * appearance (the order targets are walked in). A single group's are shared as they are; the
 * lists are never changed after this.
 */
function classSide(ctx: FlowContext, groups: readonly string[], egress: boolean): SideRules {
  if (groups.length === 1) return groupSide(ctx, groups[0] as string, egress);
  const side: SideRules = { byPeer: null, space: [], parts: new Map(), oneFamily: false };
  // forEach, not for-of: this runs twice per class, mostly unoptimized, where for-of over a Map
  // allocates an entry array and a result object per step.
  const add = (part: Part, n: number): void => {
    const had = side.parts.get(n);
    if (!had) side.parts.set(n, part);
    // Only parts made here have subs: the groups' own parts are shared and never changed.
    else if (had.subs) {
      had.t = ctx.table.union(had.t, part.t);
      had.subs.push(part);
    } else side.parts.set(n, { t: ctx.table.union(had.t, part.t), rules: [], tids: [], subs: [had, part] });
  };
  for (let k = 0; k < groups.length; k++) {
    const gs = groupSide(ctx, groups[k] as string, egress);
    if (gs.oneFamily) side.oneFamily = true;
    for (let j = 0; j < gs.space.length; j++) side.space.push(gs.space[j] as CompiledRule);
    gs.parts.forEach(add);
  }
  return side;
}

/** A class's rules of one direction by peer group, its groups' in group order (see classSide). */
function peerRules(ctx: FlowContext, c: FlowClass, egress: boolean): Map<string, CompiledRule[]> {
  let byPeer = egress ? c.egressByPeerGroup : c.ingressByPeerGroup;
  if (byPeer) return byPeer;
  byPeer = new Map();
  for (const g of c.groups) {
    for (const [peer, rules] of groupSide(ctx, g, egress).byPeer as Map<string, CompiledRule[]>) {
      const had = byPeer.get(peer);
      byPeer.set(peer, had ? had.concat(rules) : rules);
    }
  }
  if (egress) c.egressByPeerGroup = byPeer;
  else c.ingressByPeerGroup = byPeer;
  return byPeer;
}

const NO_IDS: ReadonlySet<number> = new Set();

/** Builds the classes of endpoints whose flows cannot differ. */
function buildClasses(ctx: FlowContext): FlowClass[] {
  const { index, catalog } = ctx;
  const byKey = new Map<string, FlowClass>();
  const cellIds = new Map<string, number>();
  const classes: FlowClass[] = [];
  const oneFamilyIn: number[] = [];
  // Per endpoint, the ids go into scratch lists and only a new cell keeps a copy: a Set, a typed
  // array and a sorted string per endpoint were a good part of building classes.
  const found: number[] = [];
  let sorted = new Int32Array(16);
  const cellOf = (family: IpFamily, ids: number[]): number => {
    if (sorted.length < ids.length) sorted = new Int32Array(ids.length * 2);
    // Duplicates dropped: several addresses may share a CIDR.
    let n = 0;
    for (let k = 0; k < ids.length; k++) n = insertDistinct(sorted, n, ids[k] as number);
    let key = family === 4 ? '4:' : '6:';
    for (let k = 0; k < n; k++) key += k === 0 ? `${sorted[k] as number}` : `,${sorted[k] as number}`;
    let cell = cellIds.get(key);
    if (cell === undefined) {
      cell = ctx.cells.length;
      const set = new Set(ids);
      ctx.cells.push(set);
      ctx.cellLists.push([...set]);
      cellIds.set(key, cell);
    }
    return cell;
  };
  index.endpoints.forEach((ea) => {
    const groupIds = ea.endpoint.groupIds;
    const groups = groupIds.length <= 1 ? groupIds : sortedDistinct(groupIds);
    let cell4 = -1;
    let cell6 = -1;
    if (ea.v4.length > 0) {
      found.length = 0;
      for (let k = 0; k < ea.v4.length; k++) catalog.containing4((ea.v4[k] as EndpointAddresses['v4'][number]).value, found);
      cell4 = cellOf(4, found);
    }
    if (ea.v6.length > 0) {
      found.length = 0;
      for (let k = 0; k < ea.v6.length; k++) catalog.containing6((ea.v6[k] as EndpointAddresses['v6'][number]).value, found);
      cell6 = cellOf(6, found);
    }
    const has4 = ea.unknown ? ea.space4.length > 0 : ea.v4.length > 0;
    const has6 = ea.unknown ? ea.space6.length > 0 : ea.v6.length > 0;
    const spaceKey = ea.unknown ? `${ea.space4.map(([s, e]) => `${s}-${e}`).join(',')}/${ea.space6.map(([s, e]) => `${s}-${e}`).join(',')}` : '';
    // Endpoints without groups have no flows: keep them as their own nodes. Cells are numbered
    // one to one with their sorted ids, so the numbers stand for them in the key.
    const key =
      groups.length === 0 ? `none:${ea.endpoint.id}` : `${groups.length === 1 ? (groups[0] as string) : groups.join(',')}|${cell4}|${cell6}|${has4}${has6}${ea.unknown}|${spaceKey}`;
    let cls = byKey.get(key);
    if (!cls) {
      const own = groups === groupIds ? [...groups] : groups;
      const egress = classSide(ctx, own, true);
      const ingress = classSide(ctx, own, false);
      cls = {
        id: `eps:${ea.endpoint.id}`,
        slot: classes.length,
        members: [],
        groups: own,
        groupNums: own.map((g) => groupNumber(ctx, g)),
        ids4: cell4 >= 0 ? (ctx.cells[cell4] as Set<number>) : NO_IDS,
        ids6: cell6 >= 0 ? (ctx.cells[cell6] as Set<number>) : NO_IDS,
        cell4,
        cell6,
        has4,
        has6,
        unknown: ea.unknown,
        unfiltered: isUnfiltered(ea.endpoint),
        rep: ea,
        egressByPeerGroup: egress.byPeer,
        egressSpace: egress.space,
        ingressByPeerGroup: ingress.byPeer,
        ingressSpace: ingress.space,
        egressGroupParts: egress.parts,
        ingressGroupParts: ingress.parts,
        oneFamilyOut: egress.oneFamily,
      };
      oneFamilyIn.push(ingress.oneFamily ? 1 : 0);
      byKey.set(key, cls);
      classes.push(cls);
    }
    cls.members.push(ea);
  });
  ctx.oneFamilyInOf = Uint8Array.from(oneFamilyIn);
  return classes;
}

/**
 * Per group and direction: rule CIDR id -> union of the traffic of the group's CIDR/prefix-list
 * rules naming that CIDR. A cell matches a rule when they share a CIDR id, so the traffic a group
 * allows towards a cell is the union of this map over the cell's ids. Built on first use.
 */
function spaceTrafficByCidr(ctx: FlowContext, g: number, egress: boolean): Map<number, number> {
  const slot = g * 2 + (egress ? 1 : 0);
  let byCidr = ctx.spaceByCidr[slot];
  if (byCidr) return byCidr;
  byCidr = new Map();
  const name = ctx.groupNames[g] as string;
  // The group's CIDR and prefix-list rules, filed apart by groupSide.
  for (const cr of groupSide(ctx, name, egress).space) {
    const t = trafficIdOf(ctx, cr);
    for (const id of ruleCidrIds(ctx.catalog, cr, 4)) byCidr.set(id, ctx.table.union(byCidr.get(id) ?? 0, t));
    for (const id of ruleCidrIds(ctx.catalog, cr, 6)) byCidr.set(id, ctx.table.union(byCidr.get(id) ?? 0, t));
  }
  ctx.spaceByCidr[slot] = byCidr;
  return byCidr;
}

/**
 * Traffic group g's CIDR/prefix-list rules allow towards (egress) or from (ingress) a cell,
 * remembered per (group, cell): classes are mostly distinct group combinations, but their groups
 * and cells repeat, so this is where the reuse is.
 */
function groupSpaceTraffic(ctx: FlowContext, g: number, egress: boolean, cell: number): number {
  const slot = g * 2 + (egress ? 1 : 0);
  const flat = ctx.groupSpace;
  const at = flat ? slot * ctx.cells.length + cell : -1;
  if (flat && (flat[at] as number) >= 0) return flat[at] as number;
  const memo = flat ? null : (ctx.spaceMemo[slot] ??= new Map());
  let t = memo?.get(cell);
  if (t === undefined) {
    t = 0;
    const byCidr = spaceTrafficByCidr(ctx, g, egress);
    if (byCidr.size > 0) {
      for (const id of ctx.cellLists[cell] as number[]) {
        const x = byCidr.get(id);
        if (x !== undefined) t = ctx.table.union(t, x);
      }
    }
    if (memo) memo.set(cell, t);
    else (flat as Int32Array)[at] = t;
  }
  return t;
}

/** Union of a class's CIDR/prefix-list traffic towards or from a cell, over its groups. */
function spaceTraffic(ctx: FlowContext, c: FlowClass, egress: boolean, cell: number): number {
  const memo = ctx.classSpace;
  const at = memo ? (c.slot * ctx.cells.length + cell) * 2 + (egress ? 1 : 0) : -1;
  if (memo && (memo[at] as number) >= 0) return memo[at] as number;
  let t = 0;
  for (const g of c.groupNums) t = ctx.table.union(t, groupSpaceTraffic(ctx, g, egress, cell));
  if (memo) memo[at] = t;
  return t;
}

/** Union of one side's group-peer traffic towards or from the given groups. */
function groupTraffic(ctx: FlowContext, parts: Map<number, Part>, groupNums: readonly number[]): number {
  let t = 0;
  for (const g of groupNums) {
    const p = parts.get(g);
    if (p) t = ctx.table.union(t, p.t);
  }
  return t;
}

/** spaceTraffic of the ingress of the class in slot k, from the flat memo when it holds it. */
function ingressSpaceTraffic(ctx: FlowContext, k: number, cell: number): number {
  const memo = ctx.classSpace;
  const t = memo ? (memo[(k * ctx.cells.length + cell) * 2] as number) : -1;
  return t >= 0 ? t : spaceTraffic(ctx, ctx.classes[k] as FlowClass, false, cell);
}

/**
 * Per family, the traffic class a may send to the class in slot k when both have known addresses:
 * a's egress towards k's groups and cell, intersected with k's ingress from a's groups and cell.
 * Allocates nothing, since most candidate pairs allow nothing; writes the two families into `out`.
 */
function knownPairTraffic(ctx: FlowContext, a: FlowClass, k: number, groupE: number, groupI: number, out: Int32Array): number {
  const table = ctx.table;
  out[0] = 0;
  out[1] = 0;
  let total = 0;
  for (let f = 0; f < 2; f++) {
    const cellA = f === 0 ? a.cell4 : a.cell6;
    const cellB = f === 0 ? (ctx.cell4Of[k] as number) : (ctx.cell6Of[k] as number);
    if (cellA < 0 || cellB < 0) continue;
    const e = a.unfiltered ? ctx.allTraffic : table.union(groupE, spaceTraffic(ctx, a, true, cellB));
    if (e === 0) continue;
    const i = ctx.unfilteredOf[k] === 1 ? (ctx.unfilteredInOf[k] as number) : table.union(groupI, ingressSpaceTraffic(ctx, k, cellA));
    let t = table.intersect(e, i);
    // The group parts hold icmp and icmpv6 rules for both families: where the other family's ICMP
    // got through, work the pair out again with each rule in its own family only (ruleFamily).
    // Only a's egress or k's ingress parts can hold such a rule, and only when they do is it worth a look.
    const cross = ctx.crossIcmp[f] as number;
    if (cross !== 0 && t !== 0 && (a.oneFamilyOut || ctx.oneFamilyInOf[k] === 1) && table.overlaps(t, cross)) t = exactKnownTraffic(ctx, a, ctx.classes[k] as FlowClass, f === 0 ? 4 : 6);
    out[f] = t;
    total = table.union(total, t);
  }
  return total;
}

/**
 * knownPairTraffic's traffic of one family, each rule weighed in its own family only: the slow way,
 * for the pairs where an icmp or icmpv6 rule of a group part would otherwise count in the other one.
 */
function exactKnownTraffic(ctx: FlowContext, a: FlowClass, b: FlowClass, family: IpFamily): number {
  const e = a.unfiltered ? ALL_TRAFFIC : evaluateSide(ctx.catalog, peerRules(ctx, a, true), a.egressSpace, b, family).possible;
  if (isTrafficEmpty(e)) return 0;
  const i = b.unfiltered ? unfilteredIngressOf(b.rep.endpoint) : evaluateSide(ctx.catalog, peerRules(ctx, b, false), b.ingressSpace, a, family).possible;
  return ctx.table.intern(intersectTraffic(e, i));
}

/** Group g's CIDR/prefix-list rules of one direction that match a cell, remembered per (group, cell). */
function groupSpaceRules(ctx: FlowContext, g: number, egress: boolean, cell: number, family: IpFamily): Part {
  const slot = g * 2 + (egress ? 1 : 0);
  const flat = ctx.groupSpaceRules;
  const at = flat ? slot * ctx.cells.length + cell : -1;
  const memo = flat ? null : (ctx.spaceRuleMemo[slot] ??= new Map());
  let part = memo ? memo.get(cell) : (flat as (Part | undefined)[])[at];
  if (part) return part;
  const rules: CompiledRule[] = [];
  const ids = ctx.cells[cell] as Set<number>;
  if (ids.size > 0) {
    for (const cr of groupSide(ctx, ctx.groupNames[g] as string, egress).space) {
      for (const id of ruleCidrIds(ctx.catalog, cr, family)) {
        if (ids.has(id)) {
          rules.push(cr);
          break;
        }
      }
    }
  }
  // The union of these rules is groupSpaceTraffic's (the same rules, one family per cell), memoized.
  part = { t: groupSpaceTraffic(ctx, g, egress, cell), rules, tids: rules.map((cr) => trafficIdOf(ctx, cr)) };
  if (memo) memo.set(cell, part);
  else (flat as (Part | undefined)[])[at] = part;
  return part;
}

/**
 * Rules of class c's side (egress or ingress) that name one of `groupNums` or a CIDR of `cell` and
 * overlap traffic t. Order does not matter: edges list rule ids sorted.
 */
function collectSideRules(ctx: FlowContext, c: FlowClass, egress: boolean, groupNums: readonly number[], groupT: number, cell: number, family: IpFamily, t: number, out: CompiledRule[]): void {
  const table = ctx.table;
  // Parts whose traffic is empty hold no rule that overlaps anything: skip their lookups.
  if (groupT !== 0) {
    const parts = egress ? c.egressGroupParts : c.ingressGroupParts;
    for (const g of groupNums) {
      const p = parts.get(g);
      if (p) pushOverlapping(table, p, t, family, out);
    }
  }
  if (spaceTraffic(ctx, c, egress, cell) === 0) return;
  for (const g of c.groupNums) {
    if (groupSpaceTraffic(ctx, g, egress, cell) !== 0) pushOverlapping(table, groupSpaceRules(ctx, g, egress, cell, family), t, family, out);
  }
}

/** The rules of a part that overlap t in this family (an icmp or icmpv6 rule only in its own: ruleFamily). */
function pushOverlapping(table: TrafficTable, p: Part, t: number, family: IpFamily, out: CompiledRule[]): void {
  // Every rule's traffic lies within the part's union: when that misses t, so do they all.
  if (!table.overlaps(p.t, t)) return;
  if (p.subs) {
    for (const sub of p.subs) pushOverlapping(table, sub, t, family, out);
    return;
  }
  const { rules, tids } = p;
  for (let k = 0; k < rules.length; k++) {
    const cr = rules[k] as CompiledRule;
    if ((cr.family === undefined || cr.family === family) && table.overlaps(tids[k] as number, t)) out.push(cr);
  }
}

interface PairFlow {
  /** Interned possible and sure traffic; they differ only when an unknown address leaves it open. */
  possible: number;
  sure: number;
  rules: readonly CompiledRule[];
}

const familyTraffic = new Int32Array(2);
const NO_RULES: readonly CompiledRule[] = [];
const ruleScratch: CompiledRule[] = [];

/** knownPairTraffic, plus the rules behind it when there is an edge and `withRules`. */
function knownPairFlow(ctx: FlowContext, a: FlowClass, b: FlowClass, withRules: boolean): PairFlow | null {
  const e = groupTraffic(ctx, a.egressGroupParts, b.groupNums);
  const i = groupTraffic(ctx, b.ingressGroupParts, a.groupNums);
  const total = knownPairTraffic(ctx, a, b.slot, e, i, familyTraffic);
  return total === 0 ? null : knownFlow(ctx, a, b, e, i, total, withRules);
}

/**
 * The flow of a known pair whose traffic knownPairTraffic has just given (`total`), with its rules
 * when `withRules`. Known addresses give a sure answer, so without rules the traffic is all an edge needs.
 */
function knownFlow(ctx: FlowContext, a: FlowClass, b: FlowClass, e: number, i: number, total: number, withRules: boolean): PairFlow {
  return withRules ? knownPairRules(ctx, a, b, e, i, total) : { possible: total, sure: total, rules: NO_RULES };
}

/** The flow of a known pair whose traffic knownPairTraffic has just given (`total`, and by family in familyTraffic). */
function knownPairRules(ctx: FlowContext, a: FlowClass, b: FlowClass, e: number, i: number, total: number): PairFlow {
  // Callers turn the rules into edge rule ids at once, so one scratch list serves every pair.
  const rules = ruleScratch;
  rules.length = 0;
  for (let f = 0; f < 2; f++) {
    const t = familyTraffic[f] as number;
    if (t === 0) continue;
    const family: IpFamily = f === 0 ? 4 : 6;
    collectSideRules(ctx, a, true, b.groupNums, e, f === 0 ? b.cell4 : b.cell6, family, t, rules);
    collectSideRules(ctx, b, false, a.groupNums, i, f === 0 ? a.cell4 : a.cell6, family, t, rules);
  }
  return { possible: total, sure: total, rules };
}

/** Does a CIDR/prefix-list rule match class `c` for this family: yes, no, or only for some addresses? */
function matchSpace(catalog: CidrCatalog, cr: CompiledRule, c: FlowClass, family: IpFamily): Tri {
  if (c.unknown) {
    const space = family === 4 ? c.rep.space4 : c.rep.space6;
    return matchKnownSpace(cr, { family, groups: [], space });
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
    // An icmp rule allows no IPv6 traffic, an icmpv6 rule no IPv4 traffic (ruleFamily).
    if (list) for (const cr of list) if (cr.family === undefined || cr.family === family) sureRules.push(cr);
  }
  for (const cr of spaceRules) {
    if (cr.family !== undefined && cr.family !== family) continue;
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

/** The side of a class AWS does not filter with security groups: everything, through no rule. */
const UNFILTERED_SIDE: Side = { sure: ALL_TRAFFIC, possible: ALL_TRAFFIC, rules: [] };

/** The inbound side of such a class: what it accepts at all (its listeners when known), through no rule. */
function unfilteredIngressSide(c: FlowClass): Side {
  const t = unfilteredIngressOf(c.rep.endpoint);
  return t === ALL_TRAFFIC ? UNFILTERED_SIDE : { sure: t, possible: t, rules: [] };
}

/**
 * Traffic class a may send to class b when either has unknown addresses: the three-valued
 * matching, per family, of the source's egress against the destination's ingress.
 */
function unknownPairFlow(ctx: FlowContext, a: FlowClass, b: FlowClass): PairFlow | null {
  let possible = NO_TRAFFIC;
  let sure = NO_TRAFFIC;
  const rules = new Set<CompiledRule>();
  for (const family of [4, 6] as const) {
    if (family === 4 ? !(a.has4 && b.has4) : !(a.has6 && b.has6)) continue;
    const e = a.unfiltered ? UNFILTERED_SIDE : evaluateSide(ctx.catalog, peerRules(ctx, a, true), a.egressSpace, b, family);
    if (isTrafficEmpty(e.possible)) continue;
    const i = b.unfiltered ? unfilteredIngressSide(b) : evaluateSide(ctx.catalog, peerRules(ctx, b, false), b.ingressSpace, a, family);
    if (isTrafficEmpty(i.possible)) continue;
    const t = intersectTraffic(e.possible, i.possible);
    if (isTrafficEmpty(t)) continue;
    possible = unionTraffic(possible, t);
    sure = unionTraffic(sure, intersectTraffic(e.sure, i.sure));
    for (const cr of e.rules) if (overlapsTraffic(cr.traffic, t)) rules.add(cr);
    for (const cr of i.rules) if (overlapsTraffic(cr.traffic, t)) rules.add(cr);
  }
  if (isTrafficEmpty(possible)) return null;
  return { possible: ctx.table.intern(possible), sure: ctx.table.intern(sure), rules: [...rules] };
}

/** Whether class a may send anything to class b (pairFlow without building the result). */
function hasPairFlow(ctx: FlowContext, a: FlowClass, b: FlowClass, groupE: number, groupI: number): boolean {
  if (a.unknown || b.unknown) return unknownPairFlow(ctx, a, b) !== null;
  return knownPairTraffic(ctx, a, b.slot, groupE, groupI, familyTraffic) !== 0;
}

function pairFlow(ctx: FlowContext, a: FlowClass, b: FlowClass, withRules: boolean): PairFlow | null {
  return a.unknown || b.unknown ? unknownPairFlow(ctx, a, b) : knownPairFlow(ctx, a, b, withRules);
}

/**
 * Whether the internet may open connections to an endpoint AWS does not filter with groups (an
 * internet-facing network load balancer created without them). No rule names the internet there,
 * so only its being public says so: `internetFacing`, or else a public address. queryReach answers
 * 'allowed' for any outside address since nothing checks the traffic; the map draws that edge only
 * where the internet can address the endpoint, the way every internet edge stands for a rule a
 * reviewer must see. A NAT gateway is never open: it accepts no connection from outside (VPC user
 * guide, "NAT gateways"), though its elastic IP is public.
 */
function isOpenToInternet(ep: Endpoint): boolean {
  if (!isUnfiltered(ep) || ep.kind === 'nat') return false;
  return ep.internetFacing ?? ep.publicIpv4.length > 0;
}

/**
 * The address families (1: IPv4, 2: IPv6) in which rules admit outside sources: their blocks that
 * hold outside addresses (all of them for the internet node), and the families a prefix list of
 * unknown entries may hold.
 */
function outsideFamilies(rules: readonly CompiledRule[], internet: boolean, isInside: (c: ParsedCidr) => boolean): number {
  let f = 0;
  for (const r of rules) {
    for (const x of r.cidrs) if (internet || !isInside(x)) f |= x.family === 4 ? 1 : 2;
    if (r.unknownFamilies) for (const u of r.unknownFamilies) f |= u === 4 ? 1 : 2;
  }
  return f;
}

/**
 * Exposure.publicAddress of one endpoint for sources of the given families. An address of the
 * family wins over what the inputs say of the scheme: an elastic IP on an instance is public
 * whatever else is known of it.
 */
function publicAddressOf(ea: EndpointAddresses, v4: boolean, v6: boolean): ExposureAddress {
  if (v4 && ea.publicV4.length > 0) return 'yes';
  if (v6) for (const a of ea.v6) if (!isPrivateAddress({ family: 6, value: a.value, text: a.text })) return 'yes';
  const ep = ea.endpoint;
  if (ep.internetFacing !== undefined) return ep.internetFacing ? 'yes' : 'no';
  // A public IPv4 address to come says nothing of an IPv6 source.
  if (ea.unknown || (v4 && ep.publicIpUnknown)) return 'unknown';
  return 'no';
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

/**
 * Edges' ruleIds lists, shared by every edge drawn from the same rules: a large estate has
 * ~170,000 edges over ~27,000 distinct lists, and keeping one array per edge alive was a good part
 * of the analysis's garbage collection. Lookups go through a trie over the rules' ordinals (sorted,
 * distinct), so a hit allocates nothing and never sorts strings. The shared arrays are read-only,
 * like the ProtocolPorts that TrafficTable shares.
 */
interface RuleIdsNode {
  ids?: string[];
  next?: Map<number, RuleIdsNode>;
}

class RuleIdsInterner {
  private readonly root = new Map<number, RuleIdsNode>();
  private scratch = new Int32Array(64);

  of(rules: readonly CompiledRule[]): string[] {
    if (rules.length === 0) return [];
    if (this.scratch.length < rules.length) this.scratch = new Int32Array(rules.length * 2);
    const keys = this.scratch;
    // Duplicates dropped: a rule may match through both its group and CIDR parts.
    let n = 0;
    for (let k = 0; k < rules.length; k++) n = insertDistinct(keys, n, (rules[k] as CompiledRule).ordinal);
    let level = this.root;
    let node: RuleIdsNode | undefined;
    for (let k = 0; k < n; k++) {
      const key = keys[k] as number;
      node = level.get(key);
      if (!node) level.set(key, (node = {}));
      if (k < n - 1) level = node.next ??= new Map();
    }
    const hit = node as RuleIdsNode;
    return (hit.ids ??= ruleIdsOf(rules));
  }
}

/** Sorted distinct rule ids, as edges list them. */
function ruleIdsOf(rules: readonly CompiledRule[]): string[] {
  if (rules.length === 1) return [(rules[0] as CompiledRule).rule.id];
  const ids = rules.map((r) => r.rule.id).sort();
  let n = 0;
  for (let k = 0; k < ids.length; k++) if (k === 0 || ids[k] !== ids[n - 1]) ids[n++] = ids[k] as string;
  ids.length = n;
  return ids;
}

export interface AnalyzeOptions {
  /**
   * How endpoint pairs linked only through CIDR rules (say egress to 0.0.0.0/0 and ingress from
   * 10.0.0.0/8) are drawn. 'expand' gives each such pair its own exact edge, which on estates full
   * of broad CIDRs is quadratic in the number of classes. 'via-node' draws them only through the
   * CIDR nodes and keeps direct edges for pairs linked by a group reference (their traffic stays
   * exact, CIDR rules included); queryReach still answers any pair exactly. 'auto' (default)
   * expands while there are at most `cidrPairLimit` such class pairs, else uses 'via-node' and says
   * so in the result's notes. `summary.cidrPairs` records the mode used.
   */
  cidrPairs?: 'auto' | 'expand' | 'via-node';
  /** The switch point of 'auto'; CIDR_PAIR_LIMIT unless given. */
  cidrPairLimit?: number;
  /**
   * Whether each edge lists its rules in `ruleIds` (default true). The app leaves them out: it
   * explains one edge when it is selected (explainEdge then finds the rules), and collecting them
   * for every edge took about a fifth of the analysis of a large estate.
   */
  ruleIds?: boolean;
}

/** Computes the grouped flow graph, the internet exposures and the summary counts. */
export function analyzeFlows(index: ReachIndex, options: AnalyzeOptions = {}): AnalysisResult {
  const mode = options.cidrPairs ?? 'auto';
  const limit = mode === 'auto' ? (options.cidrPairLimit ?? CIDR_PAIR_LIMIT) : Infinity;
  const catalog = new CidrCatalog();
  // analyzeFlows runs once per analysis, so its own loops run unoptimized, where for-of over a
  // Map or Set allocates a result per step: its larger loops use forEach or indices instead.
  index.rules.forEach((cr) => catalog.addRule(cr));
  const table = new TrafficTable();
  const ctx: FlowContext = {
    index, catalog, table, cells: [], cellLists: [], tids: new Map(), groupNumbers: new Map(), groupNames: [], spaceByCidr: [], spaceMemo: [], spaceRuleMemo: [],
    egressSides: new Map(), ingressSides: new Map(), classSpace: null, groupSpace: null, groupSpaceRules: null, allTraffic: 0,
    classes: [], cell4Of: new Int32Array(0), cell6Of: new Int32Array(0), unfilteredOf: new Uint8Array(0), unfilteredInOf: new Int32Array(0), crossIcmp: new Int32Array(2), oneFamilyInOf: new Uint8Array(0),
  };
  // From the rules by group, which the group parts are built from: index.rules, keyed by id, may
  // miss one whose id another shadowed.
  const markCross = (list: CompiledRule[]): void => {
    for (const cr of list) {
      if (cr.peerGroup === undefined || cr.family === undefined) continue;
      const f = cr.family === 4 ? 1 : 0;
      if (ctx.crossIcmp[f] === 0) ctx.crossIcmp[f] = table.intern(trafficOfRule(cr.family === 4 ? PROTO_ICMP : PROTO_ICMPV6, -1, -1));
    }
  };
  index.ingressByGroup.forEach(markCross);
  index.egressByGroup.forEach(markCross);
  const classes = buildClasses(ctx);
  ctx.classes = classes;
  ctx.cell4Of = Int32Array.from(classes, (c) => c.cell4);
  ctx.cell6Of = Int32Array.from(classes, (c) => c.cell6);
  ctx.unfilteredOf = Uint8Array.from(classes, (c) => (c.unfiltered ? 1 : 0));
  const unfilteredClasses = classes.filter((c) => c.unfiltered);
  // Also what the internet sends an unfiltered endpoint that it can address (isOpenToInternet).
  if (unfilteredClasses.length) ctx.allTraffic = table.intern(ALL_TRAFFIC);
  ctx.unfilteredInOf = Int32Array.from(classes, (c) => (c.unfiltered ? table.intern(unfilteredIngressOf(c.rep.endpoint)) : 0));
  const classSpaceSize = classes.length * ctx.cells.length * 2;
  if (classSpaceSize <= flatMemoLimit) ctx.classSpace = new Int32Array(classSpaceSize).fill(-1);
  // No group gets a number after buildClasses, so the group count is final here.
  const groupSpaceSize = ctx.groupNames.length * 2 * ctx.cells.length;
  if (groupSpaceSize <= flatMemoLimit) {
    ctx.groupSpace = new Int32Array(groupSpaceSize).fill(-1);
    ctx.groupSpaceRules = new Array<Part | undefined>(groupSpaceSize);
  }
  const nodes: FlowNode[] = [];
  const memberOf: Record<string, string> = {};
  for (let k = 0; k < classes.length; k++) {
    const c = classes[k] as FlowClass;
    nodes.push({ id: c.id, kind: 'endpoints', members: c.members.map((m) => m.endpoint.id), label: classLabel(index, c) });
    for (let j = 0; j < c.members.length; j++) memberOf[(c.members[j] as EndpointAddresses).endpoint.id] = c.id;
  }

  const ruleIds = options.ruleIds === false ? null : new RuleIdsInterner();
  const makeEdge = (from: string, to: string, possible: number, sure: number, rules: readonly CompiledRule[]): FlowEdge => {
    const r = table.render(possible);
    const edge: FlowEdge = ruleIds
      ? { id: `${from}->${to}`, from, to, ports: r.ports, label: r.label, ruleIds: ruleIds.of(rules) }
      : { id: `${from}->${to}`, from, to, ports: r.ports, label: r.label };
    if (possible !== sure) {
      edge.depends = true;
      edge.surePorts = table.render(sure).ports;
    }
    return edge;
  };

  // Endpoint to endpoint: pair a source class with the classes whose ingress names one of its
  // groups or that its egress names by group (group-linked: always drawn), then, unless CIDR
  // pairs go via the CIDR nodes, with the classes whose ingress CIDRs could admit it.
  const classesByGroup = new Map<string, FlowClass[]>();
  for (let k = 0; k < classes.length; k++) {
    const c = classes[k] as FlowClass;
    for (let j = 0; j < c.groups.length; j++) pushTo(classesByGroup, c.groups[j] as string, c);
  }
  const ingressOwnersByPeer = new Map<string, Set<string>>();
  const ingressOwnersByCidr = new Map<number, Set<string>>();
  const spaceOwners = new Set<string>();
  const addOwner = <K>(m: Map<K, Set<string>>, k: K, owner: string): void => {
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(owner);
  };
  index.rules.forEach((cr) => {
    if (cr.rule.direction !== 'ingress') return;
    if (cr.peerGroup !== undefined) addOwner(ingressOwnersByPeer, cr.peerGroup, cr.rule.groupId);
    else if (cr.cidrs.length) {
      spaceOwners.add(cr.rule.groupId);
      for (const c of cr.cidrs) addOwner(ingressOwnersByCidr, catalog.byText.get(c.text) as number, cr.rule.groupId);
    }
  });
  // Groups whose ingress CIDRs contain some address of a cell, computed once per cell.
  const cellOwners = new Map<number, string[]>();
  const ownersOfCell = (cell: number): string[] => {
    let owners = cellOwners.get(cell);
    if (!owners) {
      const s = new Set<string>();
      for (const id of ctx.cells[cell] as Set<number>) for (const o of ingressOwnersByCidr.get(id) ?? []) s.add(o);
      cellOwners.set(cell, (owners = [...s]));
    }
    return owners;
  };

  const linkedEdges: FlowEdge[] = [];
  // CIDR-only pairs with some traffic, as (source, target) in order: their edges are only built
  // once 'auto' knows it keeps them.
  const cidrOnlyPairs: FlowClass[] = [];
  const stamp = new Int32Array(classes.length).fill(-1);
  /** Evaluates a -> b once per round (one source class and pass); a null `out` only marks b as seen. */
  const visit = (round: number, a: FlowClass, b: FlowClass, out: FlowClass[] | null): void => {
    if (stamp[b.slot] === round) return;
    stamp[b.slot] = round;
    // An endpoint talking to itself never crosses its security groups.
    if (out === null || (b === a && a.members.length === 1)) return;
    if (hasPairFlow(ctx, a, b, groupEgress(b.slot, round), groupIngress(b.slot, round))) out.push(a, b);
  };
  // Group-linked pairs: a's egress names one of b's groups, or b's ingress one of a's. Per source
  // class a, one walk over the group references lists its targets in order (a's egress peer
  // groups, then a's groups through the owners of ingress rules naming them) and gathers a's
  // egress towards each target's groups and the target's ingress from a's groups, which per-pair
  // lookups made the larger part of the cost.
  // The walk runs over typed arrays of class slots: it takes every step of every source class.
  const classesByNum: Int32Array[] = [];
  classesByGroup.forEach((list, g) => {
    const n = ctx.groupNumbers.get(g);
    if (n !== undefined) classesByNum[n] = Int32Array.from(list, (c) => c.slot);
  });
  // For each group g, the classes whose ingress names it, in the order the walk meets them through
  // the owners of those rules, each with its ingress from g. Classes whose ingress parts name g but
  // that the owners miss (rules sharing an id) only add traffic: `visit` is 0 for them.
  interface PeerList {
    slots: number[];
    ts: number[];
    visit: number[];
  }
  const peerLists: PeerList[] = [];
  const peerList = (n: number): PeerList => (peerLists[n] ??= { slots: [], ts: [], visit: [] });
  const seen = new Int32Array(classes.length).fill(-1);
  ingressOwnersByPeer.forEach((owners, g) => {
    const n = ctx.groupNumbers.get(g);
    if (n === undefined) return;
    const list = peerList(n);
    owners.forEach((o) => {
      const bs = classesByGroup.get(o);
      if (!bs) return;
      for (let k = 0; k < bs.length; k++) {
        const b = bs[k] as FlowClass;
        if (seen[b.slot] === n) continue;
        seen[b.slot] = n;
        list.slots.push(b.slot);
        list.ts.push(b.ingressGroupParts.get(n)?.t ?? 0);
        list.visit.push(1);
      }
    });
  });
  // By group number, so this per-class, per-part check needs no name lookup or closure.
  const ownersByNum = ctx.groupNames.map((g) => ingressOwnersByPeer.get(g));
  for (let k = 0; k < classes.length; k++) {
    const b = classes[k] as FlowClass;
    b.ingressGroupParts.forEach((part, n) => {
      const owners = ownersByNum[n];
      if (owners && hasAny(owners, b.groups)) return;
      const list = peerList(n);
      list.slots.push(b.slot);
      list.ts.push(part.t);
      list.visit.push(0);
    });
  }
  const ingressByPeer: ({ slots: Int32Array; ts: Int32Array; visit: Uint8Array } | undefined)[] = peerLists.map((l) =>
    l ? { slots: Int32Array.from(l.slots), ts: Int32Array.from(l.ts), visit: Uint8Array.from(l.visit) } : undefined,
  );
  // Per class, its egress peer groups and their traffic as [group, traffic, ...], in part order.
  const egressPeers: Int32Array[] = classes.map((c) => {
    const out = new Int32Array(c.egressGroupParts.size * 2);
    let k = 0;
    c.egressGroupParts.forEach((part, g) => {
      out[k++] = g;
      out[k++] = part.t;
    });
    return out;
  });
  const unknownOf = Uint8Array.from(classes, (c) => (c.unknown ? 1 : 0));
  const egressAcc = new Int32Array(classes.length);
  const egressStamp = new Int32Array(classes.length).fill(-1);
  const ingressAcc = new Int32Array(classes.length);
  const ingressStamp = new Int32Array(classes.length).fill(-1);
  const targets = new Int32Array(classes.length);
  let targetCount = 0;
  /** Marks a's group-linked targets for this round (listing them in `targets` when asked) and gathers their group traffic. */
  const walkLinked = (round: number, a: FlowClass, list: boolean): void => {
    const peers = egressPeers[a.slot] as Int32Array;
    for (let p = 0; p < peers.length; p += 2) {
      const slots = classesByNum[peers[p] as number];
      if (!slots) continue;
      const t = peers[p + 1] as number;
      for (let q = 0; q < slots.length; q++) {
        const k = slots[q] as number;
        if (egressStamp[k] !== round) {
          egressStamp[k] = round;
          egressAcc[k] = t;
        } else egressAcc[k] = table.union(egressAcc[k] as number, t);
        if (stamp[k] !== round) {
          stamp[k] = round;
          if (list) targets[targetCount++] = k;
        }
      }
    }
    // Listing targets, a class whose ingress names one of a's groups but that a's egress names by
    // no group gets nothing unless a's CIDR egress reaches its cell: on the benchmark account that
    // rules out ~60% of all candidate pairs before any traffic is combined. Unknown addresses (either
    // side) and unfiltered sources go through the pair check unfiltered.
    const filter = list && !a.unknown && !a.unfiltered;
    for (const g of a.groupNums) {
      const entries = ingressByPeer[g];
      if (!entries) continue;
      const { slots, ts, visit } = entries;
      for (let q = 0; q < slots.length; q++) {
        const k = slots[q] as number;
        if (filter && egressStamp[k] !== round && unknownOf[k] === 0 && !spaceSendsTo(a, k, round)) continue;
        if (ingressStamp[k] !== round) {
          ingressStamp[k] = round;
          ingressAcc[k] = ts[q] as number;
        } else ingressAcc[k] = table.union(ingressAcc[k] as number, ts[q] as number);
        if (visit[q] === 1 && stamp[k] !== round) {
          stamp[k] = round;
          if (list) targets[targetCount++] = k;
        }
      }
    }
  };
  // Per round (source class a) and cell: does a's CIDR egress allow anything towards the cell
  // (1/0)? Filled on first use, so estates with many cells pay only for the cells they meet.
  const cellOkStamp = new Int32Array(ctx.cells.length).fill(-1);
  const cellOk = new Uint8Array(ctx.cells.length);
  const egressReachesCell = (a: FlowClass, cell: number, round: number): boolean => {
    if (cellOkStamp[cell] !== round) {
      cellOkStamp[cell] = round;
      cellOk[cell] = spaceTraffic(ctx, a, true, cell) !== 0 ? 1 : 0;
    }
    return cellOk[cell] === 1;
  };
  /** Whether a's CIDR egress reaches the class in slot k in a family both have (knownPairTraffic's egress without group references). */
  const spaceSendsTo = (a: FlowClass, k: number, round: number): boolean => {
    const c4 = ctx.cell4Of[k] as number;
    if (a.cell4 >= 0 && c4 >= 0 && egressReachesCell(a, c4, round)) return true;
    const c6 = ctx.cell6Of[k] as number;
    return a.cell6 >= 0 && c6 >= 0 && egressReachesCell(a, c6, round);
  };
  /** a's egress towards the groups of the class in slot k, gathered by this round's walk. */
  function groupEgress(k: number, round: number): number {
    return egressStamp[k] === round ? (egressAcc[k] as number) : 0;
  }
  /** The ingress of the class in slot k from a's groups, gathered by this round's walk. */
  function groupIngress(k: number, round: number): number {
    return ingressStamp[k] === round ? (ingressAcc[k] as number) : 0;
  }

  for (let k = 0; k < classes.length; k++) {
    const a = classes[k] as FlowClass;
    if (a.groups.length === 0) continue;
    const round = a.slot;
    targetCount = 0;
    walkLinked(round, a, true);
    for (let q = 0; q < targetCount; q++) {
      const t = targets[q] as number;
      const e = groupEgress(t, round);
      const i = groupIngress(t, round);
      // Known addresses on both sides: the traffic first, from the target's slot alone.
      const total = a.unknown || unknownOf[t] === 1 ? -1 : knownPairTraffic(ctx, a, t, e, i, familyTraffic);
      if (total === 0) continue;
      const b = classes[t] as FlowClass;
      // An endpoint talking to itself never crosses its security groups.
      if (b === a && a.members.length === 1) continue;
      const f = total < 0 ? unknownPairFlow(ctx, a, b) : knownFlow(ctx, a, b, e, i, total, ruleIds !== null);
      if (f) linkedEdges.push(makeEdge(a.id, b.id, f.possible, f.sure, f.rules));
    }
  }

  // CIDR-only pairs: b's ingress CIDRs contain one of a's addresses (or may, for unknown ones) and
  // a's egress reaches b through a CIDR too, so sources without egress CIDR rules have none. The
  // broadest egress CIDRs go first: 'auto' then passes its limit, when it does, after few sources.
  let switched = false;
  if (mode !== 'via-node') {
    const breadth = (c: FlowClass): number => {
      if (c.unfiltered) return 0;
      let widest = 129;
      for (const cr of c.egressSpace) for (const x of cr.cidrs) widest = Math.min(widest, x.prefix);
      return widest;
    };
    // An unfiltered class sends anything, so any class whose ingress CIDRs hold it is a target; and
    // any source of egress CIDRs may reach an unfiltered class (group references never match it).
    const sources = classes.filter((c) => (c.groups.length > 0 && c.egressSpace.length > 0) || c.unfiltered).map((c) => ({ c, w: breadth(c) }));
    sources.sort((x, y) => x.w - y.w || x.c.slot - y.c.slot);
    // Arrays only, walked by index: iterating a mix of arrays and Sets here allocated an iterator
    // result per step (tens of MB on a large estate).
    const owners: string[][] = [];
    const spaceOwnerList = [...spaceOwners];
    for (const { c: a } of sources) {
      const round = classes.length + a.slot;
      // Group-linked targets were drawn above; stamping them again keeps them out of this pass.
      walkLinked(round, a, false);
      owners.length = 0;
      if (a.cell4 >= 0) owners.push(ownersOfCell(a.cell4));
      if (a.cell6 >= 0) owners.push(ownersOfCell(a.cell6));
      if (a.unknown) owners.push(spaceOwnerList);
      for (let x = 0; x < owners.length; x++) {
        const list = owners[x] as string[];
        for (let y = 0; y < list.length; y++) {
          const bs = classesByGroup.get(list[y] as string);
          if (bs) for (let z = 0; z < bs.length; z++) visit(round, a, bs[z] as FlowClass, cidrOnlyPairs);
        }
      }
      for (let z = 0; z < unfilteredClasses.length; z++) visit(round, a, unfilteredClasses[z] as FlowClass, cidrOnlyPairs);
      if (cidrOnlyPairs.length / 2 > limit) {
        // Too many to draw: the CIDR nodes' edges show these flows instead.
        switched = true;
        break;
      }
    }
  }
  const edges: FlowEdge[] = linkedEdges;
  if (!switched) {
    for (let k = 0; k < cidrOnlyPairs.length; k += 2) {
      const a = cidrOnlyPairs[k] as FlowClass;
      const b = cidrOnlyPairs[k + 1] as FlowClass;
      const f = pairFlow(ctx, a, b, ruleIds !== null) as PairFlow;
      edges.push(makeEdge(a.id, b.id, f.possible, f.sure, f.rules));
    }
  }

  // External nodes, created on first use.
  const external = new Map<string, FlowNode>();
  /** The internet node, made to list `block` (0.0.0.0/0 or ::/0) among its CIDRs. */
  const internetNode = (block: string): FlowNode => {
    let n = external.get('internet');
    if (!n) external.set('internet', (n = { id: 'internet', kind: 'internet', label: 'Internet', cidrs: [] }));
    if (n.kind === 'internet' && !n.cidrs?.includes(block)) n.cidrs = [...(n.cidrs ?? []), block].sort((x, y) => x.length - y.length);
    return n;
  };
  // By rule ordinal: a group's rules are filed for up to four family combinations, and building
  // a node id (a string) per rule each time showed in the profile.
  // Dense from the start: filled at scattered ordinals, it went to dictionary elements.
  const nodeOfRule = new Array<FlowNode | null | undefined>(index.snapshot.rules.length).fill(undefined);
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
      const unknown = cr.unknownFamilies ? ' · entries unknown' : '';
      if (!n) external.set(id, (n = { id, kind: 'prefix-list', label: `${name ? `${name} (${peer.id})` : peer.id}${unknown}`, prefixListId: peer.id }));
      return n;
    }
    const c = cr.cidrs[0];
    if (!c) return null;
    if (INTERNET_CIDRS.has(c.text)) return internetNode(c.text);
    const id = `cidr:${c.text}`;
    let n = external.get(id);
    if (!n) external.set(id, (n = { id, kind: 'cidr', label: c.text, cidrs: [c.text] }));
    return n;
  };

  // Per group, direction and address families: the external nodes its rules reach, with their
  // traffic, in rule order. Classes sharing a group share this work.
  interface NodeAcc {
    n: FlowNode;
    t: number;
    rules: CompiledRule[];
    /** A prefix list of unknown entries: the flow may or may not exist (the edge depends). */
    unknown: boolean;
  }
  // Indexed by group number and the three flags: no key string per class and group.
  const nodeParts: (NodeAcc[] | undefined)[] = [];
  const nodePartsOf = (g: string, gnum: number, ingress: boolean, has4: boolean, has6: boolean): NodeAcc[] => {
    const key = gnum * 8 + (ingress ? 4 : 0) + (has4 ? 2 : 0) + (has6 ? 1 : 0);
    let parts = nodeParts[key];
    if (parts) return parts;
    const perNode = new Map<FlowNode, NodeAcc>();
    for (const cr of (ingress ? index.ingressByGroup : index.egressByGroup).get(g) ?? []) {
      // A CIDR peer only concerns a class with an address of that family (a list of unknown
      // entries, one of the families it may hold); its node is made only when some class has one,
      // so a map of IPv4 alone gets no IPv6 block standing apart with no edge.
      const unknown = cr.unknownFamilies !== undefined && cr.unknownFamilies.some((f) => (f === 4 ? has4 : has6));
      if (cr.peerGroup === undefined && !unknown && !cr.cidrs.some((x) => (x.family === 4 ? has4 : has6))) continue;
      // An icmp (icmpv6) rule to an external group concerns only a class with an IPv4 (IPv6) address.
      if (cr.family !== undefined && !(cr.family === 4 ? has4 : has6)) continue;
      let n = nodeOfRule[cr.ordinal];
      if (n === undefined) nodeOfRule[cr.ordinal] = n = nodeFor(cr);
      if (!n) continue;
      const acc = perNode.get(n);
      if (acc) {
        acc.t = table.union(acc.t, trafficIdOf(ctx, cr));
        acc.rules.push(cr);
        acc.unknown ||= unknown;
      } else perNode.set(n, { n, t: trafficIdOf(ctx, cr), rules: [cr], unknown });
    }
    nodeParts[key] = parts = [...perNode.values()];
    return parts;
  };
  // Exposures' `via` lists, shared by every exposure with the same blocks (there are at most the
  // two internet blocks, so a handful of lists serve every exposure); read-only like `ports`.
  const viaLists = new Map<string, string[]>();
  const internetVia = (rules: readonly CompiledRule[]): string[] => {
    const texts = new Set<string>();
    for (const x of rules) for (const y of x.cidrs) texts.add(y.text);
    const sorted = [...texts].sort();
    const key = sorted.join(' ');
    let list = viaLists.get(key);
    if (!list) viaLists.set(key, (list = sorted));
    return list;
  };
  const isInside = insideNetworkTest(index.snapshot);
  const risky = new Map<number, boolean>();
  const exposures: Exposure[] = [];
  for (let ci = 0; ci < classes.length; ci++) {
    const c = classes[ci] as FlowClass;
    for (let d = 0; d < 2; d++) {
      const ingress = d === 0;
      let accs: NodeAcc[];
      if (c.groups.length === 1) accs = nodePartsOf(c.groups[0] as string, c.groupNums[0] as number, ingress, c.has4, c.has6);
      else {
        const perNode = new Map<FlowNode, NodeAcc>();
        for (let k = 0; k < c.groups.length; k++) {
          const parts = nodePartsOf(c.groups[k] as string, c.groupNums[k] as number, ingress, c.has4, c.has6);
          for (let j = 0; j < parts.length; j++) {
            const p = parts[j] as NodeAcc;
            const acc = perNode.get(p.n);
            if (acc) {
              acc.t = table.union(acc.t, p.t);
              acc.rules = acc.rules.concat(p.rules);
              acc.unknown ||= p.unknown;
            } else perNode.set(p.n, { n: p.n, t: p.t, rules: p.rules, unknown: p.unknown });
          }
        }
        accs = [...perNode.values()];
      }
      if (ingress && c.unfiltered && (c.has4 || c.has6) && isOpenToInternet(c.rep.endpoint)) {
        // No rule names the internet here, so no part above gives this edge: see isOpenToInternet.
        // Only the families it has (or, with unknown addresses, may have) can reach it.
        const via = [...(c.has4 ? ['0.0.0.0/0'] : []), ...(c.has6 ? ['::/0'] : [])];
        let n: FlowNode | undefined;
        for (const block of via) n = internetNode(block);
        const accepts = ctx.unfilteredInOf[c.slot] as number;
        const edge = makeEdge((n as FlowNode).id, c.id, accepts, accepts, []);
        edges.push(edge);
        let r = risky.get(accepts);
        if (r === undefined) risky.set(accepts, (r = isRisky(table.set(accepts))));
        for (const m of c.members) exposures.push({ endpointId: m.endpoint.id, from: edge.from, ports: edge.ports, risky: r, publicAddress: publicAddressOf(m, c.has4, c.has6), via, unfiltered: true });
      }
      for (let k = 0; k < accs.length; k++) {
        const acc = accs[k] as NodeAcc;
        const n = acc.n;
        // Nothing is sure through a list of unknown entries (a list is known or not as a whole).
        const sure = acc.unknown ? 0 : acc.t;
        const edge = ingress ? makeEdge(n.id, c.id, acc.t, sure, acc.rules) : makeEdge(c.id, n.id, acc.t, sure, acc.rules);
        edges.push(edge);
        if (!ingress) continue;
        // Outside means the internet, or a CIDR or prefix list holding public addresses (a
        // CloudFront origin-facing list, an office range); private ranges are internal traffic.
        // A list of unknown entries may hold outside addresses: listed, marked as depending on it.
        const exposed =
          n.kind === 'internet' ||
          ((n.kind === 'cidr' || n.kind === 'prefix-list') && (acc.unknown || acc.rules.some((r) => r.cidrs.some((x) => !isInside(x)))));
        if (!exposed) continue;
        let r = risky.get(acc.t);
        if (r === undefined) risky.set(acc.t, (r = isRisky(table.set(acc.t))));
        const via = n.kind === 'internet' ? internetVia(acc.rules) : undefined;
        const families = outsideFamilies(acc.rules, n.kind === 'internet', isInside);
        const v4 = (families & 1) !== 0;
        const v6 = (families & 2) !== 0;
        // One literal shape per case (no spread): tens of thousands of these stay alive.
        const members = c.members;
        for (let j = 0; j < members.length; j++) {
          const m = members[j] as EndpointAddresses;
          const publicAddress = publicAddressOf(m, v4, v6);
          if (via) exposures.push({ endpointId: m.endpoint.id, from: n.id, ports: edge.ports, risky: r, publicAddress, via });
          else if (acc.unknown) exposures.push({ endpointId: m.endpoint.id, from: n.id, ports: edge.ports, risky: r, publicAddress, depends: true });
          else exposures.push({ endpointId: m.endpoint.id, from: n.id, ports: edge.ports, risky: r, publicAddress });
        }
      }
    }
  }
  nodes.push(...external.values());

  const flows: FlowGraph = { nodes, edges, memberOf };
  const externalGroups = index.snapshot.groups.filter((g) => g.external).length;
  const result: AnalysisResult = {
    summary: {
      groups: index.snapshot.groups.length - externalGroups,
      externalGroups,
      rules: index.snapshot.rules.length,
      endpoints: index.snapshot.endpoints.length,
      warnings: index.snapshot.warnings.length,
      flowNodes: nodes.length,
      flowEdges: edges.length,
      ...countExposed(exposures),
      endpointsWithUnknownRules: countUnknownRuleCarriers(index),
      cidrPairs: mode === 'expand' || (mode === 'auto' && !switched) ? 'expand' : 'via-node',
    },
    flows,
    exposures,
  };
  if (switched) {
    result.notes = [`More than ${groupDigits(limit)} endpoint pairs linked only by CIDR rules are shown through the CIDR nodes; \`reachmap query\` answers any pair exactly.`];
  }
  return result;
}

/**
 * An integer with commas between groups of three digits, as toLocaleString('en-US') writes it: the
 * first toLocaleString of a process loads ICU's number data, 17-25 ms that showed in the analysis.
 */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Endpoints exposed for sure (and of them, those a sure exposure reaches at a public address), and
 * those exposed only through a prefix list of unknown entries: a list that may hold nothing
 * outside must not count an endpoint as exposed.
 */
function countExposed(exposures: readonly Exposure[]): { internetExposedEndpoints: number; exposedAtPublicAddress: number; possiblyExposedEndpoints: number } {
  const sure = new Set<string>();
  const atPublic = new Set<string>();
  const maybe = new Set<string>();
  for (const x of exposures) {
    (x.depends ? maybe : sure).add(x.endpointId);
    if (!x.depends && x.publicAddress === 'yes') atPublic.add(x.endpointId);
  }
  for (const id of sure) maybe.delete(id);
  return { internetExposedEndpoints: sure.size, exposedAtPublicAddress: atPublic.size, possiblyExposedEndpoints: maybe.size };
}

/** Endpoints carrying a group that is referenced but not defined (see AnalysisSummary). */
function countUnknownRuleCarriers(index: ReachIndex): number {
  let n = 0;
  index.endpoints.forEach((ea) => {
    if (undefinedGroupsOf(index, ea).length > 0) n++;
  });
  return n;
}

/** For each allowed port range of an edge, the egress rules of its source and ingress rules of its destination. */
export function explainEdge(index: ReachIndex, result: AnalysisResult, edgeId: string): EdgeExplanation | null {
  const edge = result.flows.edges.find((e) => e.id === edgeId);
  if (!edge) return null;
  const nodeOf = (id: string): FlowNode | undefined => result.flows.nodes.find((n) => n.id === id);
  const from = nodeOf(edge.from);
  const to = nodeOf(edge.to);
  const ids = edge.ruleIds ?? findEdgeRuleIds(index, edge, [from, to]);
  const rules = ids.map((id) => index.rules.get(id)).filter((r): r is CompiledRule => r !== undefined);
  const egress = from?.kind === 'endpoints' ? rules.filter((r) => r.rule.direction === 'egress') : null;
  const ingress = to?.kind === 'endpoints' ? rules.filter((r) => r.rule.direction === 'ingress') : null;
  const out: EdgeExplanation = { edgeId, from: edge.from, to: edge.to, segments: segmentTraffic(index, trafficFromProtocolPorts(edge.ports), egress, ingress) };
  // Which ranges hold only for some of the unknown addresses: those the sure part does not contain.
  if (edge.depends) {
    const sure = trafficFromProtocolPorts(edge.surePorts ?? []);
    for (const seg of out.segments) if (!isTrafficEmpty(subtractTraffic(trafficFromProtocolPorts([seg.ports]), sure))) seg.depends = true;
  }
  // A class of unfiltered endpoints holds one endpoint (they carry no group), so its first says.
  const unfiltered = (n: FlowNode | undefined): boolean => {
    const first = n?.kind === 'endpoints' ? index.endpoints.get(n.members[0] as string) : undefined;
    return first !== undefined && isUnfiltered(first.endpoint);
  };
  const sides = [...(unfiltered(from) ? (['source'] as const) : []), ...(unfiltered(to) ? (['destination'] as const) : [])];
  if (sides.length) out.unfiltered = sides;
  return out;
}

/**
 * The rule ids of an edge from an analysis made without them (AnalyzeOptions.ruleIds false): the
 * same analysis, run over only the endpoints of the edge's two ends, gives the edge again with its
 * rules. A pair's edge and an endpoint class's edges to outside nodes depend only on the two ends
 * and on the rules, which the index keeps whole, and the ends keep their class ids because their
 * members keep their order. Pairs linked only by CIDR rules are expanded, since the full analysis
 * drew the edge.
 */
function findEdgeRuleIds(index: ReachIndex, edge: FlowEdge, ends: (FlowNode | undefined)[]): string[] {
  const members = new Set<string>();
  for (const n of ends) if (n?.kind === 'endpoints') for (const m of n.members) members.add(m);
  const endpoints = new Map<string, EndpointAddresses>();
  index.endpoints.forEach((ea, id) => {
    if (members.has(id)) endpoints.set(id, ea);
  });
  const again = analyzeFlows({ ...index, endpoints }, { cidrPairs: 'expand' });
  const ids = again.flows.edges.find((e) => e.id === edge.id)?.ruleIds;
  // An explanation listing no rule would read as a verdict: say the engine disagrees with itself.
  if (!ids) throw new Error(`The rules of edge ${edge.id} could not be found again.`);
  return ids;
}
