// Pins the view model: compound nesting, external nodes, grouped classes and their expansion, edge
// risk classes, and the groups and exposure views, on a small hand-written model.
import { describe, expect, it } from 'vitest';
import type { ElementDefinition } from 'cytoscape';
import { buildElements, describeEndpointKind, describeExposuresOf, describeExternalReason, describeUnknownRuleGroups, describeUnpickable, findRulesNaming, indexEndpointElements, refForNode } from '../../src/renderer/view-model';
import type { MapEdgeData, MapNodeData } from '../../src/renderer/view-model';
import { createFixtureModel } from './fixture-model';

const getById = (els: ElementDefinition[], id: string) => els.find((e) => e.data.id === id);
const nodeData = (els: ElementDefinition[], id: string) => getById(els, id)?.data as MapNodeData | undefined;
const edges = (els: ElementDefinition[]) => els.filter((e) => e.group === 'edges').map((e) => e.data as MapEdgeData);

describe('buildElements: reachability', () => {
  const els = buildElements(createFixtureModel(), 'reachability');

  it('nests endpoints in subnet and VPC compounds, subnet labels showing the AZ', () => {
    expect(nodeData(els, 'vpc:vpc-1')?.label).toContain('main (vpc-1)');
    expect(nodeData(els, 'subnet:subnet-db')).toMatchObject({ parent: 'vpc:vpc-1' });
    expect(nodeData(els, 'subnet:subnet-db')?.label).toContain('eu-west-1b');
    expect(nodeData(els, 'ep:db-main')).toMatchObject({ parent: 'subnet:subnet-db', kind: 'database', role: 'endpoint' });
  });

  it('puts an endpoint in several subnets in the first one', () => {
    expect(nodeData(els, 'ep:alb-1')?.parent).toBe('subnet:subnet-pub');
    expect(getById(els, 'ep:alb-1')?.classes).toContain('kind-load-balancer');
  });

  it('draws external nodes: the Internet, named CIDRs and outside groups', () => {
    expect(nodeData(els, 'x:n-internet')).toMatchObject({ label: 'Internet', role: 'external', kind: 'internet' });
    expect(nodeData(els, 'x:n-office')?.kind).toBe('cidr');
    expect(nodeData(els, 'x:n-peer')?.kind).toBe('external-group');
  });

  it('shows a grouped class as one node with its member count', () => {
    const group = nodeData(els, 'fg:n-web');
    expect(group).toMatchObject({ role: 'endpoint-group', memberCount: 2, parent: 'subnet:subnet-app' });
    expect(group?.label).toContain('2 endpoints');
    expect(getById(els, 'ep:i-web1')).toBeUndefined();
  });

  it('draws a grouped node of several kinds as such, saying how many kinds it holds', () => {
    const model = createFixtureModel();
    model.snapshot.endpoints.find((e) => e.id === 'i-web2')!.kind = 'load-balancer';
    const group = nodeData(buildElements(model, 'reachability'), 'fg:n-web');
    expect(group).toMatchObject({ role: 'endpoint-group', kind: 'mixed' });
    expect(group?.label).toContain('2 endpoints of 2 kinds');
    // One kind: no count of kinds, and the members' kind.
    expect(nodeData(els, 'fg:n-web')).toMatchObject({ kind: 'instance' });
    expect(nodeData(els, 'fg:n-web')?.label).not.toContain('kinds');
  });

  it('keeps endpoints the analysis left out of every flow node', () => {
    expect(nodeData(els, 'ep:i-lonely')?.parent).toBe('subnet:subnet-app');
  });

  it('labels edges with merged ports and marks internet-exposed admin ports as risky', () => {
    const e = edges(els);
    expect(e.find((x) => x.id === 'fe:e-inet-alb')).toMatchObject({ label: 'tcp 80, 443', risky: false, sourceExternal: 'internet', source: 'x:n-internet', target: 'ep:alb-1' });
    const ssh = els.find((x) => x.data.id === 'fe:e-inet-bastion')!;
    expect(ssh.classes).toContain('risky');
    // SSH from a named office CIDR is outside traffic but not the Internet: not red.
    const office = els.find((x) => x.data.id === 'fe:e-office-web')!;
    expect(office.classes).toContain('from-external');
    expect(office.classes).not.toContain('risky');
  });

  it('lists compounds before their children and edges last', () => {
    const firstEdge = els.findIndex((e) => e.group === 'edges');
    expect(els.slice(firstEdge).every((e) => e.group === 'edges')).toBe(true);
    expect(els.findIndex((e) => e.data.id === 'vpc:vpc-1')).toBeLessThan(els.findIndex((e) => e.data.id === 'subnet:subnet-pub'));
  });

  it('expands a grouped class into its members on demand, fanning out its edges', () => {
    const expanded = buildElements(createFixtureModel(), 'reachability', { expanded: new Set(['n-web']) });
    expect(getById(expanded, 'fg:n-web')).toBeUndefined();
    expect(nodeData(expanded, 'ep:i-web1')).toMatchObject({ expandedFrom: 'fg:n-web', parent: 'subnet:subnet-app' });
    const toDb = edges(expanded).filter((e) => e.flowEdgeId === 'e-web-db');
    expect(toDb.map((e) => e.source).sort()).toEqual(['ep:i-web1', 'ep:i-web2']);
    expect(new Set(toDb.map((e) => e.id)).size).toBe(2);
  });

  it('maps endpoints to the element that shows them', () => {
    const index = indexEndpointElements(els);
    expect(index.get('i-web2')).toBe('fg:n-web');
    expect(index.get('db-main')).toBe('ep:db-main');
  });
});

