/**
 * The pure view model: turns a LoadedModel (snapshot + the host's analysis) into Cytoscape element
 * definitions for one of the three views. No DOM and no `cy` here, so it is unit-tested in Node and the
 * graph module only has to add what it is given. Every element carries the data the filters, the
 * details panel and the "Can A reach B?" highlighting need (search text, VPC/subnet scope, ports, risk),
 * which is why filtering later never needs the model again and never re-runs the analysis.
 */
import type { ElementDefinition } from 'cytoscape';
import type { FlowEdge, FlowNode, ProtocolPorts } from '../core/analysis-types';
import type { Endpoint, Rule, SecurityGroup, Snapshot, Subnet } from '../core/model';
import type { LoadedModel } from '../shared/api-contract';
import { tryParseCidr } from '../core/net/address';
import { describeExposure } from '../core/describe-exposure';
import { insideNetworkTest } from '../core/net/inside-network';
import { containsSensitivePort, summarizeRulePorts } from './port-sets';

export type MapView = 'reachability' | 'groups' | 'exposure';

export type NodeRole = 'vpc' | 'subnet' | 'endpoint' | 'endpoint-group' | 'external' | 'security-group';
export type ExternalKind = 'internet' | 'cidr' | 'prefix-list' | 'external-group';

export interface MapNodeData {
  id: string;
  label: string;
  parent?: string;
  role: NodeRole;
  /** Endpoint kind, external kind, 'vpc', 'subnet' or 'security-group'. */
  kind: string;
  /** Endpoints this node stands for (one for an endpoint, the members for a group). */
  endpointIds: string[];
  memberCount?: number;
  flowNodeId?: string;
  groupId?: string;
  vpcId?: string;
  subnetId?: string;
  cidrs?: string[];
  prefixListId?: string;
  /** Lower-cased name, ids, addresses and Terraform addresses, one per line, for text filters. */
  search: string;
  /**
   * The endpoints' ARNs, apart from `search`: text filters look in them only for text that has a
   * colon or a slash. Searched always, "db" matched every load balancer (elasticloa*db*alancing).
   */
  searchArns?: string;
  vpcIds: string[];
  subnetIds: string[];
  /** Set on members of an expanded group: the group element they replaced, to place them near it. */
  expandedFrom?: string;
}

export interface MapEdgeData {
  id: string;
  source: string;
  target: string;
  label: string;
  ports: ProtocolPorts[];
  flowEdgeId?: string;
  /** The rules of a security-groups view edge; a flow edge's are asked of the host when it is selected. */
  ruleIds?: string[];
  /** Kind of the source when it is outside the network, else null. */
  sourceExternal: ExternalKind | null;
  /** Kind of the target when it is an outside node (flow edges), for what its explanation says. */
  targetExternal?: ExternalKind;
  risky: boolean;
  depends: boolean;
  /**
   * The edge brings an outside source (the Internet, a public CIDR, a prefix list) to its target:
   * in the flow views, an exposure of the analysis (AnalysisResult.exposures, what the summary's
   * internetExposedEndpoints counts); in the groups view, an ingress rule from such a source.
   */
  exposure: boolean;
  /**
   * Set on a flow-view exposure edge when every exposure it stands for has publicAddress 'no': the
   * rules admit the outside source, but no endpoint behind the edge has an address it can send to
   * (Exposure.publicAddress). 'unknown' counts as live: it cannot be ruled out.
   */
  latent?: true;
  direction?: 'ingress' | 'egress';
}

export interface BuildOptions {
  /** Flow node ids of grouped endpoints the user expanded into their members. */
  expanded?: ReadonlySet<string>;
}

const KIND_LABELS: Record<string, string> = {
  instance: 'EC2 instance',
  eni: 'Network interface',
  'load-balancer': 'Load balancer',
  database: 'Database',
  lambda: 'Lambda',
  ecs: 'ECS service',
  efs: 'EFS',
  cache: 'ElastiCache',
  'vpc-endpoint': 'VPC endpoint',
  autoscaling: 'Auto Scaling group',
  eks: 'EKS',
  search: 'OpenSearch',
  mq: 'Amazon MQ',
  redshift: 'Redshift',
  msk: 'MSK',
  nat: 'NAT gateway',
  generic: 'Resource',
  mixed: 'Endpoints of several kinds',
  internet: 'Internet',
  cidr: 'CIDR block',
  'prefix-list': 'Prefix list',
  'external-group': 'External security group',
  'security-group': 'Security group',
  vpc: 'VPC',
  subnet: 'Subnet',
};

