/**
 * Merging partial snapshots (one per input file) and finalising the result. Several files may
 * describe one stack (a state split across workspaces, a state plus AWS describe output), so objects
 * are deduplicated by id and their information combined: a defined group beats an external one, VPC
 * CIDRs, prefix-list entries and endpoint groups are unioned. Rules are deduplicated by
 * (group, direction, protocol, ports, peer) with their origins concatenated: an inline block and a
 * separate rule resource for the same permission are one rule, and since inline lists may be stale
 * or empty while separate rules exist, the result is the union of both.
 *
 * Finalising then:
 * - derives an endpoint's VPC from its subnets (else from its groups),
 * - folds the network interfaces of RDS databases into the databases that other inputs describe
 *   (see `foldDatabaseInterfaces`), so a database is never counted twice;
 * - drops the VPC's default group from endpoints where another group replaces it
 *   (`REPLACES_VPC_DEFAULT_PREFIX`);
 * - resolves group NAMES: importers put `name:<group name>` into `Endpoint.groupIds` when a resource
 *   names groups instead of ids (aws_instance.security_groups), or `name:default` when AWS gives it
 *   the VPC's default group, and into a rule's group peer when an inline rule names a group; they
 *   are matched to groups of that name in the endpoint's VPC (the VPC of the rule's group). An
 *   unresolved name stays as an external group with that id (`default:<vpc>` for the default group
 *   of a known VPC), warned;
 * - turns every group id referenced by a rule or endpoint but defined nowhere into an external group
 *   (reason 'missing') with a warning naming it, and warns about unknown prefix lists;
 * - sorts everything and numbers rules `${groupId}/${direction}/${n}`, so output is deterministic.
 *
 * This runs once per import over every rule and endpoint (tens of thousands on a large estate), so
 * per-item work is kept to plain loops: rules are deduplicated by sorting on the key's fields and
 * folding equal neighbours (no key string or Map entry per rule stays alive to be copied by the
 * garbage collector), messages are only built for the items that need them, and parts
 * are copied with a plain-data clone instead of a JSON round trip. A caller that hands parts over
 * (`MergeOptions.adopt`) skips even that copy: half of a large import's time was spent copying and
 * collecting objects that the importer had just built and would never touch again.
 */
import {
  isListenerStub,
  PROTO_ICMP,
  PROTO_ICMPV6,
  unionListeners,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type Endpoint,
  type EndpointInterface,
  type Origin,
  type PrefixList,
  type Rule,
  type SecurityGroup,
  type Snapshot,
  type Subnet,
  type Vpc,
  type Warning,
} from '../model';
import { addressFamily, isCidrWithin, tryParseCidr } from '../net/address';
import { coversTraffic, trafficLabel, trafficOfRule, unionAllTraffic } from '../net/traffic';

/** Prefix marking a group name (not id) in `Endpoint.groupIds` of a partial snapshot. */
export const GROUP_NAME_PREFIX = 'name:';

/**
 * The VPC's default group, by the one name AWS reserves for it: what importers put into
 * `Endpoint.groupIds` for a resource that AWS gives the default group because it names none.
 */
export const VPC_DEFAULT_GROUP = `${GROUP_NAME_PREFIX}default`;

/**
 * Prefix of a marker an importer puts into `Endpoint.groupIds` of a partial snapshot,
 * `!replaces-default:<group id>`, when that group takes the place of the VPC's default group (an
 * interface VPC endpoint's association with `replace_default_association`). Finalising drops the
 * VPC's default group from the merged endpoint, whichever input gave it and however it is named
 * (`name:default`, `default:<vpc>`, or the id of a group named "default"), unless it is itself the
 * replacing group; then the markers.
 */
export const REPLACES_VPC_DEFAULT_PREFIX = '!replaces-default:';

/**
 * Resource types of the stand-ins an importer makes for an elastic IP whose instance or ENI another
 * input describes: an endpoint keyed by that instance's or ENI's id, holding only the public
 * address, which the merge joins to the real endpoint (by id, or as an instance's interface). One
 * that meets none is left out with a warning.
 */
export const ELASTIC_IP_STUB_TYPES: ReadonlySet<string> = new Set(['aws_eip', 'aws_eip_association']);

/** Prefix of `default:<vpc>`, the external group standing for a VPC's default group that no input defines. */
const UNDEFINED_DEFAULT_PREFIX = 'default:';

export interface MergeOptions {
  /**
   * Parts whose objects the merge may take over and modify instead of copying. Only for parts the
   * caller built for this merge and uses nowhere else, whose objects hold no `undefined` members
   * (a copy would drop them, which decides both key order and what `{ ...a, ...b }` keeps) and share
   * no objects with each other or other parts.
   */
  adopt?: ReadonlySet<Snapshot>;
}

export function mergeSnapshots(parts: Snapshot[], options: MergeOptions = {}): Snapshot {
  const vpcs = new Map<string, Vpc>();
  const subnets = new Map<string, Subnet>();
  const groups = new Map<string, SecurityGroup>();
  const prefixLists = new Map<string, PrefixList>();
  const endpoints = new Map<string, Endpoint>();
  // Every part's rules in input order, duplicates included: finalize sorts them by the dedup key
  // and folds each run of equal keys into its first rule (see `sortAndDedupRules`).
  const rules: Rule[] = [];
  const warnings: Warning[] = [];
  // By group id, the inputs that define it (several inputs only): see warnRulesDiffer.
  const definers = new Map<string, Snapshot[]>();
  const out: Snapshot = {
    format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, meta: {}, sources: [], vpcs: [], subnets: [], groups: [],
    rules: [], prefixLists: [], endpoints: [], warnings: [],
  };
  for (const part of parts) {
    const copy: <T>(item: T) => T = options.adopt?.has(part) ? (item) => item : cloneData;
    mergeMeta(out, part);
    out.sources.push(...part.sources);
    for (const v of part.vpcs) mergeInto(vpcs, v, copy, (a, b) => ({ ...b, ...a, cidrs: union(a.cidrs, b.cidrs), ipv6Cidrs: union(a.ipv6Cidrs, b.ipv6Cidrs) }));
    for (const s of part.subnets) mergeInto(subnets, s, copy, (a, b) => ({ ...b, ...a }));
    for (const g of part.groups) mergeInto(groups, g, copy, mergeGroup);
    for (const p of part.prefixLists) mergeInto(prefixLists, p, copy, mergePrefixList);
    for (const e of part.endpoints) mergeInto(endpoints, e, copy, (a, b) => mergeEndpoint(a, b, warnings));
    // Only a kept rule's origins list and description are ever modified (when duplicates fold into
    // it), so an adopted rule needs no copy at all.
    if (copy === cloneData) for (const r of part.rules) rules.push({ ...r, origins: r.origins.slice() });
    else for (const r of part.rules) rules.push(r);
    warnings.push(...part.warnings);
    if (parts.length > 1) {
      for (const g of part.groups) if (!g.external && definers.get(g.id)?.at(-1) !== part) pushTo(definers, g.id, part);
      if (listsWholeRuleSets(part)) for (const r of part.rules) if (definers.get(r.groupId)?.at(-1) !== part) pushTo(definers, r.groupId, part);
    }
    if (part.network) {
      out.network ??= {};
      for (const k of ['networkAcls', 'routeTables', 'internetGateways', 'vpcPeeringConnections'] as const) {
        const list = part.network[k];
        if (list) out.network[k] = [...(out.network[k] ?? []), ...list];
      }
    }
  }
  warnRulesDiffer(definers, parts, warnings);
  if (parts.length > 1) warnPlanBesideState(parts, warnings);
  out.vpcs = [...vpcs.values()];
  out.subnets = [...subnets.values()];
  out.groups = [...groups.values()];
  out.prefixLists = [...prefixLists.values()];
  out.endpoints = [...endpoints.values()];
  out.rules = rules;
  out.warnings = warnings;
  finalize(out);
  return out;
}