describe('describeEndpointKind', () => {
  it.each<[string, string | undefined, string]>([
    ['database', 'aws_db_instance', 'Database'],
    ['database', 'aws_docdb_cluster', 'DocumentDB'],
    ['database', 'aws_db_proxy', 'RDS Proxy'],
    ['cache', 'aws_elasticache_cluster', 'ElastiCache'],
    ['cache', 'aws_memorydb_cluster', 'MemoryDB'],
    ['generic', 'aws_route53_resolver_endpoint', 'Route 53 Resolver endpoint'],
    ['generic', 'aws_codebuild_project', 'CodeBuild project'],
    ['generic', 'aws_sagemaker_notebook_instance', 'Resource'],
    ['instance', undefined, 'EC2 instance'],
    // A saved snapshot's resource type is any string: not an Object.prototype member.
    ['generic', 'constructor', 'Resource'],
  ])('a %s of type %s is a "%s"', (kind, resourceType, expected) => {
    expect(describeEndpointKind({ kind: kind as never, ...(resourceType ? { resourceType } : {}) })).toBe(expected);
  });

  it("labels an endpoint's map node by its service, not its kind", () => {
    const model = createFixtureModel();
    model.snapshot.endpoints.find((e) => e.id === 'db-main')!.resourceType = 'aws_neptune_cluster';
    expect(nodeData(buildElements(model, 'reachability'), 'ep:db-main')?.label).toBe('orders-db\nNeptune · 10.0.3.5');
  });
});

describe('endpoints carrying a group of unknown rules', () => {
  it('are marked, single or grouped, and no other endpoint is', () => {
    const model = createFixtureModel();
    // The bastion and both web instances (grouped as fg:n-web) also carry sg-peer, which no input defines.
    for (const e of model.snapshot.endpoints) if (['i-bastion', 'i-web1', 'i-web2'].includes(e.id)) e.groupIds.push('sg-peer');
    const els = buildElements(model, 'reachability');
    const marked = els.filter((e) => e.group === 'nodes' && String(e.classes).split(' ').includes('unknown-rules')).map((e) => e.data.id).sort();
    expect(marked).toEqual(['ep:i-bastion', 'fg:n-web']);
  });
});