/** Why a group is outside the inputs (SecurityGroup.externalReason), as a reader would say it. */
const EXTERNAL_REASONS: Record<string, string> = {
  missing: 'not in the inputs',
  'aws-managed': 'managed by AWS',
  peered: 'in a peered VPC',
  'cross-account': 'in another account',
  'data-source': 'read through a data source',
};

/** Why a group is outside the inputs, in words: "not in the inputs" for a group no input defines. */
export function describeExternalReason(reason: string | undefined): string {
  return EXTERNAL_REASONS[reason ?? 'missing'] ?? reason ?? 'not in the inputs';
}

/**
 * For an endpoint's groups: a sentence naming those defined outside the inputs, whose rules are
 * therefore unknown (more may be allowed than the listed rules say), or null when all are defined.
 */
export function describeUnknownRuleGroups(groupIds: readonly string[], snapshot: Snapshot): string | null {
  const byId = new Map(snapshot.groups.map((g) => [g.id, g]));
  const unknown = unknownRuleGroups(groupIds, byId);
  if (unknown.length === 0) return null;
  const names = unknown.map((id) => {
    const g = byId.get(id);
    const why = describeExternalReason(g?.externalReason);
    return g?.name ? `${g.name} (${id}, ${why})` : `${id} (${why})`;
  });
  const one = unknown.length === 1;
  // The reason in brackets already says where the group is; the sentence says what that means.
  return `${one ? 'Group' : 'Groups'} ${names.join(', ')}: ${one ? 'its' : 'their'} rules are unknown, so more may be allowed than listed here.`;
}

/** One outside source that reaches an endpoint, as its details list it. */
export interface ExposureLine {
  /** "Internet (0.0.0.0/0): tcp 22 · at 198.51.100.10" */
  text: string;
  risky: boolean;
  /** Through a prefix list of unknown entries: it may not hold outside addresses at all. */
  depends: boolean;
}

/**
 * The outside sources that reach an endpoint (the analysis's exposures of it), risky ones first,
 * each with its ports and where it reaches the endpoint (Exposure.publicAddress): what a reviewer
 * asks of a host before its rules.
 */
export function describeExposuresOf(model: LoadedModel, endpointId: string): ExposureLine[] {
  const mine = model.analysis.exposures.filter((x) => x.endpointId === endpointId);
  if (mine.length === 0) return [];
  const endpoint = model.snapshot.endpoints.find((e) => e.id === endpointId);
  const nodes = new Map(model.analysis.flows.nodes.map((n) => [n.id, n]));
  const lines = mine.map((x) => ({ text: describeExposure(x, endpoint, nodes.get(x.from)), risky: x.risky, depends: !!x.depends }));
  // Stable: within each kind, the analysis's order.
  return lines.sort((a, b) => Number(b.risky) - Number(a.risky));
}

/**
 * The rules that name an outside node as their peer, by direction: ingress rules let it connect in
 * to their group's endpoints, egress rules let those endpoints connect out to it. A CIDR node (and
 * the Internet's 0.0.0.0/0 and ::/0) is matched by the block a rule names, however the rule spells
 * it (10.0.0.1/8 names 10.0.0.0/8, as the flow graph files it); a prefix list and an external group
 * by their ids. Rules listed are those naming the node, whether or not they allow any traffic (an
 * icmp rule from ::/0 names the Internet and allows nothing).
 */
export function findRulesNaming(snapshot: Snapshot, node: Pick<MapNodeData, 'kind' | 'cidrs' | 'prefixListId' | 'groupId'>): { inbound: Rule[]; outbound: Rule[] } {
  let names: (rule: Rule) => boolean;
  if (node.kind === 'prefix-list') names = (r) => r.peer.kind === 'prefixList' && r.peer.id === node.prefixListId;
  else if (node.kind === 'external-group') names = (r) => r.peer.kind === 'group' && r.peer.groupId === node.groupId;
  else if (node.kind === 'internet' || node.kind === 'cidr') {
    const blocks = new Set(node.cidrs ?? []);
    names = (r) => r.peer.kind === 'cidr' && blocks.has(tryParseCidr(r.peer.cidr)?.text ?? r.peer.cidr);
  } else return { inbound: [], outbound: [] };
  const inbound: Rule[] = [];
  const outbound: Rule[] = [];
  for (const r of snapshot.rules) if (names(r)) (r.direction === 'ingress' ? inbound : outbound).push(r);
  return { inbound, outbound };
}

