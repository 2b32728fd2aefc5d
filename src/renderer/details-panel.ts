/**
 * The right-hand details panel: what a selected node is (kind, groups, addresses, Terraform address)
 * and every rule touching it inbound and outbound with the file and resource it came from; for an
 * edge, the host's explanation of which egress and ingress rules allow each port range. Rules are
 * read from the snapshot the renderer already has; only edge explanations ask the host.
 */
import type { EdgeExplanation, RuleRef } from '../core/analysis-types';
import { NO_PUBLIC_ADDRESS } from '../core/describe-exposure';
import type { Endpoint, Origin, Peer, Rule, SecurityGroup } from '../core/model';
import { isUnfiltered } from '../core/model';
import type { LoadedModel, RendererApi } from '../shared/api-contract';
import { buildDefinitionList, createEl } from './dom';
import { INTERNET_REF, internetStandIn } from './internet-ref';
import { containsSensitivePort, nameProtocol } from './port-sets';
import type { MapEdgeData, MapNodeData } from './view-model';
import { describeEndpointKind, describeExposuresOf, describeExternalReason, describeKind, describeUnknownRuleGroups, findRulesNaming } from './view-model';

export interface DetailsActions {
  /** Fills an end of "Can A reach B?"; `elementId` when the node stands for more than `ref` (a grouped node). */
  useAs(side: 'from' | 'to', ref: string, label: string, elementId?: string): void;
  expandGroup(flowNodeId: string): void;
  collapseGroup(flowNodeId: string): void;
  focusEndpoint(endpointId: string): void;
}

export interface DetailsContext {
  model: LoadedModel;
  api: RendererApi;
  actions: DetailsActions;
}

/** One line for an origin: file · Terraform address · block · AWS rule id. */
export function describeOrigin(o: Origin): string {
  return [o.file, o.address, o.block !== undefined ? `block ${o.block}` : undefined, o.ruleId, o.edit ? `edited: ${o.edit}` : undefined].filter(Boolean).join(' · ');
}

function describePorts(r: Pick<Rule, 'protocol' | 'fromPort' | 'toPort'>): string {
  const name = nameProtocol(r.protocol);
  if (r.protocol === -1) return 'all traffic';
  if (r.protocol === 6 || r.protocol === 17) {
    if (r.fromPort === null || (r.fromPort === 0 && r.toPort === 65535)) return `${name} all ports`;
    return r.fromPort === r.toPort ? `${name} ${r.fromPort}` : `${name} ${r.fromPort}-${r.toPort}`;
  }
  if (r.protocol === 1 || r.protocol === 58) {
    if (r.fromPort === null || r.fromPort < 0) return `${name} all`;
    return `${name} type ${r.fromPort}${r.toPort !== null && r.toPort >= 0 ? ` code ${r.toPort}` : ''}`;
  }
  return `protocol ${name}`;
}

function describePeer(peer: Peer, groups: ReadonlyMap<string, SecurityGroup>): string {
  if (peer.kind === 'cidr') return peer.cidr === '0.0.0.0/0' || peer.cidr === '::/0' ? `${peer.cidr} (the Internet)` : peer.cidr;
  if (peer.kind === 'prefixList') return `prefix list ${peer.id}`;
  const g = groups.get(peer.groupId);
  return g?.name ? `${g.name} (${peer.groupId})` : peer.groupId;
}

/** The fields of a rule its card shows: a snapshot Rule, or the RuleRef an explanation or an answer lists. */
export type ShownRule = Pick<Rule, 'groupId' | 'direction' | 'protocol' | 'fromPort' | 'toPort' | 'peer' | 'description' | 'origins'>;

/**
 * A rule's two lines, the same in a node's details, under an edge and under an answer: what it
 * allows (`tcp 22 from 203.0.113.10/32`) and whose rule it is (`ingress rule of bastion (sg-1)`).
 */
export function describeRuleLines(rule: ShownRule, groups: ReadonlyMap<string, SecurityGroup>): { what: string; owner: string } {
  const g = groups.get(rule.groupId);
  const towards = rule.direction === 'ingress' ? 'from' : 'to';
  return {
    what: `${describePorts(rule)} ${towards} ${describePeer(rule.peer, groups)}`,
    owner: `${rule.direction} rule of ${g?.name ? `${g.name} (${rule.groupId})` : rule.groupId}`,
  };
}