describe('buildElements: exposure and groups', () => {
  it('exposure keeps only what is reachable from outside', () => {
    const els = buildElements(createFixtureModel(), 'exposure');
    const ids = new Set(els.map((e) => e.data.id));
    expect(ids.has('ep:alb-1')).toBe(true);
    expect(ids.has('ep:i-bastion')).toBe(true);
    expect(ids.has('fg:n-web')).toBe(true); // reached from the office CIDR
    expect(ids.has('ep:db-main')).toBe(false);
    expect(ids.has('ep:i-lonely')).toBe(false);
    expect(ids.has('fe:e-web-db')).toBe(false);
    expect(ids.has('x:n-peer')).toBe(false);
  });

  it('exposure draws only what the analysis counts as exposure: an edge from a private block is internal', () => {
    const model = createFixtureModel();
    model.analysis.flows.nodes.push({ id: 'n-private', kind: 'cidr', label: '10.0.0.0/8', cidrs: ['10.0.0.0/8'] });
    model.analysis.flows.edges.push({ id: 'e-private-db', from: 'n-private', to: 'n-db', ports: [], label: 'tcp 5432', ruleIds: [] });
    const ids = new Set(buildElements(model, 'exposure').map((e) => e.data.id));
    expect(ids.has('fe:e-private-db')).toBe(false);
    expect(ids.has('x:n-private')).toBe(false);
    expect(ids.has('ep:db-main')).toBe(false);
    // The reachability view still draws it.
    expect(new Set(buildElements(model, 'reachability').map((e) => e.data.id)).has('fe:e-private-db')).toBe(true);
  });

  it('groups view draws groups and the rule references between them and to CIDRs/prefix lists', () => {
    const els = buildElements(createFixtureModel(), 'groups');
    expect(nodeData(els, 'sg:sg-web')).toMatchObject({ role: 'security-group', parent: 'vpc:vpc-1', endpointIds: ['i-web1', 'i-web2'] });
    expect(getById(els, 'sg:sg-peer')?.classes).toContain('external-group');
    const e = edges(els);
    expect(e.find((x) => x.id === 'r:ingress:x:internet>sg:sg-alb')).toMatchObject({ label: 'tcp 80, 443', sourceExternal: 'internet' });
    expect(e.find((x) => x.id === 'r:ingress:sg:sg-web>sg:sg-db')?.label).toBe('tcp 5432');
    expect(e.find((x) => x.id === 'r:egress:sg:sg-web>x:pl:pl-s3')).toMatchObject({ label: 'tcp 443', direction: 'egress' });
    expect(e.find((x) => x.id === 'r:ingress:x:internet>sg:sg-bastion')?.risky).toBe(true);
    expect(e.find((x) => x.id === 'r:egress:sg:sg-alb>x:internet')?.label).toBe('all traffic');
  });
});

describe('describeUnknownRuleGroups', () => {
  // The fixture defines sg-alb, sg-web and sg-db, and knows sg-peer only as a peered group.
  const snap = createFixtureModel().snapshot;

  it('is null when every group of the endpoint is defined in the inputs', () => {
    expect(describeUnknownRuleGroups(['sg-web', 'sg-db'], snap)).toBeNull();
  });

  it('names groups defined outside the inputs, or in no input at all, and says their rules are unknown', () => {
    expect(describeUnknownRuleGroups(['sg-web', 'sg-peer'], snap)).toBe(
      'Group sg-peer (in a peered VPC): its rules are unknown, so more may be allowed than listed here.',
    );
    expect(describeUnknownRuleGroups(['sg-nowhere', 'sg-nowhere', 'sg-else'], snap)).toBe(
      'Groups sg-nowhere (not in the inputs), sg-else (not in the inputs): their rules are unknown, so more may be allowed than listed here.',
    );
  });
});

describe('flow edges to and from outside nodes', () => {
  it('say the kind of their outside end, so an explanation can say why that end lists no rule', () => {
    const model = createFixtureModel();
    model.analysis.flows.edges.push({ id: 'e-db-inet', from: 'n-db', to: 'n-internet', ports: [{ protocol: -1, label: 'all traffic', ranges: [] }] as never, label: 'all traffic' });
    const edges = buildElements(model, 'reachability').filter((e) => e.group === 'edges');
    const data = (id: string) => edges.find((e) => (e.data as MapEdgeData).flowEdgeId === id) as ElementDefinition & { data: MapEdgeData; classes: string };
    expect([data('e-db-inet').data.targetExternal, data('e-db-inet').data.sourceExternal]).toEqual(['internet', null]);
    expect(data('e-db-inet').classes).toContain('to-internet');
    expect([data('e-office-web').data.sourceExternal, data('e-office-web').data.targetExternal]).toEqual(['cidr', undefined]);
  });
});