/**
 * What a node picked on the map fills into an end of "Can A reach B?": an endpoint (a grouped
 * node's first member), the Internet, or a CIDR block's first address; undefined for nodes that
 * are no one end (describeUnpickable says why).
 */
export function refForNode(d: MapNodeData, internetRef: string): string | undefined {
  if (d.role === 'endpoint' || d.role === 'endpoint-group') return d.endpointIds[0];
  if (d.kind === 'internet') return internetRef;
  if (d.kind === 'cidr' && d.cidrs?.[0]) return d.cidrs[0].split('/')[0];
  return undefined;
}

/** Why a node cannot be picked as an end (refForNode gives it no REF), and what to do instead. */
export function describeUnpickable(d: MapNodeData, snapshot: Snapshot): string {
  const name = d.label.split('\n')[0] ?? d.id;
  if (d.kind === 'prefix-list') {
    const first = snapshot.prefixLists.find((p) => p.id === d.prefixListId)?.entries[0]?.split('/')[0];
    return `${name} is a list of address blocks, not one end: type one of its addresses${first ? ` (such as ${first})` : ''}, or pick an endpoint, the Internet or a CIDR block.`;
  }
  if (d.kind === 'external-group') return `${name} is a group defined outside the inputs, whose members' addresses are unknown: type one of their private addresses instead.`;
  if (d.role === 'security-group') {
    const members = d.endpointIds.length;
    return `A security group is not one end: ${members ? `pick one of its ${members === 1 ? 'endpoint' : `${members} endpoints`} in the reachability view, or type its name` : 'no endpoint carries it'}.`;
  }
  // Mid-sentence: "a subnet", but "a VPC".
  const kind = describeKind(d.kind).replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
  return `A ${kind} is not one end: pick an endpoint in it, or type an address.`;
}

/** A human name for an endpoint or node kind. */
export function describeKind(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/**
 * Resource types a reader knows but files under a kind it shares with others: shown by their kind
 * alone, a Route 53 Resolver endpoint read as "Resource" and a MemoryDB cluster as "ElastiCache".
 * A Map, since a saved snapshot's resourceType may be any string (`constructor` among them).
 */
const RESOURCE_TYPE_LABELS = new Map<string, string>([
  ['aws_route53_resolver_endpoint', 'Route 53 Resolver endpoint'],
  ['aws_codebuild_project', 'CodeBuild project'],
  ['aws_apigatewayv2_vpc_link', 'API Gateway VPC link'],
  ['aws_directory_service_directory', 'Directory Service directory'],
  ['aws_memorydb_cluster', 'MemoryDB'],
  ['aws_elasticache_serverless_cache', 'ElastiCache Serverless'],
  ['aws_docdb_cluster', 'DocumentDB'],
  ['aws_docdb_elastic_cluster', 'DocumentDB elastic cluster'],
  ['aws_neptune_cluster', 'Neptune'],
  ['aws_db_proxy', 'RDS Proxy'],
  ['aws_dms_replication_instance', 'DMS replication instance'],
]);

/** A human name for what an endpoint is: its service where its resource type tells, else its kind. */
export function describeEndpointKind(ep: Pick<Endpoint, 'kind' | 'resourceType'>): string {
  return (ep.resourceType !== undefined ? RESOURCE_TYPE_LABELS.get(ep.resourceType) : undefined) ?? describeKind(ep.kind);
}

const INTERNET_CIDRS = new Set(['0.0.0.0/0', '::/0']);

/** Element id of a VPC compound. */
export const toVpcElementId = (id: string): string => `vpc:${id}`;
/** Element id of a subnet compound. */
export const toSubnetElementId = (id: string): string => `subnet:${id}`;
/** Element id of one endpoint. */
export const toEndpointElementId = (id: string): string => `ep:${id}`;
/** Element id of a security group in the groups view. */
export const toGroupElementId = (id: string): string => `sg:${id}`;

function joinSearchText(parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p).join('\n').toLowerCase();
}

const isArn = (text: string | undefined): boolean => !!text?.startsWith('arn:');

/** An endpoint's search lines (MapNodeData.search), ARNs left out. */
function describeEndpointForSearch(ep: Endpoint, groups: Map<string, SecurityGroup>): string {
  return joinSearchText(
    [
      ep.name,
      ep.id,
      ep.awsId,
      ep.tfAddress,
      ...ep.privateIpv4,
      ...ep.publicIpv4,
      ...ep.ipv6,
      ...ep.groupIds,
      ...ep.groupIds.map((g) => groups.get(g)?.name),
      // Ids the details panel shows: an instance's network interfaces, its VPC and subnets.
      ...(ep.interfaces ?? []).map((i) => i.id),
      ep.vpcId,
      ...ep.subnetIds,
    ].filter((x) => !isArn(x)),
  );
}