/** A rule's card: its two lines, its description and where it came from. */
export function renderRuleCard(rule: ShownRule, ruleId: string, groups: ReadonlyMap<string, SecurityGroup>): HTMLElement {
  const { what, owner } = describeRuleLines(rule, groups);
  return createEl(
    'div',
    { class: 'rule', attrs: { 'data-rule': ruleId } },
    createEl('div', { class: 'what', text: what }),
    createEl('div', { class: 'muted', text: owner }),
    rule.description ? createEl('div', { class: 'desc', text: rule.description }) : null,
    ...rule.origins.map((o) => createEl('div', { class: 'origin', text: describeOrigin(o) })),
  );
}

function renderRule(rule: Rule, groups: ReadonlyMap<string, SecurityGroup>): HTMLElement {
  return renderRuleCard(rule, rule.id, groups);
}

function renderRuleRef(ref: RuleRef, groups: ReadonlyMap<string, SecurityGroup>): HTMLElement {
  return renderRuleCard(ref, ref.ruleId, groups);
}

const UNFILTERED_TEXT =
  'Not filtered by security groups: AWS attaches none to it, so the rules of whatever it talks to decide its flows, and its listeners, when the inputs list them, what it accepts (Reachmap does not model NACLs or routes).';
const NAT_TEXT =
  'Not filtered by security groups: AWS attaches none to a NAT gateway. It accepts no connection itself, from outside or from its VPC: it only forwards those its subnets\' hosts open, so nothing is drawn to it.';

/** Rules of the given groups, split by direction, in snapshot order. */
function renderRulesOf(groupIds: string[], model: LoadedModel): HTMLElement[] {
  const groups = new Map(model.snapshot.groups.map((g) => [g.id, g]));
  const set = new Set(groupIds);
  const rules = model.snapshot.rules.filter((r) => set.has(r.groupId));
  const inbound = rules.filter((r) => r.direction === 'ingress');
  const outbound = rules.filter((r) => r.direction === 'egress');
  // Groups defined outside the inputs have rules no one listed: saying "nothing may connect in"
  // would claim what the inputs do not say (an EKS cluster's AWS-managed group, another state's).
  const unknown = describeUnknownRuleGroups(groupIds, model.snapshot);
  const none = (known: string): HTMLElement => createEl('p', { class: 'muted', text: unknown ? `No known rule. ${unknown}` : known });
  const note = (): HTMLElement[] => (unknown ? [createEl('p', { class: 'muted unknown-rules', text: unknown })] : []);
  return [
    createEl('h4', { text: `Inbound rules (${inbound.length})` }),
    ...(inbound.length ? [...inbound.map((r) => renderRule(r, groups)), ...note()] : [none('No ingress rule: nothing may connect in.')]),
    createEl('h4', { text: `Outbound rules (${outbound.length})` }),
    ...(outbound.length ? [...outbound.map((r) => renderRule(r, groups)), ...note()] : [none('No egress rule: it may not open connections.')]),
  ];
}

/** What outside sources reach the endpoint, and whether at a public address: nothing when none does. */
function renderExposures(endpointId: string, model: LoadedModel): HTMLElement[] {
  const lines = describeExposuresOf(model, endpointId);
  if (lines.length === 0) return [];
  return [
    createEl('h4', { text: `Reachable from outside (${lines.length})` }),
    createEl(
      'ul',
      { class: 'exposures' },
      ...lines.map((l) => createEl('li', { class: [l.risky ? 'risky' : '', l.depends ? 'depends' : ''].filter(Boolean).join(' '), text: `${l.risky ? '⚠ ' : ''}${l.text}${l.depends ? ' (if the prefix list holds outside addresses)' : ''}` })),
    ),
  ];
}

/** Past this many rules a direction lists the first ones and counts the rest (the Internet on a large estate). */
const NAMING_RULES_SHOWN = 50;