function mergeMeta(out: Snapshot, part: Snapshot): void {
  const m = part.meta;
  if (m.accountId && !out.meta.accountId) out.meta.accountId = m.accountId;
  if (m.takenAt && !out.meta.takenAt) out.meta.takenAt = m.takenAt;
  if (m.tool && !out.meta.tool) out.meta.tool = m.tool;
  if (m.regions) out.meta.regions = union(out.meta.regions ?? [], m.regions);
}

function mergeInto<T extends { id: string }>(map: Map<string, T>, item: T, copy: (item: T) => T, combine: (existing: T, incoming: T) => T): void {
  const prev = map.get(item.id);
  map.set(item.id, prev ? combine(prev, item) : copy(item));
}

/**
 * A deep copy with JSON's semantics for plain data (undefined members dropped, undefined array
 * elements and non-finite numbers become null), so merged objects never alias the parts, at a
 * fraction of the cost of JSON.parse(JSON.stringify()).
 */
function cloneData<T>(value: T): T {
  return cloneValue(value) as T;
}

function cloneValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      out[i] = e === undefined || typeof e === 'function' || typeof e === 'symbol' ? null : cloneValue(e);
    }
    return out;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(v)) as unknown;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const e = (v as Record<string, unknown>)[k];
    if (e === undefined || typeof e === 'function' || typeof e === 'symbol') continue;
    out[k] = cloneValue(e);
  }
  return out;
}

function mergePrefixList(a: PrefixList, b: PrefixList): PrefixList {
  const merged: PrefixList = { ...b, ...a, entries: union(a.entries, b.entries) };
  // One input giving the entries (get-managed-prefix-list-entries) settles them for all.
  if (!(a.entriesUnknown && b.entriesUnknown)) delete merged.entriesUnknown;
  return merged;
}

function mergeGroup(a: SecurityGroup, b: SecurityGroup): SecurityGroup {
  // A defined group wins over an external reference; fields missing on the winner are filled in.
  const [win, lose] = a.external && !b.external ? [b, a] : [a, b];
  const merged: SecurityGroup = { ...lose, ...win };
  for (const k of ['name', 'description', 'vpcId', 'ownerId', 'tags', 'origin'] as const) {
    if (merged[k] === undefined && lose[k] !== undefined) (merged as unknown as Record<string, unknown>)[k] = lose[k];
  }
  if (!merged.external) delete merged.externalReason;
  return merged;
}

function mergeEndpoint(a: Endpoint, b: Endpoint, warnings: Warning[]): Endpoint {
  // Stubs (an ENI or VPC endpoint known only from a group attachment) lose to the real resource
  // for scalar fields, and so does a member cluster standing for its ElastiCache replication group.
  const isStub = (e: Endpoint): boolean =>
    e.resourceType === 'aws_network_interface_sg_attachment' || e.resourceType === 'aws_vpc_endpoint_security_group_association' || isListenerStub(e) || isElasticIpStub(e);
  const isMember = (e: Endpoint, other: Endpoint): boolean => e.resourceType === 'aws_elasticache_cluster' && other.resourceType === 'aws_elasticache_replication_group';
  const [win, lose] = (isStub(a) && !isStub(b)) || isMember(a, b) ? [b, a] : [a, b];
  const merged: Endpoint = { ...lose, ...win };
  for (const k of Object.keys(lose) as (keyof Endpoint)[]) {
    if (merged[k] === undefined) (merged as unknown as Record<string, unknown>)[k] = lose[k];
  }
  merged.subnetIds = union(win.subnetIds, lose.subnetIds);
  merged.privateIpv4 = union(win.privateIpv4, lose.privateIpv4);
  merged.ipv6 = union(win.ipv6, lose.ipv6);
  merged.publicIpv4 = union(win.publicIpv4, lose.publicIpv4);
  merged.groupIds = union(win.groupIds, lose.groupIds);
  if (!isStub(a) && !isStub(b) && !isMember(a, b) && !isMember(b, a)) warnGroupsDiffer(a, b, warnings);
  if (win.listeners || lose.listeners) merged.listeners = unionListeners(win.listeners, lose.listeners);
  if (win.defaultGroupReplacedBy || lose.defaultGroupReplacedBy) merged.defaultGroupReplacedBy = union(win.defaultGroupReplacedBy ?? [], lose.defaultGroupReplacedBy ?? []);
  if (a.ipAddressType !== undefined && b.ipAddressType !== undefined && a.ipAddressType !== b.ipAddressType) {
    // One input says IPv4 only, another dual-stack (a setting changed between them): it may have
    // IPv6, and a stale 'ipv4' must not hide that.
    delete merged.ipAddressType;
    warnings.push({
      code: 'ip-address-type-differs',
      message: `${merged.id}: one input sets it to IPv4 only, another to dual-stack; it is taken as possibly having IPv6 addresses`,
      subject: merged.id,
    });
  }
  if (win.interfaces || lose.interfaces) {
    // Field by field: one side may know an interface's address or Terraform address the other lacks.
    const byId = new Map<string, EndpointInterface>();
    for (const i of [...(lose.interfaces ?? []), ...(win.interfaces ?? [])]) byId.set(i.id, { ...byId.get(i.id), ...i });
    merged.interfaces = [...byId.values()];
  }
  return merged;
}

/**
 * Two inputs describing one endpoint with different groups were taken at different times (a group
 * attached or detached outside Terraform, a stale dump): the endpoint keeps both sets, so it may
 * be more open than either input says, and the reader is told. Lists left unsaid (empty) and names
 * not yet resolved to ids (`name:…`, `default:…`) are no disagreement.
 */
function warnGroupsDiffer(a: Endpoint, b: Endpoint, warnings: Warning[]): void {
  if (a.groupIds.length === 0 || b.groupIds.length === 0) return;
  if ([...a.groupIds, ...b.groupIds].some((g) => g.includes(':'))) return;
  const onlyA = a.groupIds.filter((g) => !b.groupIds.includes(g));
  const onlyB = b.groupIds.filter((g) => !a.groupIds.includes(g));
  if (onlyA.length === 0 && onlyB.length === 0) return;
  const from = (e: Endpoint): string => e.origin?.file ?? e.tfAddress ?? 'one input';
  const says = (e: Endpoint, only: string[]): string => `${from(e)} gives it ${only.join(', ')}`;
  const parts = [...(onlyA.length ? [says(a, onlyA)] : []), ...(onlyB.length ? [says(b, onlyB)] : [])];
  warnings.push({
    code: 'groups-differ',
    message: `${a.id}: the inputs disagree on its groups (${parts.join('; ')}, which the other does not; taken at different times?): it keeps all of them, so it may be more open than either says`,
    subject: a.id,
  });
}