/** The endpoints' ARNs (MapNodeData.searchArns), undefined when they have none. */
function arnsForSearch(eps: readonly Endpoint[]): string | undefined {
  const arns = new Set<string>();
  for (const ep of eps) for (const x of [ep.id, ep.awsId, ep.arn]) if (x && isArn(x)) arns.add(x);
  return arns.size ? joinSearchText([...arns]) : undefined;
}

/** Builds the compound parents lazily, so only VPCs and subnets that hold something are drawn. */
class CompoundBuilder {
  readonly elements: ElementDefinition[] = [];
  private readonly made = new Set<string>();
  private readonly vpcs: Map<string, Snapshot['vpcs'][number]>;
  private readonly subnets: Map<string, Subnet>;

  constructor(snapshot: Snapshot) {
    this.vpcs = new Map(snapshot.vpcs.map((v) => [v.id, v]));
    this.subnets = new Map(snapshot.subnets.map((s) => [s.id, s]));
  }

  vpcOfSubnet(subnetId: string): string | undefined {
    return this.subnets.get(subnetId)?.vpcId;
  }

  ensureVpc(vpcId: string): string {
    const id = toVpcElementId(vpcId);
    if (this.made.has(id)) return id;
    this.made.add(id);
    const vpc = this.vpcs.get(vpcId);
    const name = vpc?.name ? `${vpc.name} (${vpcId})` : vpcId;
    const cidrs = vpc ? [...vpc.cidrs, ...vpc.ipv6Cidrs] : [];
    const data: MapNodeData = {
      id,
      label: cidrs.length ? `${name}  ${cidrs.join(', ')}` : name,
      role: 'vpc',
      kind: 'vpc',
      endpointIds: [],
      vpcId,
      search: joinSearchText([vpc?.name, vpcId, ...cidrs]),
      vpcIds: [vpcId],
      subnetIds: [],
    };
    this.elements.push({ group: 'nodes', data, classes: 'compound vpc' });
    return id;
  }

  ensureSubnet(subnetId: string, fallbackVpc?: string): string {
    const id = toSubnetElementId(subnetId);
    if (this.made.has(id)) return id;
    this.made.add(id);
    const subnet = this.subnets.get(subnetId);
    const vpcId = subnet?.vpcId ?? fallbackVpc;
    const parent = vpcId ? this.ensureVpc(vpcId) : undefined;
    const head = subnet?.name ? `${subnet.name}` : subnetId;
    const parts = [head, subnet?.availabilityZone, subnet?.cidr].filter(Boolean);
    const data: MapNodeData = {
      id,
      label: parts.join(' · ') + (subnet?.mapPublicIp ? ' · public' : ''),
      role: 'subnet',
      kind: 'subnet',
      endpointIds: [],
      vpcId,
      subnetId,
      search: joinSearchText([subnet?.name, subnetId, subnet?.cidr, subnet?.availabilityZone]),
      vpcIds: vpcId ? [vpcId] : [],
      subnetIds: [subnetId],
    };
    if (parent) data.parent = parent;
    this.elements.push({ group: 'nodes', data, classes: 'compound subnet' });
    return id;
  }

  /** The compound an endpoint sits in: its first subnet, else its VPC, else none. */
  parentOfEndpoint(ep: Endpoint): string | undefined {
    const sid = ep.subnetIds[0];
    if (sid) return this.ensureSubnet(sid, ep.vpcId);
    if (ep.vpcId) return this.ensureVpc(ep.vpcId);
    return undefined;
  }

  /** The innermost compound shared by all members: a common first subnet, else a common VPC. */
  parentOfMembers(members: Endpoint[]): string | undefined {
    const subnets = new Set(members.map((m) => m.subnetIds[0] ?? ''));
    if (subnets.size === 1 && !subnets.has('')) return this.parentOfEndpoint(members[0]!);
    const vpcs = new Set(members.map((m) => m.vpcId ?? (m.subnetIds[0] ? this.vpcOfSubnet(m.subnetIds[0]) : undefined) ?? ''));
    if (vpcs.size === 1 && !vpcs.has('')) return this.ensureVpc([...vpcs][0]!);
    return undefined;
  }
}

