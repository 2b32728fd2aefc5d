// Pins filter parsing (chips and their errors) and visibility on the fixture model, plus the scale
// promise: filtering 10,000 edges is far under a second.
import { describe, expect, it } from 'vitest';
import { applyFilters, limitDrawnEdges, parseFilterChip, parseFilterInput } from '../../src/renderer/filters';
import type { FilterChip, MapFilters } from '../../src/renderer/filters';
import type { MapNodeData } from '../../src/renderer/view-model';
import type { ElementDefinition } from 'cytoscape';
import { buildElements } from '../../src/renderer/view-model';
import { createSyntheticModel } from '../../scripts/bench-render/synthetic-model';
import { createFixtureModel } from './fixture-model';

function chip(text: string): FilterChip {
  const r = parseFilterChip(text);
  if (!r.ok) throw new Error(r.error);
  return r.chip;
}

describe('parseFilterChip', () => {
  it('reads ports, ranges, protocols and protocol/port', () => {
    expect(chip('22')).toMatchObject({ kind: 'port', criterion: { protocol: null, range: [22, 22] } });
    expect(chip('80-443')).toMatchObject({ kind: 'port', criterion: { protocol: null, range: [80, 443] } });
    expect(chip('udp')).toMatchObject({ kind: 'port', criterion: { protocol: 17 } });
    expect(chip('TCP/443')).toMatchObject({ kind: 'port', criterion: { protocol: 6, range: [443, 443] } });
    expect(chip('port:1433')).toMatchObject({ kind: 'port', criterion: { range: [1433, 1433] } });
  });

  it('takes a colon in ARNs, IPv6 addresses and text: chips as text, not as a filter name', () => {
    expect(chip('arn:aws:rds:eu-west-1:1:db:main')).toMatchObject({ kind: 'text', side: 'any' });
    expect(chip('fe80::1')).toMatchObject({ kind: 'text', side: 'any' });
    expect(chip('text:foo:bar')).toMatchObject({ kind: 'text', side: 'any', needle: 'foo:bar' });
    expect(chip('module.m["a:b"].aws_instance.x')).toMatchObject({ kind: 'text', side: 'any' });
  });

  it('reads source, destination and free text', () => {
    expect(chip('src:web')).toMatchObject({ kind: 'text', side: 'source', needle: 'web' });
    expect(chip('dst:10.0.3.5')).toMatchObject({ kind: 'text', side: 'destination', needle: '10.0.3.5' });
    expect(chip('aws_instance.web')).toMatchObject({ kind: 'text', side: 'any' });
    expect(chip('10.0.2.11')).toMatchObject({ kind: 'text' });
  });

  it('explains what is wrong', () => {
    const err = (t: string) => {
      const r = parseFilterChip(t);
      return r.ok ? '' : r.error;
    };
    expect(err('70000')).toMatch(/out of range/);
    expect(err('443-80')).toMatch(/reversed/);
    expect(err('tcp/')).toMatch(/needs a port/);
    expect(err('tcp/https')).toMatch(/not a port/);
    expect(err('icmp/8')).toMatch(/Only tcp and udp/);
    expect(err('foo/80')).toMatch(/Unknown protocol/);
    expect(err('src:')).toMatch(/needs a value/);
    expect(err('port:web')).toMatch(/not a port/);
    expect(err('foo:bar')).toMatch(/"foo:" is not a known filter.*text:foo:bar/);
    expect(err('tcp:web')).toMatch(/not a port/);
    expect(err('  ')).toMatch(/Type a port/);
  });
});