/** An outside node's rules: those that name it, the way an endpoint's details list its groups' rules. */
function renderRulesNaming(data: MapNodeData, model: LoadedModel): HTMLElement[] {
  const groups = new Map(model.snapshot.groups.map((g) => [g.id, g]));
  const { inbound, outbound } = findRulesNaming(model.snapshot, data);
  const list = (rules: Rule[], none: string): HTMLElement[] => {
    if (rules.length === 0) return [createEl('p', { class: 'muted', text: none })];
    const shown = rules.slice(0, NAMING_RULES_SHOWN).map((r) => renderRule(r, groups));
    const more = rules.length - shown.length;
    return more > 0 ? [...shown, createEl('p', { class: 'muted', text: `and ${more.toLocaleString()} more.` })] : shown;
  };
  return [
    createEl('h4', { text: `Inbound rules from it (${inbound.length})` }),
    ...list(inbound, 'No ingress rule names it.'),
    createEl('h4', { text: `Outbound rules to it (${outbound.length})` }),
    ...list(outbound, 'No egress rule names it.'),
  ];
}

function renderGroupLinks(groupIds: string[], model: LoadedModel): (string | HTMLElement)[] {
  const groups = new Map(model.snapshot.groups.map((g) => [g.id, g]));
  return groupIds.map((id) => {
    const g = groups.get(id);
    const text = g?.name ? `${g.name} (${id})` : id;
    return g?.external || !g ? createEl('span', { text: `${text} — ${describeExternalReason(g?.externalReason)}`, class: 'muted' }) : text;
  });
}

function renderEndpoint(ep: Endpoint, ctx: DetailsContext, data: MapNodeData): HTMLElement[] {
  const subnets = new Map(ctx.model.snapshot.subnets.map((s) => [s.id, s]));
  const vpc = ctx.model.snapshot.vpcs.find((v) => v.id === ep.vpcId);
  const actions = createEl(
    'div',
    { class: 'actions' },
    createEl('button', { text: 'Use as source', onClick: () => ctx.actions.useAs('from', ep.id, ep.name) }),
    createEl('button', { text: 'Use as destination', onClick: () => ctx.actions.useAs('to', ep.id, ep.name) }),
    data.expandedFrom && data.flowNodeId ? createEl('button', { text: 'Collapse group', onClick: () => ctx.actions.collapseGroup(data.flowNodeId!) }) : null,
  );
  return [
    createEl('h3', { text: ep.name }),
    createEl('div', { class: 'kind', text: `${describeEndpointKind(ep)}${ep.resourceType ? ` · ${ep.resourceType}` : ''}${ep.internetFacing === true ? ' · internet-facing' : ep.internetFacing === false ? ' · internal' : ''}` }),
    actions,
    buildDefinitionList([
      ['Id', ep.id],
      ['AWS id', ep.awsId && ep.awsId !== ep.id ? ep.awsId : undefined],
      ['ARN', ep.arn],
      ['Terraform', ep.tfAddress ? createEl('code', { text: ep.tfAddress }) : undefined],
      ['VPC', ep.vpcId ? (vpc?.name ? `${vpc.name} (${ep.vpcId})` : ep.vpcId) : undefined],
      ['Subnets', ep.subnetIds.map((s) => { const sn = subnets.get(s); return [sn?.name ?? s, sn?.availabilityZone, sn?.cidr].filter(Boolean).join(' · '); })],
      ['Private IPs', ep.privateIpv4.length ? ep.privateIpv4 : 'unknown in the input'],
      ['Public IPs', ep.publicIpv4],
      ['IPv6', ep.ipv6],
      ['Address type', ep.ipAddressType === 'ipv4' ? 'IPv4 only' : ep.ipAddressType === 'dualstack' ? 'dual-stack' : undefined],
      ['Listeners', (ep.listeners ?? []).map((l) => (l.protocol === -1 ? 'any traffic (a gateway load balancer, or one the inputs do not spell out)' : `${nameProtocol(l.protocol)} ${l.port}`))],
      ['Interfaces', (ep.interfaces ?? []).map((i) => [i.privateIpv4 ? `${i.id} (${i.privateIpv4})` : i.id, i.tfAddress].filter(Boolean).join(' · '))],
      ['Groups', ep.groupIds.length ? renderGroupLinks(ep.groupIds, ctx.model) : 'none'],
      ['Source file', ep.origin?.file],
    ]),
    ...renderExposures(ep.id, ctx.model),
    // "No ingress rule: nothing may connect in" would be the opposite of the truth here.
    ...(isUnfiltered(ep)
      ? [createEl('p', { class: 'muted unfiltered', text: ep.kind === 'nat' ? NAT_TEXT : UNFILTERED_TEXT })]
      : renderRulesOf(ep.groupIds, ctx.model)),
  ];
}