function findEndpointScope(ep: Endpoint, compounds: CompoundBuilder): { vpcIds: string[]; subnetIds: string[] } {
  const vpcIds = new Set<string>();
  if (ep.vpcId) vpcIds.add(ep.vpcId);
  for (const s of ep.subnetIds) {
    const v = compounds.vpcOfSubnet(s);
    if (v) vpcIds.add(v);
  }
  return { vpcIds: [...vpcIds], subnetIds: [...ep.subnetIds] };
}

/**
 * The groups defined outside the inputs (or in none) among an endpoint's: their rules are unknown,
 * so its flows on the map, from its known rules only, may be fewer than its real ones.
 */
function unknownRuleGroups(groupIds: readonly string[], groups: Map<string, SecurityGroup>): string[] {
  return [...new Set(groupIds)].filter((id) => {
    const group = groups.get(id);
    return !group || group.external;
  });
}

function carriesUnknownRules(ep: Endpoint, groups: Map<string, SecurityGroup>): boolean {
  return unknownRuleGroups(ep.groupIds, groups).length > 0;
}

function makeEndpointNode(ep: Endpoint, compounds: CompoundBuilder, groups: Map<string, SecurityGroup>, flowNodeId?: string): ElementDefinition {
  const scope = findEndpointScope(ep, compounds);
  const address = ep.privateIpv4[0] ?? ep.publicIpv4[0] ?? ep.ipv6[0];
  const data: MapNodeData = {
    id: toEndpointElementId(ep.id),
    label: `${ep.name}\n${describeEndpointKind(ep)}${address ? ` · ${address}` : ''}`,
    role: 'endpoint',
    kind: ep.kind,
    endpointIds: [ep.id],
    search: describeEndpointForSearch(ep, groups),
    ...scope,
  };
  const arns = arnsForSearch([ep]);
  if (arns) data.searchArns = arns;
  if (flowNodeId) data.flowNodeId = flowNodeId;
  if (ep.vpcId) data.vpcId = ep.vpcId;
  const parent = compounds.parentOfEndpoint(ep);
  if (parent) data.parent = parent;
  const classes = ['endpoint', `kind-${ep.kind}`];
  if (ep.internetFacing) classes.push('internet-facing');
  if (carriesUnknownRules(ep, groups)) classes.push('unknown-rules');
  return { group: 'nodes', data, classes: classes.join(' ') };
}

function isExternal(node: FlowNode): node is Extract<FlowNode, { kind: ExternalKind }> {
  return node.kind !== 'endpoints';
}

/** Whether a flow edge comes from outside the network (the Internet, a CIDR or a prefix list). */
function isFromOutside(kind: FlowNode['kind'] | undefined): boolean {
  return kind === 'internet' || kind === 'cidr' || kind === 'prefix-list';
}