/**
 * A `describe-security-group-rules` dump lists every rule of each group it names, unlike a
 * Terraform rule resource, which adds one rule to a group defined elsewhere: beside another input
 * defining the group it is a second picture of the group's rules, compared as one (warnRulesDiffer).
 */
function listsWholeRuleSets(part: Snapshot): boolean {
  // One page of a longer answer (it kept its NextToken) may hold part of a group's rules only.
  return part.sources.length > 0 && part.sources.every((s) => s.format === 'aws-cli:describe-security-group-rules') && !part.warnings.some((w) => w.code === 'partial-answer');
}

/**
 * Groups that several inputs define with different rules: a state beside its own plan (the plan
 * drops a rule, the state still has it), or a state beside a dump taken after a console change.
 * The union is what the map shows, as for a group's rules split over inputs, but it is neither
 * input's picture and may be more open than either, so each such group is named with the rules
 * only some inputs give. Rules are compared by direction, peer and the traffic they allow, so
 * inputs that write one permission differently (all protocols with ports 0/0 or none) agree.
 */
function warnRulesDiffer(definers: Map<string, Snapshot[]>, parts: readonly Snapshot[], warnings: Warning[]): void {
  const shared = new Map<string, Snapshot[]>();
  definers.forEach((ps, g) => {
    if (ps.length > 1) shared.set(g, ps);
  });
  if (shared.size === 0) return;
  // A plan that cannot know some of a group's rules until apply is no picture to compare with.
  for (const [groupId, ps] of shared) {
    if (ps.some((p) => p.warnings.some((w) => w.code === 'unknown-at-plan' && w.subject === groupId))) shared.delete(groupId);
  }
  if (shared.size === 0) return;
  // By group, each rule's key -> the rule and the inputs that give it. A rule given by an input
  // that does not define the group (a split stack's rule resource) counts as given by all: the
  // definers need not repeat it.
  const byGroup = new Map<string, Map<string, { rule: Rule; inputs: Set<Snapshot>; everywhere: boolean }>>();
  for (const part of parts) {
    for (const r of part.rules) {
      const definers = shared.get(r.groupId);
      if (!definers) continue;
      let keys = byGroup.get(r.groupId);
      if (!keys) byGroup.set(r.groupId, (keys = new Map()));
      const key = `${r.direction} ${trafficLabel(trafficOfRule(r.protocol, r.fromPort, r.toPort))} ${peerRank(r)} ${peerValue(r)}`;
      const everywhere = !definers.includes(part);
      const hit = keys.get(key);
      if (hit) {
        hit.inputs.add(part);
        hit.everywhere ||= everywhere;
      } else keys.set(key, { rule: r, inputs: new Set([part]), everywhere });
    }
  }
  shared.forEach((ps, groupId) => {
    const lacking: string[] = [];
    const entries = byGroup.get(groupId);
    // What each definer gives the group, with the rules every definer counts as its own.
    const given = (p: Snapshot): Rule[] => [...(entries?.values() ?? [])].filter((x) => x.everywhere || x.inputs.has(p)).map((x) => x.rule);
    let opens = false;
    entries?.forEach(({ rule, inputs, everywhere }) => {
      if (everywhere || ps.every((p) => inputs.has(p))) return;
      lacking.push(`${describeRuleBriefly(rule)} only in ${ps.filter((p) => inputs.has(p)).map(inputName).join(', ')}`);
      opens ||= ps.some((p) => !inputs.has(p) && !isCoveredBy(rule, given(p)));
    });
    if (lacking.length === 0) return;
    const shown = lacking.length > 3 ? [...lacking.slice(0, 3), `and ${lacking.length - 3} more`] : lacking;
    const effect = opens
      ? 'so it may be more open than any one input says'
      : 'though the inputs without them allow the same through their other rules';
    warnings.push({
      code: 'rules-differ',
      message: `${groupId}: ${joinNames(ps.map(inputName))} define it with different rules (${shown.join('; ')}); the map takes all of them, ${effect}`,
      subject: groupId,
    });
  });
}

/**
 * Whether other rules of the same group already allow everything a rule does: same direction, a
 * peer that holds its peer (a CIDR within a CIDR of the same family, the same group or the same
 * prefix list) and, over those, traffic that covers its own. A rule's peer held only in part (two
 * halves of its CIDR) is not counted as held: the check may say "more open" where it is not, never
 * the other way round.
 */
function isCoveredBy(rule: Rule, others: readonly Rule[]): boolean {
  const holding = others.filter((o) => o !== rule && o.direction === rule.direction && peerHolds(o.peer, rule.peer));
  if (holding.length === 0) return false;
  const allowed = unionAllTraffic(holding.map((o) => trafficOfRule(o.protocol, o.fromPort, o.toPort)));
  return coversTraffic(allowed, trafficOfRule(rule.protocol, rule.fromPort, rule.toPort));
}

function peerHolds(outer: Rule['peer'], inner: Rule['peer']): boolean {
  if (outer.kind === 'group') return inner.kind === 'group' && inner.groupId === outer.groupId;
  if (outer.kind === 'prefixList') return inner.kind === 'prefixList' && inner.id === outer.id;
  if (inner.kind !== 'cidr') return false;
  const a = tryParseCidr(outer.cidr);
  const b = tryParseCidr(inner.cidr);
  return a !== null && b !== null && isCidrWithin(b, a);
}

/**
 * A plan opened beside the state it was made from: both describe one stack, the state as it is and
 * the plan as it will be, and their merge is neither (a group or instance the plan destroys stays,
 * a rule it drops stays). They are known by resources with the same Terraform address and the
 * same id in both; stacks that merely reuse addresses (`aws_security_group.this` in two modules'
 * states) have different ids. Said once per plan and state, with what to do instead.
 */
function warnPlanBesideState(parts: readonly Snapshot[], warnings: Warning[]): void {
  const isPlan = (p: Snapshot): boolean => p.sources.some((x) => x.format === 'tf-plan-json');
  const plans = parts.filter(isPlan);
  if (plans.length === 0) return;
  const keysOf = (p: Snapshot): Set<string> => {
    const keys = new Set<string>();
    for (const list of [p.groups, p.endpoints, p.vpcs, p.subnets] as { id: string; origin?: Origin }[][]) {
      for (const x of list) if (x.origin?.address !== undefined) keys.add(`${x.origin.address}\u0000${x.id}`);
    }
    return keys;
  };
  for (const plan of plans) {
    const planned = keysOf(plan);
    if (planned.size === 0) continue;
    for (const other of parts) {
      if (other === plan || isPlan(other)) continue;
      const shared = [...keysOf(other)].filter((k) => planned.has(k));
      if (shared.length === 0) continue;
      const example = shared[0]!.split('\u0000')[0];
      warnings.push({
        code: 'plan-beside-state',
        message:
          `${inputName(plan)} is a plan for the stack ${inputName(other)} holds (${shared.length} resource${shared.length > 1 ? 's' : ''} in both, such as ${example}): ` +
          'the map merges the network as it is with the network as planned, and keeps what the plan changes or destroys. Open the plan alone to see the network it plans',
        file: inputName(plan),
      });
    }
  }
}