// Live or latent: an exposure edge is latent when every exposure it stands for has publicAddress
// 'no'. In the fixture the office CIDR reaches both web servers (grouped as fg:n-web), neither with
// a public address; the Internet reaches the bastion at its public address and the internet-facing ALB.
describe('latent exposure edges', () => {
  const flowEdge = (els: ElementDefinition[], id: string) => els.find((e) => e.data.id === id) as (ElementDefinition & { data: MapEdgeData; classes: string }) | undefined;
  const classes = (els: ElementDefinition[], id: string) => String(flowEdge(els, id)?.classes).split(' ');
  const setAddress = (model: ReturnType<typeof createFixtureModel>, endpointId: string, publicAddress: 'yes' | 'no' | 'unknown') => {
    for (const x of model.analysis.exposures) if (x.endpointId === endpointId) x.publicAddress = publicAddress;
  };

  it('a grouped node whose exposed members all have no public address: latent, in both flow views', () => {
    for (const view of ['reachability', 'exposure'] as const) {
      const els = buildElements(createFixtureModel(), view);
      expect(flowEdge(els, 'fe:e-office-web')?.data).toMatchObject({ exposure: true, latent: true, sourceExternal: 'cidr' });
      expect(classes(els, 'fe:e-office-web')).toContain('latent');
      // The live ones beside it: the bastion at its public address, the internet-facing ALB.
      expect(flowEdge(els, 'fe:e-inet-bastion')?.data.latent).toBeUndefined();
      expect(classes(els, 'fe:e-inet-bastion')).not.toContain('latent');
      expect(flowEdge(els, 'fe:e-inet-alb')?.data.latent).toBeUndefined();
    }
  });

  it('expanded, each member edge is latent when that member has no public address', () => {
    const els = buildElements(createFixtureModel(), 'reachability', { expanded: new Set(['n-web']) });
    const office = edges(els).filter((e) => e.flowEdgeId === 'e-office-web');
    expect(office.map((e) => [e.target, e.latent])).toEqual([['ep:i-web1', true], ['ep:i-web2', true]]);
  });

  it("one member at a public address makes the grouped edge live; expanded, only the other's edge is latent", () => {
    const model = createFixtureModel();
    setAddress(model, 'i-web2', 'yes');
    expect(flowEdge(buildElements(model, 'reachability'), 'fe:e-office-web')?.data).toMatchObject({ exposure: true });
    expect(flowEdge(buildElements(model, 'reachability'), 'fe:e-office-web')?.data.latent).toBeUndefined();
    expect(classes(buildElements(model, 'exposure'), 'fe:e-office-web')).not.toContain('latent');
    const expanded = edges(buildElements(model, 'reachability', { expanded: new Set(['n-web']) })).filter((e) => e.flowEdgeId === 'e-office-web');
    expect(expanded.map((e) => [e.target, !!e.latent])).toEqual([['ep:i-web1', true], ['ep:i-web2', false]]);
  });

  it("a public address that is 'unknown' counts as live: it cannot be ruled out", () => {
    const model = createFixtureModel();
    setAddress(model, 'i-web1', 'unknown');
    setAddress(model, 'i-web2', 'unknown');
    const els = buildElements(model, 'reachability');
    expect(flowEdge(els, 'fe:e-office-web')?.data.latent).toBeUndefined();
    expect(classes(els, 'fe:e-office-web')).not.toContain('latent');
  });

  it('two exposures of one endpoint from one source: latent only when neither has an address', () => {
    const model = createFixtureModel();
    const web1 = model.analysis.exposures.find((x) => x.endpointId === 'i-web1')!;
    model.analysis.exposures.push({ ...web1, ports: [{ protocol: 17, name: 'udp', ranges: [[53, 53]], label: 'udp 53' }], publicAddress: 'yes' });
    const expanded = edges(buildElements(model, 'reachability', { expanded: new Set(['n-web']) })).filter((e) => e.flowEdgeId === 'e-office-web');
    expect(expanded.map((e) => [e.target, !!e.latent])).toEqual([['ep:i-web1', false], ['ep:i-web2', true]]);
  });

  it('a risky latent edge still says it is risky: ssh open to the Internet on a host with no public address', () => {
    const model = createFixtureModel();
    setAddress(model, 'i-bastion', 'no');
    const els = buildElements(model, 'reachability');
    expect(flowEdge(els, 'fe:e-inet-bastion')?.data).toMatchObject({ risky: true, latent: true, exposure: true });
    expect(classes(els, 'fe:e-inet-bastion')).toEqual(expect.arrayContaining(['risky', 'latent']));
  });

  it('a prefix-list exposure into a host with no public address is latent too, and keeps its depends dash', () => {
    const model = createFixtureModel();
    model.analysis.flows.nodes.push({ id: 'n-pl', kind: 'prefix-list', label: 'partners', prefixListId: 'pl-partners' });
    model.analysis.flows.edges.push({ id: 'e-pl-db', from: 'n-pl', to: 'n-db', ports: [], label: 'tcp 5432', depends: true });
    model.analysis.exposures.push({ endpointId: 'db-main', from: 'n-pl', ports: [], risky: false, publicAddress: 'no', depends: true });
    for (const view of ['reachability', 'exposure'] as const) {
      const els = buildElements(model, view);
      expect(flowEdge(els, 'fe:e-pl-db')?.data).toMatchObject({ sourceExternal: 'prefix-list', exposure: true, latent: true, depends: true });
      expect(classes(els, 'fe:e-pl-db')).toEqual(expect.arrayContaining(['from-external', 'depends', 'latent']));
    }
  });

  it('an edge that is no exposure is never latent, whatever its target is exposed to elsewhere', () => {
    const model = createFixtureModel();
    // The database has no public address and is exposed through a prefix list...
    model.analysis.flows.nodes.push(
      { id: 'n-pl', kind: 'prefix-list', label: 'partners', prefixListId: 'pl-partners' },
      // ...and is reached from a private block, which the analysis counts as no exposure.
      { id: 'n-private', kind: 'cidr', label: '10.0.0.0/8', cidrs: ['10.0.0.0/8'] },
    );
    model.analysis.flows.edges.push(
      { id: 'e-pl-db', from: 'n-pl', to: 'n-db', ports: [], label: 'tcp 5432' },
      { id: 'e-private-db', from: 'n-private', to: 'n-db', ports: [], label: 'tcp 5432' },
    );
    model.analysis.exposures.push({ endpointId: 'db-main', from: 'n-pl', ports: [], risky: false, publicAddress: 'no' });
    const els = buildElements(model, 'reachability');
    expect(flowEdge(els, 'fe:e-pl-db')?.data.latent).toBe(true);
    // From a private block, from the peered group and from the web servers: no exposure, never latent.
    for (const id of ['fe:e-private-db', 'fe:e-peer-db', 'fe:e-web-db']) {
      expect(flowEdge(els, id)?.data, id).toMatchObject({ exposure: false });
      expect(flowEdge(els, id)?.data.latent, id).toBeUndefined();
      expect(classes(els, id), id).not.toContain('latent');
    }
    // The groups view draws rules, not the analysis's exposures: nothing there is latent.
    expect(edges(buildElements(model, 'groups')).some((e) => e.latent)).toBe(false);
  });
});