describe('parseFilterInput', () => {
  const chips = (t: string) => {
    const r = parseFilterInput(t);
    if (!r.ok) throw new Error(r.error);
    return r.chips.map((c) => (c.kind === 'port' ? { text: c.text, ...c.criterion } : { text: c.text, side: c.side }));
  };

  it('makes a chip of each comma-separated entry, as the placeholder shows', () => {
    expect(chips('22, 80-443')).toEqual([
      { text: '22', protocol: null, range: [22, 22] },
      { text: '80-443', protocol: null, range: [80, 443] },
    ]);
    expect(chips('22,80,')).toHaveLength(2);
    expect(chips('22, 80-443, udp, tcp/443, src:web, dst:10.0.2.15').map((c) => c.text)).toEqual(['22', '80-443', 'udp', 'tcp/443', 'src:web', 'dst:10.0.2.15']);
  });

  it('reads tcp:443 and tcp 443 as tcp/443', () => {
    expect(chips('tcp:22')).toEqual([{ text: 'tcp:22', protocol: 6, range: [22, 22] }]);
    expect(chips('tcp 5432')).toEqual([{ text: 'tcp 5432', protocol: 6, range: [5432, 5432] }]);
    expect(chips('UDP: 53-54')).toEqual([{ text: 'UDP: 53-54', protocol: 17, range: [53, 54] }]);
  });

  it('keeps commas inside a Terraform address, and other text with a space or colon, as text', () => {
    expect(chips('module.m["a,b"].aws_instance.x')).toEqual([{ text: 'module.m["a,b"].aws_instance.x', side: 'any' }]);
    expect(chips('web server')).toEqual([{ text: 'web server', side: 'any' }]);
    expect(chips('2a05:d018::5')).toEqual([{ text: '2a05:d018::5', side: 'any' }]);
  });

  it('refuses the whole input when one entry is wrong, saying which', () => {
    const r = parseFilterInput('22, 70000');
    expect(r.ok ? '' : r.error).toMatch(/70000.*out of range/);
    const icmp = parseFilterInput('icmp 8');
    expect(icmp.ok ? '' : icmp.error).toMatch(/Only tcp and udp/);
    const empty = parseFilterInput(' , ');
    expect(empty.ok ? '' : empty.error).toMatch(/Type a port/);
  });
});