function buildFlowElements(model: LoadedModel, onlyFromOutside: boolean, options: BuildOptions): ElementDefinition[] {
  const { snapshot, analysis } = model;
  const flows = analysis.flows;
  const expanded = options.expanded ?? new Set<string>();
  const endpoints = new Map(snapshot.endpoints.map((e) => [e.id, e]));
  const groups = new Map(snapshot.groups.map((g) => [g.id, g]));
  const flowNodes = new Map(flows.nodes.map((n) => [n.id, n]));
  const compounds = new CompoundBuilder(snapshot);

  // The exposure view draws the analysis's exposures (what the summary counts): an edge from an
  // outside node that reaches some member as an exposure, not one from a private block.
  const exposedEdge = new Set(analysis.exposures.map((x) => `${x.from}\n${flows.memberOf[x.endpointId] ?? ''}`));
  const edgesShown = onlyFromOutside ? flows.edges.filter((e) => isFromOutside(flowNodes.get(e.from)?.kind) && exposedEdge.has(`${e.from}\n${e.to}`)) : flows.edges;
  const nodesShown = onlyFromOutside
    ? new Set(edgesShown.flatMap((e) => [e.from, e.to]))
    : new Set(flows.nodes.map((n) => n.id));

  // flow node id -> element ids standing for it (several when a group is expanded).
  const elementsOf = new Map<string, string[]>();
  // Exposures by source node and endpoint, so an edge is marked as the summary counts it; the value
  // says whether all of them miss a public address (several may share a pair).
  const exposedNoAddress = new Map<string, boolean>();
  for (const x of analysis.exposures) {
    const key = `${x.from}\n${x.endpointId}`;
    exposedNoAddress.set(key, (exposedNoAddress.get(key) ?? true) && x.publicAddress === 'no');
  }
  const endpointIdsOf = new Map<string, string[]>();
  const leaves: ElementDefinition[] = [];
  const placed = new Set<string>();

  for (const node of flows.nodes) {
    if (!nodesShown.has(node.id)) continue;
    if (isExternal(node)) {
      const id = `x:${node.id}`;
      const data: MapNodeData = {
        id,
        label: node.kind === 'internet' ? 'Internet' : node.label,
        role: 'external',
        kind: node.kind,
        endpointIds: [],
        flowNodeId: node.id,
        search: joinSearchText([node.label, node.id, ...(node.cidrs ?? []), node.prefixListId, node.groupId, node.kind === 'internet' ? 'internet' : undefined]),
        vpcIds: [],
        subnetIds: [],
      };
      if (node.cidrs) data.cidrs = node.cidrs;
      if (node.prefixListId) data.prefixListId = node.prefixListId;
      if (node.groupId) data.groupId = node.groupId;
      leaves.push({ group: 'nodes', data, classes: `external ext-${node.kind}` });
      elementsOf.set(node.id, [id]);
      endpointIdsOf.set(id, []);
      continue;
    }
    const members = node.members.map((m) => endpoints.get(m)).filter((m): m is Endpoint => !!m);
    if (members.length === 0) continue;
    if (members.length === 1 || expanded.has(node.id)) {
      const groupElement = `fg:${node.id}`;
      const ids: string[] = [];
      for (const ep of members) {
        const el = makeEndpointNode(ep, compounds, groups, node.id);
        if (members.length > 1) (el.data as MapNodeData).expandedFrom = groupElement;
        leaves.push(el);
        ids.push(el.data.id!);
        endpointIdsOf.set(el.data.id!, [ep.id]);
        placed.add(ep.id);
      }
      elementsOf.set(node.id, ids);
      continue;
    }
    const id = `fg:${node.id}`;
    const vpcIds = new Set<string>();
    const subnetIds = new Set<string>();
    for (const m of members) {
      const s = findEndpointScope(m, compounds);
      s.vpcIds.forEach((v) => vpcIds.add(v));
      s.subnetIds.forEach((v) => subnetIds.add(v));
      placed.add(m.id);
    }
    const kinds = new Set(members.map((m) => m.kind));
    // Endpoints of several kinds (a load balancer beside instances) share reachability too: drawn
    // as any one kind, or as a plain resource, the node would hide what it holds.
    const kind = kinds.size === 1 ? members[0]!.kind : 'mixed';
    const data: MapNodeData = {
      id,
      label: `${node.label}\n${members.length} endpoints${kinds.size > 1 ? ` of ${kinds.size} kinds` : ''}`,
      role: 'endpoint-group',
      kind,
      endpointIds: members.map((m) => m.id),
      memberCount: members.length,
      flowNodeId: node.id,
      search: members.map((m) => describeEndpointForSearch(m, groups)).concat(node.label.toLowerCase()).join('\n'),
      vpcIds: [...vpcIds],
      subnetIds: [...subnetIds],
    };
    const arns = arnsForSearch(members);
    if (arns) data.searchArns = arns;
    const parent = compounds.parentOfMembers(members);
    if (parent) data.parent = parent;
    // Members of a class carry the same groups: the first tells for all.
    const unknown = carriesUnknownRules(members[0]!, groups) ? ' unknown-rules' : '';
    leaves.push({ group: 'nodes', data, classes: `endpoint grouped kind-${kind}${unknown}` });
    elementsOf.set(node.id, [id]);
    endpointIdsOf.set(id, data.endpointIds);
  }

  // Endpoints the analysis put in no flow node still belong on the reachability map (with no flows).
  if (!onlyFromOutside) {
    for (const ep of snapshot.endpoints) {
      if (placed.has(ep.id) || flows.memberOf[ep.id]) continue;
      leaves.push(makeEndpointNode(ep, compounds, groups));
    }
  }

  const edges: ElementDefinition[] = [];
  for (const edge of edgesShown) {
    const sources = elementsOf.get(edge.from);
    const targets = elementsOf.get(edge.to);
    if (!sources || !targets) continue;
    const fromNode = flowNodes.get(edge.from);
    const sourceExternal = fromNode && isExternal(fromNode) ? fromNode.kind : null;
    const single = sources.length === 1 && targets.length === 1;
    for (const s of sources) {
      for (const t of targets) {
        // A class reaching itself is one loop when collapsed; expanded, an endpoint reaching itself says nothing.
        if (!single && s === t) continue;
        // A grouped node's edge is latent only when every member exposed through it is: one
        // addressable member makes the finding live.
        const noAddress = sourceExternal ? (endpointIdsOf.get(t) ?? []).map((id) => exposedNoAddress.get(`${edge.from}\n${id}`)).filter((v) => v !== undefined) : [];
        const exposure = noAddress.length > 0 ? (noAddress.every(Boolean) ? 'latent' : 'live') : null;
        const toNode = flowNodes.get(edge.to);
        edges.push(makeFlowEdge(edge, single ? `fe:${edge.id}` : `fe:${edge.id}|${s}|${t}`, s, t, sourceExternal, toNode && isExternal(toNode) ? toNode.kind : null, exposure));
      }
    }
  }
  return [...compounds.elements, ...leaves, ...edges];
}