// The rules an outside node's details list: worked out by hand from the fixture's rule list.
describe('findRulesNaming', () => {
  const ids = (x: { inbound: { id: string }[]; outbound: { id: string }[] }) => ({ inbound: x.inbound.map((r) => r.id), outbound: x.outbound.map((r) => r.id) });

  it('the Internet: every rule naming 0.0.0.0/0, split by direction', () => {
    const { snapshot } = createFixtureModel();
    expect(ids(findRulesNaming(snapshot, { kind: 'internet', cidrs: ['0.0.0.0/0'] }))).toEqual({
      inbound: ['sg-alb/ingress/0', 'sg-alb/ingress/1', 'sg-bastion/ingress/0'],
      outbound: ['sg-alb/egress/0', 'sg-web/egress/0', 'sg-bastion/egress/0'],
    });
  });

  it('a CIDR block, however a rule spells it, and not a block inside it', () => {
    const { snapshot } = createFixtureModel();
    snapshot.rules.push(
      { ...snapshot.rules[0]!, id: 'spelled', peer: { kind: 'cidr', cidr: '192.0.2.9/24' } },
      { ...snapshot.rules[0]!, id: 'narrower', peer: { kind: 'cidr', cidr: '192.0.2.0/25' } },
    );
    expect(ids(findRulesNaming(snapshot, { kind: 'cidr', cidrs: ['192.0.2.0/24'] }))).toEqual({ inbound: ['sg-web/ingress/1', 'spelled'], outbound: [] });
  });

  it('a prefix list and an external group by their ids', () => {
    const { snapshot } = createFixtureModel();
    expect(ids(findRulesNaming(snapshot, { kind: 'prefix-list', prefixListId: 'pl-s3' }))).toEqual({ inbound: [], outbound: ['sg-web/egress/1'] });
    expect(ids(findRulesNaming(snapshot, { kind: 'external-group', groupId: 'sg-peer' }))).toEqual({ inbound: ['sg-db/ingress/1'], outbound: [] });
    expect(ids(findRulesNaming(snapshot, { kind: 'external-group', groupId: 'sg-missing' }))).toEqual({ inbound: [], outbound: [] });
  });

  it('nothing for a node that is not outside', () => {
    const { snapshot } = createFixtureModel();
    expect(ids(findRulesNaming(snapshot, { kind: 'instance', groupId: 'sg-alb' }))).toEqual({ inbound: [], outbound: [] });
  });
});

