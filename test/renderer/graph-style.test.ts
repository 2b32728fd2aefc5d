// Pins the stylesheet's promises: every kind the view model emits has a shape, risky edges stand
// out, hidden elements are not drawn, and big maps use the cheap edge style.
import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import type { ElementDefinition, StylesheetStyle } from 'cytoscape';
import { buildStyle, EDGE_COLOURS, EDGE_LEGEND, KIND_STYLES, kindsOnMap, LATENT_OPACITY } from '../../src/renderer/graph-style';
import { computeGridPositions } from '../../src/renderer/grid-layout';
import { mergeRanges, summarizeRulePorts, containsSensitivePort } from '../../src/renderer/port-sets';
import { buildElements } from '../../src/renderer/view-model';
import { createFixtureModel } from './fixture-model';

const rules = (large = false) => buildStyle({ large }) as StylesheetStyle[];
const find = (sel: string, large = false) => rules(large).find((r) => r.selector === sel)?.style as Record<string, unknown> | undefined;

describe('buildStyle', () => {
  it('gives every endpoint kind a shape and colour', () => {
    for (const kind of ['instance', 'load-balancer', 'database', 'lambda', 'ecs', 'vpc-endpoint', 'eni']) {
      expect(find(`node.kind-${kind}`)).toMatchObject({ shape: KIND_STYLES[kind]!.shape });
    }
    expect(find('node.ext-internet')).toBeDefined();
  });

  it('draws a grouped node of several kinds in a shape no single endpoint kind has', () => {
    const mixed = find('node.kind-mixed')?.shape;
    expect(mixed).toBe(KIND_STYLES.mixed!.shape);
    const endpointKinds = ['instance', 'eni', 'load-balancer', 'database', 'cache', 'lambda', 'ecs', 'eks', 'efs', 'vpc-endpoint', 'autoscaling', 'nat', 'search', 'mq', 'redshift', 'msk', 'generic'];
    for (const kind of endpointKinds) expect(KIND_STYLES[kind]!.shape).not.toBe(mixed);
  });

  it('draws a group of several kinds about as large as a one-kind group: its triangle gets a wider box', () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: buildStyle(),
      elements: [
        { group: 'nodes', data: { id: 'one', label: 'worker ×3' }, classes: 'endpoint grouped kind-generic' },
        { group: 'nodes', data: { id: 'several', label: '3 endpoints of 2 kinds' }, classes: 'endpoint grouped kind-mixed' },
      ],
    });
    const one = cy.getElementById('one');
    const several = cy.getElementById('several');
    // A triangle covers half of its box and a circle (this group's ellipse) about 79%.
    const area = (n: typeof one, fill: number) => n.width() * n.height() * fill;
    expect(area(several, 0.5)).toBeGreaterThanOrEqual(area(one, Math.PI / 4) * 0.9);
    cy.destroy();
  });

  it('makes risky edges red and thicker than the rest', () => {
    const risky = find('edge.risky')!;
    expect(risky['line-color']).toBe('#d42f2f');
    expect(Number(risky.width)).toBeGreaterThan(Number(find('edge')!.width));
    expect(find('.hidden')).toMatchObject({ visibility: 'hidden' });
    // A new map waiting for the layout worker sits stacked at the origin: not shown meanwhile.
    expect(find('.layout-pending')).toMatchObject({ visibility: 'hidden' });
  });

  it('uses cheap haystack edges on big maps, with labels and arrows only once zoomed in', () => {
    expect(find('edge')!['curve-style']).toBe('bezier');
    expect(find('edge', true)!['curve-style']).toBe('haystack');
    expect(find('edge', true)!.label).toBe('');
    expect(rules(true).some((r) => r.selector === 'edge' && 'text-background-opacity' in (r.style as object))).toBe(false);
    expect(find('edge.detail', true)).toMatchObject({ 'mid-target-arrow-shape': 'triangle' });
    expect(find('node', true)).toBeDefined();
  });
});