function makeFlowEdge(edge: FlowEdge, id: string, source: string, target: string, sourceExternal: ExternalKind | null, targetExternal: ExternalKind | null, exposure: 'live' | 'latent' | null): ElementDefinition {
  const toInternet = targetExternal === 'internet';
  const risky = sourceExternal === 'internet' && containsSensitivePort(edge.ports);
  const data: MapEdgeData = {
    id,
    source,
    target,
    label: edge.label,
    ports: edge.ports,
    flowEdgeId: edge.id,
    sourceExternal,
    risky,
    depends: !!edge.depends,
    exposure: exposure !== null,
  };
  if (exposure === 'latent') data.latent = true;
  if (targetExternal) data.targetExternal = targetExternal;
  // Outbound traffic to the whole Internet is the AWS default on most groups: drawn quietly.
  return { group: 'edges', data, classes: classifyEdge(data) + (toInternet ? ' to-internet' : '') };
}

function classifyEdge(d: MapEdgeData): string {
  const c = ['flow'];
  if (d.risky) c.push('risky');
  else if (d.sourceExternal === 'internet') c.push('from-internet');
  else if (d.sourceExternal) c.push('from-external');
  if (d.depends) c.push('depends');
  if (d.latent) c.push('latent');
  if (d.direction) c.push(d.direction);
  if (d.source === d.target) c.push('loop');
  return c.join(' ');
}