describe('describeExternalReason', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'not in the inputs'],
    ['missing', 'not in the inputs'],
    ['peered', 'in a peered VPC'],
    ['aws-managed', 'managed by AWS'],
    ['something-new', 'something-new'],
  ])('%s reads as "%s"', (reason, expected) => {
    expect(describeExternalReason(reason)).toBe(expected);
  });
});

// A node picked as an end of "Can A reach B?": what it fills in, or why it fills in nothing.
describe('refForNode and describeUnpickable', () => {
  const model = createFixtureModel();
  const nodes = buildElements(model, 'reachability').map((e) => e.data as MapNodeData);
  const groupNodes = buildElements(model, 'groups').map((e) => e.data as MapNodeData);
  const find = (list: MapNodeData[], p: (d: MapNodeData) => boolean) => list.find(p)!;

  it('endpoints, the Internet and CIDR blocks are ends', () => {
    expect(refForNode(find(nodes, (d) => d.role === 'endpoint' && d.endpointIds[0] === 'db-main'), 'Internet')).toBe('db-main');
    expect(refForNode(find(nodes, (d) => d.kind === 'internet'), 'Internet')).toBe('Internet');
    expect(refForNode(find(nodes, (d) => d.kind === 'cidr'), 'Internet')).toBe('192.0.2.0');
  });

  it('a prefix list, an external group, a security group and a VPC are not, and say what to do instead', () => {
    const pl = find(groupNodes, (d) => d.kind === 'prefix-list');
    expect(refForNode(pl, 'Internet')).toBeUndefined();
    expect(describeUnpickable(pl, model.snapshot)).toContain('type one of its addresses (such as 52.218.0.0)');
    const peer = find(nodes, (d) => d.kind === 'external-group');
    expect(refForNode(peer, 'Internet')).toBeUndefined();
    expect(describeUnpickable(peer, model.snapshot)).toContain('defined outside the inputs');
    const web = find(groupNodes, (d) => d.role === 'security-group' && d.groupId === 'sg-web');
    expect(refForNode(web, 'Internet')).toBeUndefined();
    expect(describeUnpickable(web, model.snapshot)).toBe('A security group is not one end: pick one of its 2 endpoints in the reachability view, or type its name.');
    const vpc = find(nodes, (d) => d.role === 'vpc');
    expect(refForNode(vpc, 'Internet')).toBeUndefined();
    expect(describeUnpickable(vpc, model.snapshot)).toBe('A VPC is not one end: pick an endpoint in it, or type an address.');
    const subnet = find(nodes, (d) => d.role === 'subnet');
    expect(describeUnpickable(subnet, model.snapshot)).toBe('A subnet is not one end: pick an endpoint in it, or type an address.');
  });
});

describe('describeExposuresOf', () => {
  const model = createFixtureModel();

  it('lists what reaches an endpoint from outside, with where: the bastion at its public address', () => {
    expect(describeExposuresOf(model, 'i-bastion')).toEqual([{ text: 'Internet (0.0.0.0/0): tcp 22 · at 203.0.113.7', risky: true, depends: false }]);
    expect(describeExposuresOf(model, 'alb-1')).toEqual([{ text: 'Internet (0.0.0.0/0): tcp 80, 443 · internet-facing', risky: false, depends: false }]);
  });

  it('says when the rules admit an outside source that cannot address the endpoint: web-1 has a private address only', () => {
    expect(describeExposuresOf(model, 'i-web1')).toEqual([{ text: '192.0.2.0/24: tcp 22 · no public address in the inputs', risky: true, depends: false }]);
  });

  it('lists nothing for an endpoint no outside source reaches', () => {
    expect(describeExposuresOf(model, 'db-main')).toEqual([]);
  });
});