/** For a group of several kinds, which ones (` · Load balancer, Instance`), else nothing. */
function describeKindsOf(members: readonly Endpoint[]): string {
  const kinds = [...new Set(members.map(describeEndpointKind))];
  return kinds.length > 1 ? ` · ${kinds.join(', ')}` : '';
}

/** Fills the panel for a node of any view. */
export function renderNodeDetails(container: HTMLElement, ctx: DetailsContext, data: MapNodeData): void {
  edgeRequest++;
  const { snapshot } = ctx.model;
  const content: (HTMLElement | null)[] = [];
  if (data.role === 'endpoint') {
    const ep = snapshot.endpoints.find((e) => e.id === data.endpointIds[0]);
    if (ep) content.push(...renderEndpoint(ep, ctx, data));
  } else if (data.role === 'endpoint-group') {
    const members = snapshot.endpoints.filter((e) => data.endpointIds.includes(e.id));
    const groupIds = [...new Set(members.flatMap((m) => m.groupIds))];
    content.push(
      createEl('h3', { text: data.label.split('\n')[0] ?? data.id }),
      createEl('div', { class: 'kind', text: `${members.length} endpoints with identical reachability${describeKindsOf(members)}` }),
      createEl(
        'div',
        { class: 'actions' },
        createEl('button', { text: 'Expand to members', class: 'primary', onClick: () => ctx.actions.expandGroup(data.flowNodeId!) }),
        createEl('button', { text: 'Use as source', onClick: () => ctx.actions.useAs('from', members[0]!.id, members[0]!.name, data.id) }),
        createEl('button', { text: 'Use as destination', onClick: () => ctx.actions.useAs('to', members[0]!.id, members[0]!.name, data.id) }),
      ),
      createEl('h4', { text: 'Members' }),
      createEl('ul', { class: 'members' }, ...members.map((m) => createEl('li', {}, `${m.name} · ${describeEndpointKind(m)}${m.privateIpv4[0] ? ` · ${m.privateIpv4[0]}` : ''}`))),
      buildDefinitionList([['Groups', renderGroupLinks(groupIds, ctx.model)]]),
      ...renderRulesOf(groupIds, ctx.model),
    );
  } else if (data.role === 'external') {
    const pl = data.prefixListId ? snapshot.prefixLists.find((p) => p.id === data.prefixListId) : undefined;
    const group = data.groupId ? snapshot.groups.find((g) => g.id === data.groupId) : undefined;
    const ref = data.kind === 'internet' ? INTERNET_REF : data.cidrs?.[0]?.split('/')[0];
    const standIn = data.kind === 'internet' ? ([4, 6] as const).flatMap((f) => { const a = internetStandIn(snapshot, f); return a === undefined ? [] : [`${a} for IPv${f}`]; }).join(' and ') : undefined;
    content.push(
      createEl('h3', { text: data.label.replace('\n', ' ') }),
      createEl('div', { class: 'kind', text: describeKind(data.kind) }),
      ref
        ? createEl(
            'div',
            { class: 'actions' },
            createEl('button', { text: 'Use as source', onClick: () => ctx.actions.useAs('from', ref, data.label) }),
            createEl('button', { text: 'Use as destination', onClick: () => ctx.actions.useAs('to', ref, data.label) }),
          )
        : null,
      // The heading already names the list or group (its label), so the rows give what it does not.
      buildDefinitionList([
        ['CIDRs', data.cidrs ?? []],
        ['Id', data.prefixListId ?? data.groupId],
        ['Entries', pl?.entriesUnknown ? 'unknown: the inputs name this list but do not give its entries, so flows through it depend on it (add get-managed-prefix-list-entries)' : (pl?.entries ?? [])],
        ['Owner', group?.ownerId],
        ['Why outside', data.kind === 'external-group' ? describeExternalReason(group?.externalReason) : undefined],
      ]),
      data.kind === 'internet'
        ? createEl('p', { class: 'muted', text: `Any address outside your network. "Can A reach B?" asks about it at documentation addresses that no endpoint, named CIDR or prefix list here uses${standIn ? ` (${standIn})` : ''}, so only rules open to the whole Internet decide.` })
        : null,
      ...renderRulesNaming(data, ctx.model),
    );
  } else if (data.role === 'security-group') {
    const g = snapshot.groups.find((x) => x.id === data.groupId);
    const eps = snapshot.endpoints.filter((e) => data.endpointIds.includes(e.id));
    content.push(
      createEl('h3', { text: g?.name ?? data.groupId ?? data.id }),
      createEl('div', { class: 'kind', text: g?.external || !g ? `External security group — ${describeExternalReason(g?.externalReason)}` : 'Security group' }),
      buildDefinitionList([
        ['Id', data.groupId],
        ['VPC', g?.vpcId],
        ['Description', g?.description],
        ['Owner', g?.ownerId],
        ['Defined in', g?.origin ? describeOrigin(g.origin) : undefined],
      ]),
      createEl('h4', { text: `Endpoints (${eps.length})` }),
      eps.length
        ? createEl('ul', { class: 'members' }, ...eps.map((e) => createEl('li', {}, createEl('button', { text: e.name, onClick: () => ctx.actions.focusEndpoint(e.id) }), ` · ${describeEndpointKind(e)}`)))
        : createEl('p', { class: 'muted', text: 'No endpoint in the input carries this group.' }),
      ...(data.groupId ? renderRulesOf([data.groupId], ctx.model) : []),
      // Its own rules are unknown; the rules of these inputs that name it are what it can do here.
      ...(data.groupId && (g?.external || !g) ? renderRulesNaming({ ...data, kind: 'external-group' }, ctx.model) : []),
    );
  } else {
    const vpc = data.vpcId ? snapshot.vpcs.find((v) => v.id === data.vpcId) : undefined;
    const subnet = data.subnetId ? snapshot.subnets.find((s) => s.id === data.subnetId) : undefined;
    content.push(
      createEl('h3', { text: data.role === 'vpc' ? (vpc?.name ?? data.vpcId ?? data.id) : (subnet?.name ?? data.subnetId ?? data.id) }),
      createEl('div', { class: 'kind', text: describeKind(data.role) }),
      buildDefinitionList(
        data.role === 'vpc'
          ? [['Id', data.vpcId], ['CIDRs', [...(vpc?.cidrs ?? []), ...(vpc?.ipv6Cidrs ?? [])]]]
          : [['Id', data.subnetId], ['VPC', data.vpcId], ['Zone', subnet?.availabilityZone], ['CIDR', subnet?.cidr], ['IPv6', subnet?.ipv6Cidr], ['Public IPs', subnet?.mapPublicIp ? 'assigned on launch' : undefined]],
      ),
    );
  }
  container.replaceChildren(...content.filter((c): c is HTMLElement => !!c));
  revealDetails(container);
}