describe('applyFilters', () => {
  const els = buildElements(createFixtureModel(), 'reachability');
  const run = (f: Partial<MapFilters>) => applyFilters(els, { chips: [], ...f });

  it('keeps, as exposed to outside sources, what the summary counts: the Internet\'s and a public CIDR\'s exposures', () => {
    const model = createFixtureModel();
    const v = run({ exposedOnly: true });
    expect(v.edges).toEqual(new Set(['fe:e-inet-alb', 'fe:e-inet-bastion', 'fe:e-office-web']));
    const endpoints = new Set([...v.nodes].flatMap((id) => (els.find((e) => e.data.id === id)?.data as MapNodeData).endpointIds));
    expect(endpoints.size).toBe(model.analysis.summary.internetExposedEndpoints);
    // Expanded, the office's edge goes to each web server, both exposed.
    const expanded = buildElements(model, 'reachability', { expanded: new Set(['n-web']) });
    expect([...applyFilters(expanded, { chips: [], exposedOnly: true }).edges].filter((id) => id.startsWith('fe:e-office-web'))).toHaveLength(2);
  });

  it('keeps, in the groups view, ingress rules from the Internet, public CIDRs and prefix lists, not private ranges', () => {
    const model = createFixtureModel();
    model.snapshot.rules.push(
      { ...model.snapshot.rules[0]!, id: 'sg-db/ingress/vpn', groupId: 'sg-db', peer: { kind: 'cidr', cidr: '10.8.0.0/16' } },
      { ...model.snapshot.rules[0]!, id: 'sg-db/ingress/cf', groupId: 'sg-db', peer: { kind: 'prefixList', id: 'pl-s3' } },
    );
    const groups = buildElements(model, 'groups');
    expect(applyFilters(groups, { chips: [], exposedOnly: true }).edges).toEqual(
      new Set(['r:ingress:x:internet>sg:sg-alb', 'r:ingress:x:internet>sg:sg-bastion', 'r:ingress:x:cidr:192.0.2.0/24>sg:sg-web', 'r:ingress:x:pl:pl-s3>sg:sg-db']),
    );
  });

  it('shows everything with no filters', () => {
    const v = run({});
    expect(v.edges.size).toBe(6);
    expect(v.nodes.has('ep:i-lonely')).toBe(true);
    expect(v.nodes.has('vpc:vpc-1')).toBe(true);
  });

  it('port chips hide edges that do not carry the port, and are alternatives', () => {
    expect([...run({ chips: [chip('22')] }).edges].sort()).toEqual(['fe:e-inet-bastion', 'fe:e-office-web']);
    expect(run({ chips: [chip('22'), chip('5432')] }).edges.size).toBe(4);
    expect(run({ chips: [chip('udp')] }).edges.size).toBe(0);
    expect(run({ chips: [chip('80-443')] }).edges).toEqual(new Set(['fe:e-inet-alb']));
    // Port chips alone hide edges, not nodes.
    expect(run({ chips: [chip('udp')] }).nodes.has('ep:db-main')).toBe(true);
  });

  it('hides endpoints with no visible flows on request, and their emptied compounds', () => {
    const v = run({ chips: [chip('22')], hideIsolated: true });
    expect(v.nodes.has('ep:db-main')).toBe(false);
    expect(v.nodes.has('subnet:subnet-db')).toBe(false);
    expect(v.nodes.has('ep:i-bastion')).toBe(true);
    expect(run({ hideIsolated: true }).nodes.has('ep:i-lonely')).toBe(false);
  });

  it('text chips match names, ids, IPs and Terraform addresses on the chosen side', () => {
    expect(run({ chips: [chip('src:web')] }).edges).toEqual(new Set(['fe:e-web-db']));
    expect(run({ chips: [chip('dst:web')] }).edges).toEqual(new Set(['fe:e-alb-web', 'fe:e-office-web']));
    expect(run({ chips: [chip('10.0.3.5')] }).edges).toEqual(new Set(['fe:e-web-db', 'fe:e-peer-db']));
    expect(run({ chips: [chip('aws_instance.bastion')] }).edges).toEqual(new Set(['fe:e-inet-bastion']));
    const lonely = run({ chips: [chip('lonely')] });
    expect(lonely.nodes.has('ep:i-lonely')).toBe(true);
    expect(lonely.nodes.has('ep:db-main')).toBe(false);
  });

  it("looks in ARNs only for text with a colon or a slash: 'db' does not match every load balancer (elasticloa-db-alancing)", () => {
    const model = createFixtureModel();
    const alb = model.snapshot.endpoints.find((e) => e.id === 'alb-1')!;
    alb.arn = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/public-alb/50dc6c495c0c9188';
    // A load balancer's id is its ARN too.
    alb.id = alb.arn;
    const elements = buildElements(model, 'reachability');
    const matched = (text: string) => [...applyFilters(elements, { chips: [chip(text)] }).nodes].filter((id) => id.startsWith('ep:'));
    expect(matched('db')).toEqual(['ep:db-main']);
    // A slash alone reads as protocol/port (tcp/443): the text: chip searches for the text itself.
    expect(matched('text:loadbalancer/app/public-alb')).toEqual([`ep:${alb.arn}`]);
    expect(matched('arn:aws:elasticloadbalancing')).toEqual([`ep:${alb.arn}`]);
    // Its name still finds it without the ARN.
    expect(matched('public-alb')).toEqual([`ep:${alb.arn}`]);
  });

  it("text chips also match the ids the details panel shows: an instance's network interfaces, its VPC and its subnets", () => {
    const model = createFixtureModel();
    model.snapshot.endpoints.find((e) => e.id === 'i-bastion')!.interfaces = [{ id: 'eni-0bastion', privateIpv4: '10.0.1.20' }];
    const elements = buildElements(model, 'reachability');
    const matched = (text: string) => [...applyFilters(elements, { chips: [chip(text)] }).nodes].filter((id) => id.startsWith('ep:')).sort();
    expect(matched('eni-0bastion')).toEqual(['ep:i-bastion']);
    expect(matched('subnet-db')).toEqual(['ep:db-main']);
    expect(matched('vpc-1')).toEqual(expect.arrayContaining(['ep:db-main', 'ep:i-bastion', 'ep:i-lonely']));
    expect(matched('vpc-2')).toEqual([]);
  });

  it('combines scope, exposed to outside sources only and ports', () => {
    expect(run({ subnetId: 'subnet-db' }).edges).toEqual(new Set(['fe:e-web-db', 'fe:e-peer-db']));
    expect(run({ subnetId: 'subnet-db' }).nodes.has('ep:i-bastion')).toBe(false);
    expect(run({ exposedOnly: true }).nodes.has('ep:db-main')).toBe(false);
    expect(run({ exposedOnly: true, chips: [chip('tcp/22')] }).edges).toEqual(new Set(['fe:e-inet-bastion', 'fe:e-office-web']));
    expect(run({ vpcId: 'vpc-1', chips: [chip('all')] }).edges.size).toBe(0);
  });

  it('filters 10,000 edges in well under a second', () => {
    const big = buildElements(createSyntheticModel({ endpoints: 2000, edges: 10000 }), 'reachability');
    expect(big.filter((e) => e.group === 'edges').length).toBeGreaterThanOrEqual(10000);
    applyFilters(big, { chips: [] }); // builds the per-elements index once, as the first render does
    const t0 = performance.now();
    const v = applyFilters(big, { chips: [chip('22'), chip('src:node-1')], hideIsolated: true, vpcId: 'vpc-1' });
    const ms = performance.now() - t0;
    expect(v.edges.size).toBeGreaterThan(0);
    expect(ms).toBeLessThan(250);
  });
});