// A latent exposure (open to an outside source, but no public address behind the edge) must read
// apart from a live one without colour, keep its risk colour, and be explained in the legend the
// app and both exports draw. Checked on the style headless Cytoscape resolves for the fixture's edges.
describe('latent exposure edges', () => {
  /** The fixture drawn headless, the bastion's ssh from the Internet at `bastion` (the ALB's 80/443 stays live). */
  const drawn = (bastion: 'yes' | 'no' = 'no', large = false) => {
    const model = createFixtureModel();
    for (const x of model.analysis.exposures) if (x.endpointId === 'i-bastion') x.publicAddress = bastion;
    const cy = cytoscape({ headless: true, styleEnabled: true, elements: buildElements(model, 'reachability'), style: buildStyle({ large }) });
    const look = (id: string) => {
      const e = cy.getElementById(id);
      return { line: e.style('line-style'), color: e.style('line-color'), opacity: Number(e.style('opacity')), width: Number.parseFloat(e.style('width')) };
    };
    return { cy, look };
  };

  it('draws a latent risky edge dashed, faded and thinner, but still red; a live risky one solid and whole', () => {
    const latent = drawn('no').look('fe:e-inet-bastion');
    const live = drawn('yes').look('fe:e-inet-bastion');
    expect(latent).toMatchObject({ line: 'dashed', color: 'rgb(212,47,47)', opacity: LATENT_OPACITY });
    expect(live).toMatchObject({ line: 'solid', color: 'rgb(212,47,47)', opacity: 1 });
    expect(latent.width).toBeLessThan(live.width);
    // Still thicker than other Internet traffic: the risk reads at a glance.
    expect(latent.width).toBeGreaterThan(drawn('no').look('fe:e-inet-alb').width);
  });

  it('keeps a latent edge in its own colour (blue from a named CIDR) and a live one solid, on big maps too', () => {
    for (const large of [false, true]) {
      const { look } = drawn('no', large);
      expect(look('fe:e-office-web')).toMatchObject({ line: 'dashed', color: 'rgb(59,125,216)', opacity: LATENT_OPACITY });
      expect(look('fe:e-inet-alb')).toMatchObject({ line: 'solid', opacity: 1 });
    }
  });

  it('still fades further when a highlighted answer fades the rest of the map', () => {
    const { cy, look } = drawn();
    cy.getElementById('fe:e-inet-bastion').addClass('faded');
    expect(look('fe:e-inet-bastion').opacity).toBe(0.15);
  });

  it('has a legend row drawn as the edge is, in the words the exposure lines use', () => {
    const row = EDGE_LEGEND.find((l) => l.opacity !== undefined);
    expect(row).toEqual({ color: EDGE_COLOURS.risky, label: 'Open to outside sources, but no public address in the inputs', dashed: true, opacity: LATENT_OPACITY });
    // The faded row is the only one: the others are drawn at full strength.
    expect(EDGE_LEGEND.filter((l) => l.opacity !== undefined)).toHaveLength(1);
  });
});

describe('computeGridPositions', () => {
  it('places every leaf, externals to the left of the VPCs, without overlaps', () => {
    const els = buildElements(createFixtureModel(), 'reachability');
    const pos = computeGridPositions(els);
    const leaves = els.filter((e) => e.group === 'nodes' && !String(e.classes).includes('compound'));
    expect(Object.keys(pos).sort()).toEqual(leaves.map((l) => l.data.id!).sort());
    expect(pos['x:n-internet']!.x).toBeLessThan(pos['ep:db-main']!.x);
    const keys = new Set(Object.values(pos).map((p) => `${Math.round(p.x)},${Math.round(p.y)}`));
    expect(keys.size).toBe(leaves.length);
  });
});

describe('port sets', () => {
  it('merges ranges and labels rule ports', () => {
    expect(mergeRanges([[443, 443], [80, 80], [81, 90]])).toEqual([[80, 90], [443, 443]]);
    const ports = summarizeRulePorts([
      { protocol: 6, fromPort: 443, toPort: 443 },
      { protocol: 6, fromPort: 80, toPort: 80 },
      { protocol: 17, fromPort: 53, toPort: 53 },
    ]);
    expect(ports.map((p) => p.label)).toEqual(['tcp 80, 443', 'udp 53']);
    expect(summarizeRulePorts([{ protocol: 6, fromPort: 0, toPort: 65535 }])[0]!.label).toBe('tcp all ports');
  });

  it('flags admin and database ports and all traffic', () => {
    expect(containsSensitivePort(summarizeRulePorts([{ protocol: 6, fromPort: 3389, toPort: 3389 }]))).toBe(true);
    expect(containsSensitivePort(summarizeRulePorts([{ protocol: 6, fromPort: 443, toPort: 443 }]))).toBe(false);
    expect(containsSensitivePort(summarizeRulePorts([{ protocol: -1, fromPort: null, toPort: null }]))).toBe(true);
  });
});

describe('kindsOnMap', () => {
  it("lists each kind of node on the map once, in the legend's order, leaving out VPC and subnet boxes and edges", () => {
    const els: ElementDefinition[] = [
      { group: 'nodes', data: { role: 'vpc', kind: 'vpc' } },
      { group: 'nodes', data: { role: 'endpoint', kind: 'instance' } },
      { group: 'nodes', data: { role: 'external', kind: 'cidr' } },
      { group: 'nodes', data: { role: 'endpoint', kind: 'instance' } },
      { group: 'nodes', data: { role: 'security-group', kind: 'security-group' } },
      { group: 'nodes', data: { role: 'endpoint-group', kind: 'eks' } },
      { group: 'edges', data: { kind: 'flow' } },
    ];
    expect(kindsOnMap(els)).toEqual(['instance', 'eks', 'cidr', 'security-group']);
  });
});

describe('node labels', () => {
  const ZW = '\u200b';
  it('are drawn with long words broken after their separators (breakLongWords), for Cytoscape to wrap at', () => {
    const label = find('node')?.label as (ele: { data(k: string): unknown }) => string;
    expect(typeof label).toBe('function');
    expect(label({ data: () => 'com.amazonaws.global.cloudfront.origin-facing' })).toContain(ZW);
  });
});