/**
 * Scrolls the side column back up to the panel's heading when it is above the fold. A warning is
 * clicked, or an edge after reading a long list of rules, with the column scrolled down: the new
 * details were filled in out of sight and the click seemed to do nothing but move the map.
 */
function revealDetails(container: HTMLElement): void {
  const panel = container.closest<HTMLElement>('.panel') ?? container;
  const side = panel.closest<HTMLElement>('.side');
  if (!side) return;
  const above = panel.getBoundingClientRect().top - side.getBoundingClientRect().top;
  if (above < 0) side.scrollTop += above;
}

/**
 * Bumped by whatever fills the panel: an edge's explanation arrives from the worker after a wait,
 * and must not replace what the user chose since (another edge, a node, nothing).
 */
let edgeRequest = 0;

/** Empties the panel (nothing selected), dropping any explanation still on its way. */
export function clearDetails(container: HTMLElement): void {
  edgeRequest++;
  container.replaceChildren(createEl('p', { class: 'muted', text: 'Click a node or an edge on the map.' }));
}

/**
 * What a latent exposure edge (MapEdgeData.latent) says: in the words the endpoint's own exposure
 * lines use (describePublicAddress), then what stands between the source and the endpoint. True of
 * a grouped node's edge too, which is latent only when none of its exposed members has an address.
 */
export const LATENT_EDGE_TEXT = `Latent: ${NO_PUBLIC_ADDRESS}. The rules admit this source, but the destination has no address it can send to, so it gets in only through something in between (a load balancer, a VPN, a peering) or once a public address is added.`;