/** An input as warnings name it: its file (a saved snapshot's own file is its last source). */
function inputName(p: Snapshot): string {
  return p.sources[p.sources.length - 1]?.file ?? 'one input';
}

/** 'a and b', 'a, b and c'. */
function joinNames(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A rule in a few words for a warning: 'ingress tcp 22 from 0.0.0.0/0'. */
function describeRuleBriefly(r: Rule): string {
  const peer = peerValue(r);
  return `${r.direction} ${trafficLabel(trafficOfRule(r.protocol, r.fromPort, r.toPort))} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer}`;
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Peer kinds in the order their former key prefixes (`cidr:`, `pl:`, `sg:`) sorted. */
function peerRank(r: Rule): number {
  const k = r.peer.kind;
  return k === 'cidr' ? 0 : k === 'prefixList' ? 1 : 2;
}

/** The peer's value; with `peerRank`, it orders and identifies peers like the former key strings. */
function peerValue(r: Rule): string {
  const p = r.peer;
  return p.kind === 'cidr' ? p.cidr : p.kind === 'prefixList' ? p.id : p.groupId;
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.file === b.file && a.address === b.address && a.block === b.block && a.ruleId === b.ruleId && a.edit === b.edit;
}

function compare(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return a < b ? -1 : 1;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return compare(a.id, b.id);
}

function finalize(s: Snapshot): void {
  const subnetById = new Map(s.subnets.map((x) => [x.id, x]));
  const groupById = new Map(s.groups.map((g) => [g.id, g]));

  for (const e of s.endpoints) {
    if (!e.vpcId) {
      // The first subnet, else the first group, that knows its VPC; loops rather than map/find so
      // the endpoints without a VPC of their own (all instances of a state) build no arrays.
      let vpc: string | undefined;
      for (const id of e.subnetIds) if ((vpc = subnetById.get(id)?.vpcId) !== undefined) break;
      if (vpc === undefined) for (const id of e.groupIds) if ((vpc = groupById.get(id)?.vpcId) !== undefined) break;
      if (vpc) e.vpcId = vpc;
    }
  }
  attachLeftoverListeners(s);
  // VPC id -> its default group's id, where an input gives it (Vpc.defaultGroupId).
  const defaultGroupOf = new Map<string, string>();
  for (const v of s.vpcs) if (v.defaultGroupId) defaultGroupOf.set(v.id, v.defaultGroupId);
  dropReplacedDefaultGroups(s, groupById, defaultGroupOf);
  resolveGroupNames(s, groupById, defaultGroupOf);
  foldDatabaseInterfaces(s);
  foldInstanceInterfaces(s);
  dropLeftoverElasticIps(s);
  nameByTag(s);

  const missing = new Map<string, string>();
  // The reason is only built for ids not seen yet: nearly every reference names a known group.
  const isNew = (id: string): boolean => !groupById.has(id) && !missing.has(id);
  const ownRules = new Set<string>();
  for (const r of s.rules) {
    if (!groupById.has(r.groupId)) {
      ownRules.add(r.groupId);
      if (!missing.has(r.groupId)) missing.set(r.groupId, `has rules (${r.origins[0]?.address ?? r.origins[0]?.ruleId ?? 'unknown origin'})`);
    }
    if (r.peer.kind === 'group' && isNew(r.peer.groupId)) missing.set(r.peer.groupId, `is referenced by a rule of ${r.groupId}`);
  }
  for (const e of s.endpoints) for (const g of e.groupIds) if (isNew(g)) missing.set(g, `is attached to ${e.name}`);
  for (const [id, why] of [...missing].sort((a, b) => compare(a[0], b[0]))) {
    const file = s.sources.length === 1 ? s.sources[0]!.file : undefined;
    const g: SecurityGroup = { id, external: true, externalReason: 'missing' };
    s.groups.push(g);
    groupById.set(id, g);
    // A group known only from its own rules (a state of separate rule resources) keeps those:
    // what is unknown is whether it has others.
    const unknown = ownRules.has(id) ? 'the rules the inputs give it apply, any others it has are unknown' : 'its rules are unknown';
    const w: Warning = { code: 'external-group', message: `${id} ${why} but is defined in no input: treated as an external group; ${unknown}`, subject: id };
    if (file) w.file = file;
    s.warnings.push(w);
  }
  for (const g of s.groups) {
    if (g.external && g.externalReason === 'data-source') {
      const w: Warning = {
        code: 'external-group',
        message: `${g.id}${g.name ? ` (${g.name})` : ''} is only read through a data source${g.origin?.address ? ` (${g.origin.address})` : ''}: defined outside the inputs, its rules are unknown`,
        subject: g.id,
      };
      if (g.origin?.file) w.file = g.origin.file;
      s.warnings.push(w);
    }
  }
  // A group one input could only name (a peered or cross-account reference) and another defines is
  // no longer external: that input's warning about it no longer holds.
  s.warnings = s.warnings.filter((w) => !(w.code === 'external-group' && w.subject !== undefined && groupById.get(w.subject)?.external === false));
  warnIcmpOfOtherFamily(s);
  // A list one file describes without entries and another gives the entries of is known: the first
  // file's warning that its entries are missing no longer holds.
  const knownEntries = new Set(s.prefixLists.filter((p) => !p.entriesUnknown).map((p) => p.id));
  if (knownEntries.size > 0) s.warnings = s.warnings.filter((w) => !(w.code === 'prefix-list-entries-missing' && w.subject !== undefined && knownEntries.has(w.subject)));
  // A list named by rules but defined nowhere becomes a list of unknown entries, like a missing
  // group becomes an external one: rules naming it may match any address, never nothing.
  const knownLists = new Set(s.prefixLists.map((p) => p.id));
  for (const r of s.rules) {
    if (r.peer.kind === 'prefixList' && !knownLists.has(r.peer.id)) {
      knownLists.add(r.peer.id);
      s.prefixLists.push({ id: r.peer.id, entries: [], entriesUnknown: true });
      s.warnings.push({ code: 'unknown-prefix-list', message: `prefix list ${r.peer.id} (used by ${r.groupId}) is defined in no input: its entries are unknown, so rules naming it may match any address and answers about them depend on it`, subject: r.peer.id });
    }
  }

  s.vpcs.sort(byId);
  for (const v of s.vpcs) {
    v.cidrs.sort();
    v.ipv6Cidrs.sort();
  }
  s.subnets.sort(byId);
  s.groups.sort(byId);
  s.prefixLists.sort(byId);
  for (const p of s.prefixLists) p.entries.sort();
  s.endpoints.sort(byId);
  // Most endpoints wear one group: a call to sort() for each of them showed in large imports.
  for (const e of s.endpoints) if (e.groupIds.length > 1) e.groupIds.sort();
  sortAndDedupRules(s);
  // Rules are sorted by group then direction, so each (group, direction) run is numbered from 0.
  // The `group/direction/` prefix is built once per run: concatenating all three parts per rule
  // left a chain of intermediate strings behind every id, and ids live as long as the snapshot.
  let n = 0;
  let prefix = '';
  for (let i = 0; i < s.rules.length; i++) {
    const r = s.rules[i]!;
    const prev = i > 0 ? s.rules[i - 1]! : undefined;
    if (prev && prev.groupId === r.groupId && prev.direction === r.direction) n++;
    else {
      n = 0;
      prefix = `${r.groupId}/${r.direction}/`;
    }
    r.id = prefix + n;
  }
  s.warnings = dedupWarnings(s.warnings);
}

/**
 * Sorts rules by (group, direction, protocol, ports, peer), which is also the dedup key, and folds
 * each run of equal keys into its first rule: later origins are appended (once each) and a missing
 * description is taken from the first duplicate that has one. The sort is stable, so a run keeps
 * input order and the result equals deduplicating in input order first. Sorting and comparing the
 * fields directly builds no key string per rule; positions are sorted so no wrapper object is made.
 */
function sortAndDedupRules(s: Snapshot): void {
  const rules = s.rules;
  const cmp = packedRuleOrder(rules) ?? fieldRuleOrder(rules);
  // Filled by push so the array stays packed: sorting a holey array takes V8's slower path.
  const order: number[] = [];
  for (let i = 0; i < rules.length; i++) order.push(i);
  order.sort(cmp);
  const out: Rule[] = [];
  let keep = -1;
  for (const i of order) {
    if (keep >= 0 && cmp(keep, i) === 0) {
      const prev = rules[keep]!;
      const r = rules[i]!;
      for (const o of r.origins) if (!prev.origins.some((p) => sameOrigin(p, o))) prev.origins.push(o);
      if (prev.description === undefined && r.description !== undefined) prev.description = r.description;
      continue;
    }
    keep = i;
    out.push(rules[i]!);
  }
  s.rules = out;
}

/** The dedup key's order, compared field by field: the general case. */
function fieldRuleOrder(rules: Rule[]): (i: number, j: number) => number {
  const ranks = new Uint8Array(rules.length);
  const values: string[] = [];
  for (let i = 0; i < rules.length; i++) {
    ranks[i] = peerRank(rules[i]!);
    values.push(peerValue(rules[i]!));
  }
  return (i, j) => {
    const a = rules[i]!;
    const b = rules[j]!;
    return compare(a.groupId, b.groupId) || compare(a.direction, b.direction) || compare(a.protocol, b.protocol) ||
      compare(a.fromPort ?? null, b.fromPort ?? null) || compare(a.toPort ?? null, b.toPort ?? null) || ranks[i]! - ranks[j]! || compare(values[i], values[j]);
  };
}

/**
 * The same order as `fieldRuleOrder`, with each rule's key packed into two exact integers (below
 * 2^53) so the sort compares numbers instead of strings: group ids and peer values are replaced by
 * their rank among the distinct values (sorted with the same code-unit order as `compare`). Only
 * for the usual value ranges (integer protocols -1..255, ports -1..65535 or null, two directions);
 * anything else returns undefined and the caller compares fields.
 */
function packedRuleOrder(rules: Rule[]): ((i: number, j: number) => number) | undefined {
  const groupRank = new Map<string, number>();
  const valueRank = new Map<string, number>();
  for (const r of rules) {
    const p = r.protocol;
    if (!Number.isInteger(p) || p < -1 || p > 255 || !portFits(r.fromPort) || !portFits(r.toPort)) return undefined;
    if (r.direction !== 'egress' && r.direction !== 'ingress') return undefined;
    const v = peerValue(r);
    if (typeof r.groupId !== 'string' || typeof v !== 'string') return undefined;
    groupRank.set(r.groupId, 0);
    valueRank.set(v, 0);
  }
  const values = valueRank.size;
  if (groupRank.size * 2 * 257 * 65538 >= Number.MAX_SAFE_INTEGER || 65538 * 3 * values >= Number.MAX_SAFE_INTEGER) return undefined;
  rankKeys(groupRank);
  rankKeys(valueRank);
  const hi = new Float64Array(rules.length);
  const lo = new Float64Array(rules.length);
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    // Each field is mapped onto 0..size-1 in its own order (null before any port, as `compare` has
    // it) and the fields are combined as digits of a mixed-radix number; the products stay below
    // 2^53 for up to millions of groups and peer values.
    const dir = r.direction === 'egress' ? 0 : 1;
    hi[i] = ((groupRank.get(r.groupId)! * 2 + dir) * 257 + (r.protocol + 1)) * 65538 + portDigit(r.fromPort);
    lo[i] = (portDigit(r.toPort) * 3 + peerRank(r)) * values + valueRank.get(peerValue(r))!;
  }
  return (i, j) => hi[i]! - hi[j]! || lo[i]! - lo[j]!;
}

function portFits(p: number | null | undefined): boolean {
  return p === null || p === undefined || (Number.isInteger(p) && p >= -1 && p <= 65535);
}

/** null (and undefined, which `?? null` made null) first, then -1..65535. */
function portDigit(p: number | null | undefined): number {
  return p === null || p === undefined ? 0 : p + 2;
}

/** Replaces each key's value by the key's rank in code-unit order (the order `compare` uses). */
function rankKeys(m: Map<string, number>): void {
  const keys = [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < keys.length; i++) m.set(keys[i]!, i);
}

/**
 * A folder holding both `describe-network-interfaces` and `rds describe-db-instances` (or a
 * Terraform aws_db_instance) describes each database twice: once as its ENI (addresses, no name)
 * and once as the database (name, no addresses). An ENI is the database's when they share the VPC
 * and the exact group set and the ENI's subnet is one of the database's subnets (when those are
 * known). A database whose every matching ENI matches it alone takes their addresses and the ENIs
 * go. When ENIs could belong to several databases (same groups, same subnets), which address is
 * whose is unknown: those ENIs go too and the databases keep unknown addresses within their
 * subnets, which the engine treats as "depends" rather than guessing, with a warning. ENIs matching
 * no database (an RDS Proxy, a database left out of the dump) stay as they are.
 */
function foldDatabaseInterfaces(s: Snapshot): void {
  // Saved snapshots are not checked field by field: a resource type may be anything there.
  const isInterface = (e: Endpoint): boolean => typeof e.resourceType === 'string' && e.resourceType.startsWith('network_interface:');
  const databases = s.endpoints.filter((e) => e.kind === 'database' && !isInterface(e) && e.privateIpv4.length === 0 && e.ipv6.length === 0 && e.groupIds.length > 0);
  if (databases.length === 0) return;
  const interfaces = s.endpoints.filter((e) => e.kind === 'database' && isInterface(e));
  if (interfaces.length === 0) return;
  const groupKey = (e: Endpoint): string => [...new Set(e.groupIds)].sort().join(' ');
  const byKey = new Map<string, Endpoint[]>();
  for (const d of databases) {
    const key = `${d.vpcId ?? ''}|${groupKey(d)}`;
    const list = byKey.get(key);
    if (list) list.push(d);
    else byKey.set(key, [d]);
  }
  const claims = new Map<Endpoint, Endpoint[]>();
  const claimedBy = new Map<Endpoint, Endpoint[]>();
  for (const eni of interfaces) {
    if (eni.vpcId === undefined) continue;
    const owners = (byKey.get(`${eni.vpcId}|${groupKey(eni)}`) ?? []).filter(
      (d) => d.subnetIds.length === 0 || eni.subnetIds.some((id) => d.subnetIds.includes(id)),
    );
    if (owners.length === 0) continue;
    claims.set(eni, owners);
    for (const d of owners) {
      const list = claimedBy.get(d);
      if (list) list.push(eni);
      else claimedBy.set(d, [eni]);
    }
  }
  if (claims.size === 0) return;
  const resolvable = (d: Endpoint): boolean => (claimedBy.get(d) ?? []).every((eni) => claims.get(eni)?.length === 1);
  const ambiguous = new Map<string, { dbs: Endpoint[]; enis: Endpoint[] }>();
  for (const [eni, owners] of claims) {
    const only = owners.length === 1 ? owners[0]! : undefined;
    if (only && resolvable(only)) {
      for (const key of ['privateIpv4', 'ipv6', 'publicIpv4', 'subnetIds'] as const) {
        for (const v of eni[key]) if (!only[key].includes(v)) only[key].push(v);
      }
      // The ENI's id still names the database, at the ENI's address.
      if (eni.id.startsWith('eni-') && !only.interfaces?.some((i) => i.id === eni.id)) {
        const address = eni.privateIpv4[0];
        (only.interfaces ??= []).push(address === undefined ? { id: eni.id } : { id: eni.id, privateIpv4: address });
      }
      continue;
    }
    const dbs = [...new Set(owners.flatMap((d) => [d, ...(claimedBy.get(d) ?? []).flatMap((e) => claims.get(e) ?? [])]))].sort(byId);
    const key = dbs.map((d) => d.id).join(' ');
    const entry = ambiguous.get(key);
    if (entry) entry.enis.push(eni);
    else ambiguous.set(key, { dbs, enis: [eni] });
  }
  const gone = new Set(claims.keys());
  s.endpoints = s.endpoints.filter((e) => !gone.has(e));
  for (const { dbs, enis } of ambiguous.values()) {
    const names = dbs.map((d) => d.name).join(', ');
    const ids = enis.map((e) => e.id).sort().join(', ');
    s.warnings.push({
      code: 'ambiguous-database-interface',
      message: `RDS network interface(s) ${ids} match databases ${names} (same VPC, groups and subnets); which address belongs to which is unknown, so those databases keep unknown addresses within their subnets`,
      subject: dbs[0]!.id,
    });
  }
}

/**
 * A Terraform state and an AWS dump of the same account describe an instance's network interfaces
 * twice. The AWS import gives an instance one endpoint per set of interfaces wearing the same
 * groups, listing their ENIs (`i-0abc/eni-1`, `i-0abc/eni-2` when they differ, since a group
 * reference matches per interface); Terraform gives the instance (its primary interface) and each
 * `aws_network_interface` attached to it as endpoints of their own. Left apart they would be the
 * same addresses twice, each answering for it. So:
 * - an instance endpoint whose interfaces the AWS import split folds into the split endpoint
 *   holding its primary interface (else its primary address);
 * - then an ENI endpoint (`eni-…`) that exactly one instance endpoint lists among its interfaces
 *   (once instances that fold stand for their targets) folds into that one.
 * Only when the folded side's groups are all on the target: a group one input gives an interface
 * and the other does not would, once folded, open the target's other interfaces too (a group
 * reference matches every address of an endpoint). Such a pair is kept apart with a warning. A
 * group attachment's stand-in (aws_network_interface_sg_attachment in another input) adds its
 * group, so it folds into an endpoint that is that one interface, whatever groups it lists.
 * Folding adds the folded side's addresses and subnets and keeps its Terraform address: on the
 * target when it has none, else on the interface. The target keeps its id, kind and ARN, so an
 * instance id or ARN names a split instance's endpoints alike; warnings about the folded endpoint
 * move to the target.
 */
function foldInstanceInterfaces(s: Snapshot): void {
  const splits = new Map<string, Endpoint[]>();
  let enis = 0;
  for (const e of s.endpoints) {
    if (e.kind === 'instance' && e.awsId !== undefined && e.id.startsWith(`${e.awsId}/`)) pushTo(splits, e.awsId, e);
    else if (isEniEndpoint(e)) enis++;
  }
  // Most inputs have neither an AWS split instance nor a Terraform ENI: nothing can fold.
  if (splits.size === 0 && enis === 0) return;
  const into = new Map<Endpoint, Endpoint>();
  const consider = (e: Endpoint, target: Endpoint | undefined): void => {
    if (!target) return;
    const name = e.tfAddress ?? e.id;
    const warn = (message: string): void => {
      const w: Warning = { code: 'interface-groups-differ', message, subject: target.id };
      if (e.origin?.file) w.file = e.origin.file;
      s.warnings.push(w);
    };
    // A stand-in for an aws_network_interface_sg_attachment of another input says the interface
    // gains its group, not which groups it has: it is no disagreement, and on an endpoint that is
    // that interface alone the group joins the endpoint's. On one holding other interfaces too it
    // would open those as well, so that case is weighed like any other.
    const attachment = e.resourceType === 'aws_network_interface_sg_attachment';
    const sole = target.interfaces?.length === 1 && target.interfaces[0]!.id === e.id;
    if ((attachment && sole) || e.groupIds.every((g) => target.groupIds.includes(g))) {
      into.set(e, target);
      // Fewer groups than the target is drift too, but folding opens nothing the target did not:
      // it keeps the larger set, which the reader should know is not what the other input says.
      // None at all is a group list an input left unsaid (AWS gives every interface one).
      const extra = e.groupIds.length > 0 && !attachment ? target.groupIds.filter((g) => !e.groupIds.includes(g)) : [];
      if (extra.length > 0) {
        warn(`${name} and ${target.id} are the same network interface, but ${target.id} also gives it ${extra.join(', ')}, which ${name} does not (the inputs were taken at different times?): folded into ${target.id}, which keeps all of its groups`);
      }
      return;
    }
    warn(`${name} and ${target.id} are the same network interface, but ${name} gives it groups ${e.groupIds.join(', ') || 'none'} where ${target.id} has ${target.groupIds.join(', ') || 'none'} (the inputs were taken at different times?): both are kept, so its address belongs to two endpoints`);
  };
  for (const e of s.endpoints) {
    const parts = e.kind === 'instance' ? splits.get(e.id) : undefined;
    if (!parts || parts.includes(e)) continue;
    const primaryEni = e.interfaces?.[0]?.id;
    const primaryIp = e.privateIpv4[0];
    consider(
      e,
      parts.find((p) => primaryEni !== undefined && p.interfaces?.some((i) => i.id === primaryEni)) ??
        parts.find((p) => primaryIp !== undefined && p.privateIpv4.includes(primaryIp)),
    );
  }
  if (enis > 0) {
    const owners = new Map<string, Endpoint[]>();
    for (const e of s.endpoints) {
      if (e.kind !== 'instance' || !e.interfaces) continue;
      const owner = into.get(e) ?? e;
      for (const i of e.interfaces) {
        const list = owners.get(i.id);
        if (!list) owners.set(i.id, [owner]);
        else if (!list.includes(owner)) list.push(owner);
      }
    }
    for (const e of s.endpoints) {
      const found = isEniEndpoint(e) ? owners.get(e.id) : undefined;
      if (found?.length === 1 && found[0] !== e) consider(e, found[0]);
    }
  }
  if (into.size === 0) return;
  const movedTo = new Map<string, string>();
  for (const [e, target] of into) {
    foldInterfaceInto(target, e);
    movedTo.set(e.id, target.id);
  }
  // The split endpoints of an instance no describe-instances named are called by its id: the
  // instance folded into one of them names them all.
  for (const e of into.keys()) {
    if (e.kind !== 'instance' || e.name === e.id) continue;
    for (const p of splits.get(e.id) ?? []) if (p.name.startsWith(`${e.id} (`)) p.name = e.name + p.name.slice(e.id.length);
  }
  for (const w of s.warnings) {
    const to = w.subject === undefined ? undefined : movedTo.get(w.subject);
    if (to !== undefined) w.subject = to;
  }
  s.endpoints = s.endpoints.filter((e) => !into.has(e));
}

function isEniEndpoint(e: Endpoint): boolean {
  return e.kind === 'eni' && e.id.startsWith('eni-');
}

/** Adds what `e` knows of an interface of `target` to it, in place (see foldInstanceInterfaces). */
function foldInterfaceInto(target: Endpoint, e: Endpoint): void {
  for (const key of ['privateIpv4', 'ipv6', 'publicIpv4', 'subnetIds', 'groupIds'] as const) {
    for (const v of e[key]) if (!target[key].includes(v)) target[key].push(v);
  }
  target.vpcId ??= e.vpcId;
  target.tags ??= e.tags;
  const interfaces = (target.interfaces ??= []);
  for (const i of e.interfaces ?? []) {
    const had = interfaces.find((x) => x.id === i.id);
    if (!had) interfaces.push({ ...i });
    else {
      had.privateIpv4 ??= i.privateIpv4;
      had.tfAddress ??= i.tfAddress;
    }
  }
  if (e.tfAddress === undefined || e.tfAddress === target.tfAddress) return;
  if (target.tfAddress === undefined) {
    target.tfAddress = e.tfAddress;
    return;
  }
  const primaryIp = e.privateIpv4[0];
  const eniId = e.kind === 'eni' ? e.id : (e.interfaces?.[0]?.id ?? interfaces.find((i) => i.privateIpv4 !== undefined && i.privateIpv4 === primaryIp)?.id);
  const entry = eniId === undefined ? undefined : interfaces.find((i) => i.id === eniId);
  if (entry) entry.tfAddress ??= e.tfAddress;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function resolveGroupNames(s: Snapshot, groupById: Map<string, SecurityGroup>, defaultGroupOf: ReadonlyMap<string, string>): void {
  // Defined groups by name, in list order, built on first use: most inputs name no groups at all.
  // Groups added below are external, so they never join this index.
  let byName: Map<string, SecurityGroup[]> | undefined;
  const named = (name: string): SecurityGroup[] => {
    if (!byName) {
      byName = new Map();
      for (const g of s.groups) {
        if (g.external || g.name === undefined) continue;
        const list = byName.get(g.name);
        if (list) list.push(g);
        else byName.set(g.name, [g]);
      }
    }
    return byName.get(name) ?? [];
  };
  /** The group `ref` (`name:<name>`) names in `vpcId`, for `who` (named in a warning about `subject`). */
  const resolve = (ref: string, vpcId: string | undefined, who: string, subject: string, file?: string): string => {
    const name = ref.slice(GROUP_NAME_PREFIX.length);
    const candidates = named(name).filter((g) => !vpcId || !g.vpcId || g.vpcId === vpcId);
    const inVpc = candidates.filter((g) => vpcId && g.vpcId === vpcId);
    const pick = inVpc.length > 0 ? inVpc : candidates;
    // The VPC's own record names its default group: the one group "default" means there, defined
    // in the inputs or not. Kept by that id, it is the same group as for endpoints naming it by id.
    const vpcDefault = ref === VPC_DEFAULT_GROUP && vpcId ? defaultGroupOf.get(vpcId) : undefined;
    const found = pick.length === 1 ? pick[0]!.id : vpcDefault;
    if (found !== undefined) return found;
    const why = pick.length === 0 ? 'matches no group' : `is ambiguous (${pick.map((g) => g.id).join(', ')})`;
    // "default" names the one default group of the VPC: kept per VPC, so that endpoints of two
    // VPCs whose default groups are both undefined do not seem to share a group.
    const id = ref === VPC_DEFAULT_GROUP && vpcId ? `${UNDEFINED_DEFAULT_PREFIX}${vpcId}` : ref;
    const what = id === ref ? `security group name "${name}" ${why}${vpcId ? ` in ${vpcId}` : ''}` : `the default security group of ${vpcId} (named "default") ${why}`;
    const w: Warning = { code: 'unresolved-group-name', message: `${who}: ${what}; kept as external group ${id}`, subject };
    if (file !== undefined) w.file = file;
    s.warnings.push(w);
    if (!groupById.has(id)) {
      const g: SecurityGroup = { id, name, external: true, externalReason: 'missing' };
      if (vpcId) g.vpcId = vpcId;
      s.groups.push(g);
      groupById.set(id, g);
    }
    return id;
  };
  for (const e of s.endpoints) {
    if (!e.groupIds.some((g) => g.startsWith(GROUP_NAME_PREFIX))) continue;
    const resolved = e.groupIds.map((ref) => (ref.startsWith(GROUP_NAME_PREFIX) ? resolve(ref, e.vpcId, e.name, e.id) : ref));
    e.groupIds = [...new Set(resolved)];
  }
  // A rule's peer named by a group name (an inline rule's `security_groups`) means the group of
  // that name in the VPC of the rule's own group. Peers are shared between rules: replaced, never
  // modified.
  for (const r of s.rules) {
    const peer = r.peer;
    if (peer.kind !== 'group' || !peer.groupId.startsWith(GROUP_NAME_PREFIX)) continue;
    const origin = r.origins[0];
    r.peer = { kind: 'group', groupId: resolve(peer.groupId, groupById.get(r.groupId)?.vpcId, `${origin?.address ?? r.groupId} ${r.direction} rule`, r.groupId, origin?.file) };
  }
}

/**
 * Listener stand-ins that met no load balancer of their ARN in the merge. A load balancer known
 * only from its network interfaces is keyed by an ARN built from the interface's region and
 * account, and by `loadbalancer/…` alone when those are unknown: match those by the part after
 * the partition, region and account. The rest have nothing to attach to: left out, warned.
 */
function attachLeftoverListeners(s: Snapshot): void {
  const stubs = s.endpoints.filter(isListenerStub);
  if (stubs.length === 0) return;
  const tail = (id: string): string | undefined => /(?:^|:)(loadbalancer\/.+)$/.exec(id)?.[1];
  const byTail = new Map<string, Endpoint>();
  for (const e of s.endpoints) {
    const t = e.kind === 'load-balancer' && !isListenerStub(e) ? tail(e.id) : undefined;
    if (t !== undefined) byTail.set(t, e);
  }
  for (const stub of stubs) {
    const t = tail(stub.id);
    const lb = t === undefined ? undefined : byTail.get(t);
    if (lb) lb.listeners = unionListeners(lb.listeners, stub.listeners);
    else s.warnings.push({ code: 'unmatched-listener', message: `listeners of ${stub.id} (${stub.origin?.address ?? stub.origin?.file ?? 'an input'}) are left out: no input describes that load balancer`, subject: stub.id, ...(stub.origin?.file ? { file: stub.origin.file } : {}) });
  }
  s.endpoints = s.endpoints.filter((e) => !isListenerStub(e));
}

function isElasticIpStub(e: Endpoint): boolean {
  return e.resourceType !== undefined && ELASTIC_IP_STUB_TYPES.has(e.resourceType);
}

/** Elastic IP stand-ins that met no instance or ENI in the merge: left out, warned. */
function dropLeftoverElasticIps(s: Snapshot): void {
  if (!s.endpoints.some(isElasticIpStub)) return;
  for (const e of s.endpoints.filter(isElasticIpStub)) {
    const w: Warning = {
      code: 'unmatched-elastic-ip',
      message: `elastic IP ${e.publicIpv4.join(', ')} (${e.origin?.address ?? 'an input'}) is associated with ${e.id}, which no input describes: left out`,
      subject: e.id,
    };
    if (e.origin?.file) w.file = e.origin.file;
    s.warnings.push(w);
  }
  s.endpoints = s.endpoints.filter((e) => !isElasticIpStub(e));
}

/**
 * A rule for icmp with an IPv6 peer (or icmpv6 with an IPv4 one) is accepted by AWS and allows
 * nothing: ICMP is IPv4's and ICMPv6 IPv6's (reach-index.ts ruleFamily). Written by mistake, for
 * ping over IPv6, it is worth a reviewer's eye.
 */
function warnIcmpOfOtherFamily(s: Snapshot): void {
  const listFamily = new Map(s.prefixLists.map((p) => [p.id, p.family ?? familyOfAll(p.entries)]));
  for (const r of s.rules) {
    if (r.protocol !== PROTO_ICMP && r.protocol !== PROTO_ICMPV6) continue;
    const peer = r.peer;
    const family = peer.kind === 'cidr' ? (addressFamily(peer.cidr) ?? undefined) : peer.kind === 'prefixList' ? listFamily.get(peer.id) : undefined;
    const wanted = r.protocol === PROTO_ICMP ? 4 : 6;
    if (family === undefined || family === wanted) continue;
    const what = peer.kind === 'cidr' ? peer.cidr : peer.kind === 'prefixList' ? `prefix list ${peer.id}` : peer.groupId;
    const [proto, other, right] = r.protocol === PROTO_ICMP ? ['icmp', 'IPv6', 'icmpv6 (58)'] : ['icmpv6', 'IPv4', 'icmp (1)'];
    // Rule ids are given later (sortAndDedupRules): the rule is named by its group and where it was read.
    const where = r.origins[0]?.address ?? r.origins[0]?.ruleId;
    const w: Warning = {
      code: 'icmp-wrong-family',
      message:
        `${r.groupId}${where ? ` (${where})` : ''}: the ${r.direction} rule for ${proto} ${r.direction === 'ingress' ? 'from' : 'to'} ${what}, an ${other} peer, allows nothing: ` +
        `${proto} is not carried over ${other}, whose ping is ${right}`,
      subject: r.groupId,
    };
    const file = r.origins[0]?.file;
    if (file) w.file = file;
    s.warnings.push(w);
  }
}

/** The family all of a list's entries are in, or undefined (none, or both). */
function familyOfAll(entries: readonly string[]): 4 | 6 | undefined {
  const families = new Set(entries.map(addressFamily));
  const [only] = families;
  return families.size === 1 && only !== null ? only : undefined;
}

/**
 * An endpoint that an input could only name by its id (an instance seen in a describe-network-
 * interfaces file, whose describe-instances came in another file) takes the Name tag another input
 * gave it, as it does when both answers are in one file: the name must not depend on the order of
 * the files. One of several endpoints split from an instance keeps its interfaces after the name.
 */
function nameByTag(s: Snapshot): void {
  for (const e of s.endpoints) {
    const tag = e.tags?.Name;
    if (!tag || e.name === tag) continue;
    const slash = e.id.indexOf('/');
    const base = slash > 0 ? e.id.slice(0, slash) : e.id;
    if (e.name === e.id || e.name === e.awsId || e.name === base) e.name = tag;
    else if (slash > 0 && e.name.startsWith(`${base} (`)) e.name = `${tag}${e.name.slice(base.length)}`;
  }
}

/** See REPLACES_VPC_DEFAULT_PREFIX. */
function dropReplacedDefaultGroups(s: Snapshot, groupById: ReadonlyMap<string, SecurityGroup>, defaultGroupOf: ReadonlyMap<string, string>): void {
  for (const e of s.endpoints) {
    // Most endpoints have neither: test before building any list.
    if (!e.defaultGroupReplacedBy?.length && !e.groupIds.some((g) => g.startsWith(REPLACES_VPC_DEFAULT_PREFIX))) continue;
    const markers = e.groupIds.filter((g) => g.startsWith(REPLACES_VPC_DEFAULT_PREFIX));
    // Kept on the endpoint, so a saved snapshot still drops the default group another input adds.
    const replacing = new Set([...(e.defaultGroupReplacedBy ?? []), ...markers.map((g) => g.slice(REPLACES_VPC_DEFAULT_PREFIX.length))]);
    e.defaultGroupReplacedBy = [...replacing].sort();
    // A group attached to the endpoint is in its VPC, where only the default group is named "default".
    const vpcDefault = e.vpcId ? defaultGroupOf.get(e.vpcId) : undefined;
    const isDefault = (g: string): boolean => g === VPC_DEFAULT_GROUP || g === vpcDefault || g.startsWith(UNDEFINED_DEFAULT_PREFIX) || groupById.get(g)?.name === 'default';
    e.groupIds = e.groupIds.filter((g) => !g.startsWith(REPLACES_VPC_DEFAULT_PREFIX) && (replacing.has(g) || !isDefault(g)));
  }
}

function dedupWarnings(ws: Warning[]): Warning[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const key = `${w.code}|${w.file ?? ''}|${w.subject ?? ''}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