function buildGroupElements(model: LoadedModel): ElementDefinition[] {
  const { snapshot } = model;
  const compounds = new CompoundBuilder(snapshot);
  const groups = new Map(snapshot.groups.map((g) => [g.id, g]));
  const prefixLists = new Map(snapshot.prefixLists.map((p) => [p.id, p]));
  const members = new Map<string, Endpoint[]>();
  for (const ep of snapshot.endpoints) {
    for (const g of ep.groupIds) {
      const list = members.get(g) ?? [];
      list.push(ep);
      members.set(g, list);
    }
  }
  const nodes = new Map<string, ElementDefinition>();

  const ensureGroup = (groupId: string): string => {
    const id = toGroupElementId(groupId);
    if (nodes.has(id)) return id;
    const g = groups.get(groupId);
    const eps = members.get(groupId) ?? [];
    const external = !g || g.external;
    const vpcIds = new Set<string>();
    if (g?.vpcId) vpcIds.add(g.vpcId);
    const data: MapNodeData = {
      id,
      label: `${g?.name ?? groupId}\n${g?.name ? groupId : 'security group'}${eps.length ? ` · ${eps.length} endpoint${eps.length > 1 ? 's' : ''}` : ''}`,
      role: 'security-group',
      kind: external ? 'external-group' : 'security-group',
      endpointIds: eps.map((e) => e.id),
      groupId,
      search: joinSearchText([g?.name, groupId, g?.description, g?.origin?.address, ...eps.map((e) => describeEndpointForSearch(e, groups))]),
      vpcIds: [...vpcIds],
      subnetIds: [...new Set(eps.flatMap((e) => e.subnetIds))],
    };
    const arns = arnsForSearch(eps);
    if (arns) data.searchArns = arns;
    if (g?.vpcId) {
      data.parent = compounds.ensureVpc(g.vpcId);
      data.vpcId = g.vpcId;
    }
    nodes.set(id, { group: 'nodes', data, classes: external ? 'security-group external-group' : 'security-group' });
    return id;
  };

  // Private blocks and the VPC's own are internal, as the analysis reads them for exposures.
  const inside = insideNetworkTest(model.snapshot);
  const isOutsideText = (text: string): boolean => {
    const c = tryParseCidr(text);
    return !!c && !inside(c);
  };
  /** Whether a rule's peer may hold outside addresses, as the analysis decides for exposures. */
  const isOutsidePeer = (peer: Rule['peer']): boolean => {
    if (peer.kind === 'cidr') return isOutsideText(peer.cidr);
    if (peer.kind === 'prefixList') {
      const pl = prefixLists.get(peer.id);
      return !pl || !!pl.entriesUnknown || pl.entries.some(isOutsideText);
    }
    return false;
  };

  const ensurePeer = (rule: Rule): { id: string; external: ExternalKind | null } => {
    const peer = rule.peer;
    if (peer.kind === 'group') {
      const g = groups.get(peer.groupId);
      return { id: ensureGroup(peer.groupId), external: !g || g.external ? 'external-group' : null };
    }
    let id: string;
    let data: MapNodeData;
    let kind: ExternalKind;
    if (peer.kind === 'cidr' && INTERNET_CIDRS.has(peer.cidr)) {
      id = 'x:internet';
      kind = 'internet';
      data = { id, label: 'Internet', role: 'external', kind, endpointIds: [], cidrs: ['0.0.0.0/0', '::/0'], search: 'internet\n0.0.0.0/0\n::/0', vpcIds: [], subnetIds: [] };
    } else if (peer.kind === 'cidr') {
      id = `x:cidr:${peer.cidr}`;
      kind = 'cidr';
      data = { id, label: peer.cidr, role: 'external', kind, endpointIds: [], cidrs: [peer.cidr], search: peer.cidr, vpcIds: [], subnetIds: [] };
    } else {
      id = `x:pl:${peer.id}`;
      kind = 'prefix-list';
      const pl = prefixLists.get(peer.id);
      data = { id, label: pl?.name ? `${pl.name}\n${peer.id}` : peer.id, role: 'external', kind, endpointIds: [], prefixListId: peer.id, search: joinSearchText([pl?.name, peer.id, ...(pl?.entries ?? [])]), vpcIds: [], subnetIds: [] };
    }
    if (!nodes.has(id)) nodes.set(id, { group: 'nodes', data, classes: `external ext-${kind}` });
    return { id, external: kind };
  };

  for (const g of snapshot.groups) ensureGroup(g.id);
  const buckets = new Map<string, { source: string; target: string; direction: 'ingress' | 'egress'; sourceExternal: ExternalKind | null; rules: Rule[]; exposure: boolean }>();
  for (const rule of snapshot.rules) {
    const own = ensureGroup(rule.groupId);
    const peer = ensurePeer(rule);
    const [source, target, sourceExternal] = rule.direction === 'ingress' ? [peer.id, own, peer.external] : [own, peer.id, null];
    const key = `r:${rule.direction}:${source}>${target}`;
    const bucket = buckets.get(key) ?? { source, target, direction: rule.direction, sourceExternal, rules: [], exposure: false };
    bucket.rules.push(rule);
    bucket.exposure ||= rule.direction === 'ingress' && isOutsidePeer(rule.peer);
    buckets.set(key, bucket);
  }
  const edges: ElementDefinition[] = [];
  for (const [id, b] of buckets) {
    const ports = summarizeRulePorts(b.rules);
    const data: MapEdgeData = {
      id,
      source: b.source,
      target: b.target,
      label: ports.map((p) => p.label).join('; '),
      ports,
      ruleIds: b.rules.map((r) => r.id),
      sourceExternal: b.sourceExternal,
      risky: b.sourceExternal === 'internet' && containsSensitivePort(ports),
      depends: false,
      exposure: b.exposure,
      direction: b.direction,
    };
    edges.push({ group: 'edges', data, classes: classifyEdge(data) + (b.target === 'x:internet' ? ' to-internet' : '') });
  }
  return [...compounds.elements, ...nodes.values(), ...edges];
}

/**
 * The elements of one view. Reachability: endpoints in their VPC and subnet with the analysed flows.
 * Security groups: groups as nodes with the rule references between them and to CIDRs/prefix lists.
 * Exposure: only flows from outside (Internet, CIDR blocks, prefix lists) and what they reach.
 */
export function buildElements(model: LoadedModel, view: MapView, options: BuildOptions = {}): ElementDefinition[] {
  if (view === 'groups') return buildGroupElements(model);
  return buildFlowElements(model, view === 'exposure', options);
}

/** endpoint id -> the leaf element that shows it (the endpoint itself, or its collapsed group). */
export function indexEndpointElements(elements: readonly ElementDefinition[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const el of elements) {
    if (el.group !== 'nodes') continue;
    const d = el.data as MapNodeData;
    if (d.role !== 'endpoint' && d.role !== 'endpoint-group') continue;
    for (const e of d.endpointIds) index.set(e, d.id);
  }
  return index;
}