/** Fills the panel for an edge; flow edges ask the host which rules allow each port range. */
export async function renderEdgeDetails(container: HTMLElement, ctx: DetailsContext, data: MapEdgeData, names: { source: string; target: string }): Promise<void> {
  const request = ++edgeRequest;
  const head: HTMLElement[] = [
    createEl('h3', { text: `${names.source} → ${names.target}` }),
    createEl('div', { class: 'kind', text: data.label }),
  ];
  if (data.risky) head.push(createEl('p', { class: 'verdict denied', text: 'An admin or database port (or all traffic) is open to the whole Internet.' }));
  if (data.latent) head.push(createEl('p', { class: 'latent', text: LATENT_EDGE_TEXT }));
  if (data.depends) head.push(createEl('p', { class: 'muted', text: 'Part of this depends on addresses the input does not give.' }));

  if (!data.flowEdgeId) {
    // Security-groups view: the edge is a set of rules read straight from the snapshot.
    const groups = new Map(ctx.model.snapshot.groups.map((g) => [g.id, g]));
    const ids = new Set(data.ruleIds ?? []);
    const rules = ctx.model.snapshot.rules.filter((r) => ids.has(r.id));
    container.replaceChildren(
      ...head,
      createEl('h4', { text: data.direction === 'egress' ? 'Egress rules (on the source group)' : 'Ingress rules (on the destination group)' }),
      ...rules.map((r) => renderRule(r, groups)),
    );
    revealDetails(container);
    return;
  }
  container.replaceChildren(...head, createEl('p', { class: 'muted', text: 'Asking which rules allow this…' }));
  revealDetails(container);
  const result = await ctx.api.explainEdge({ edgeId: data.flowEdgeId });
  if (request !== edgeRequest) return; // another element was selected meanwhile
  if (!result.ok) {
    container.replaceChildren(...head, createEl('p', { class: 'dialog-error', text: result.error.message }));
    return;
  }
  container.replaceChildren(...head, ...renderExplanation(result.value, data, new Map(ctx.model.snapshot.groups.map((g) => [g.id, g]))));
}

/** Said where a side lists no rule because that side is an endpoint AWS does not filter. */
const UNFILTERED_SIDE_TEXT = 'It carries no security group and AWS does not filter it: no rule on this side checks the traffic, only its listeners (when the inputs list them) limit what it accepts.';

/**
 * Why an outside end lists no rule. The Internet has none of ours; a CIDR block or a prefix list
 * stands for hosts the inputs do not describe (a block may well be the VPC's own), whose rules are
 * not known; a group defined outside the inputs has rules that are not known either.
 */
export function outsideSide(kind: string | undefined, side: 'source' | 'destination'): string {
  const rules = side === 'source' ? 'egress' : 'ingress';
  if (kind === 'internet') return `The ${side} is the Internet: no ${rules} rule of these inputs applies there.`;
  if (kind === 'external-group') return `The ${side} is a group defined outside the inputs: its ${rules} rules are not known.`;
  return `The ${side} stands for hosts the inputs do not describe (${kind === 'prefix-list' ? 'a prefix list' : 'a CIDR block'}): their own ${rules} rules are not known, and only the other end's rules are weighed.`;
}

function renderExplanation(exp: EdgeExplanation, data: MapEdgeData, groups: ReadonlyMap<string, SecurityGroup>): HTMLElement[] {
  const unfiltered = new Set(exp.unfiltered ?? []);
  const none = (side: 'source' | 'destination', outside: string): HTMLElement =>
    createEl('p', { class: 'muted', text: unfiltered.has(side) ? UNFILTERED_SIDE_TEXT : outside });
  return exp.segments.map((seg) => {
    const risky = data.sourceExternal === 'internet' && containsSensitivePort([seg.ports]);
    return createEl(
      'div',
      { class: `segment${risky ? ' risky' : ''}${seg.depends ? ' depends' : ''}`, attrs: { 'data-ports': seg.ports.label } },
      createEl('div', { class: 'ports', text: seg.ports.label }),
      seg.depends ? createEl('p', { class: 'muted segment-depends', text: 'Allowed for some of the addresses or entries the input does not give, not for all: the rules below decide only where they land.' }) : null,
      createEl('div', { class: 'side-label', text: 'Egress on the source' }),
      ...(seg.egress.length ? seg.egress.map((r) => renderRuleRef(r, groups)) : [none('source', data.sourceExternal ? outsideSide(data.sourceExternal, 'source') : 'No egress rule listed.')]),
      createEl('div', { class: 'side-label', text: 'Ingress on the destination' }),
      ...(seg.ingress.length ? seg.ingress.map((r) => renderRuleRef(r, groups)) : [none('destination', outsideSide(data.targetExternal, 'destination'))]),
    );
  });
}