describe('limitDrawnEdges', () => {
  // The fixture's edges in map order, with the tier worked out from what each one is:
  // inet-alb (from the Internet: 1), alb-web (between endpoints: 3), web-db (3),
  // inet-bastion (ssh from the Internet, risky: 0), office-web (from a CIDR: 2), peer-db (from another account's group: 2).
  const els = buildElements(createFixtureModel(), 'reachability');
  const all = applyFilters(els, { chips: [] });

  it('draws everything, as given, while the filters let through no more than the limit', () => {
    const d = limitDrawnEdges(els, all, 6);
    expect(d.matched).toBe(6);
    expect(d.visibility).toBe(all);
  });

  it('past the limit, draws risky exposure first, then the Internet, other outside sources, and endpoint pairs in map order', () => {
    const drawn = (limit: number) => [...limitDrawnEdges(els, all, limit).visibility.edges].sort();
    expect(drawn(1)).toEqual(['fe:e-inet-bastion']);
    expect(drawn(2)).toEqual(['fe:e-inet-alb', 'fe:e-inet-bastion']);
    expect(drawn(4)).toEqual(['fe:e-inet-alb', 'fe:e-inet-bastion', 'fe:e-office-web', 'fe:e-peer-db']);
    expect(drawn(5)).toEqual(['fe:e-alb-web', 'fe:e-inet-alb', 'fe:e-inet-bastion', 'fe:e-office-web', 'fe:e-peer-db']);
    const d = limitDrawnEdges(els, all, 2);
    expect(d.matched).toBe(6);
    // Nodes stay as the filters left them: an endpoint whose edges are not drawn is still on the map.
    expect(d.visibility.nodes).toBe(all.nodes);
  });

  it('cuts only what the filters let through', () => {
    const visible = applyFilters(els, { chips: [chip('5432')] });
    const d = limitDrawnEdges(els, visible, 1);
    expect(d.matched).toBe(2);
    expect([...d.visibility.edges]).toEqual(['fe:e-peer-db']);
  });

  it('draws traffic leaving towards the outside after traffic between endpoints', () => {
    const node = (id: string, role: string): ElementDefinition => ({ group: 'nodes', data: { id, label: id, role, kind: role === 'external' ? 'internet' : 'instance', endpointIds: [], search: id, vpcIds: [], subnetIds: [] } });
    const edge = (id: string, source: string, target: string): ElementDefinition => ({ group: 'edges', data: { id, source, target, label: 'tcp 443', ports: [], ruleIds: [], sourceExternal: null, risky: false, depends: false } });
    const small = [node('a', 'endpoint'), node('b', 'endpoint'), node('net', 'external'), edge('a-out', 'a', 'net'), edge('a-b', 'a', 'b')];
    const d = limitDrawnEdges(small, applyFilters(small, { chips: [] }), 1);
    expect([...d.visibility.edges]).toEqual(['a-b']);
  });
});
