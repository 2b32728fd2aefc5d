// The worker's fcose: from the page's measurements it places the map where fcose on the page would
// (checked against fcose run directly on the same map, where headless labels take no room), keeps
// room for labels the page measured as fcose does, and takes an incremental pass from where the
// nodes are.
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, LayoutOptions, Position, StylesheetJson } from 'cytoscape';
import { afterEach, describe, expect, it } from 'vitest';
import { layOutHeadless } from '../../src/renderer/fcose-headless';
import { describeForLayout, FCOSE_OPTIONS } from '../../src/renderer/layout-request';
import type { FcoseSettings, LayoutNode } from '../../src/renderer/layout-request';
import { seedFrom, withSeededRandom } from '../../src/renderer/seeded-random';

/** As graph-view.ts lays out maps a person reads, placed without fitting the page. */
const SETTINGS: FcoseSettings = { ...FCOSE_OPTIONS, fit: false };

const STYLE: StylesheetJson = [
  { selector: 'node', style: { width: 34, height: 34, 'border-width': 1.5 } },
  { selector: 'node.compound', style: { padding: '22px', 'border-width': 2 } },
  { selector: 'node.external', style: { width: 46, height: 46 } },
];

/** Two VPCs with subnets, endpoints talking within and across them, outside sources, a loner. */
function sampleMap(): ElementDefinition[] {
  const els: ElementDefinition[] = [];
  for (const v of ['vpc-a', 'vpc-b']) {
    els.push({ data: { id: v }, classes: 'compound' });
    for (const s of [1, 2]) {
      els.push({ data: { id: `${v}-s${s}`, parent: v }, classes: 'compound' });
      for (const i of [1, 2, 3]) els.push({ data: { id: `${v}-s${s}-i${i}`, parent: `${v}-s${s}` } });
    }
  }
  els.push({ data: { id: 'internet' }, classes: 'external' }, { data: { id: 'office' }, classes: 'external' }, { data: { id: 'loner' } });
  const edge = (source: string, target: string) => els.push({ data: { id: `${source}>${target}`, source, target } });
  edge('internet', 'vpc-a-s1-i1');
  edge('internet', 'vpc-a-s1-i2');
  edge('office', 'vpc-b-s1-i1');
  edge('vpc-a-s1-i1', 'vpc-a-s2-i1');
  edge('vpc-a-s1-i2', 'vpc-a-s2-i2');
  edge('vpc-a-s2-i1', 'vpc-b-s2-i3');
  edge('vpc-b-s1-i1', 'vpc-b-s1-i2');
  edge('vpc-b-s1-i2', 'vpc-b-s2-i1');
  edge('vpc-b-s2-i2', 'vpc-b-s2-i2');
  return els;
}

const cys: Core[] = [];
function headlessMap(elements: ElementDefinition[]): Core {
  const cy = cytoscape({ headless: true, styleEnabled: true, style: STYLE });
  cy.add(elements);
  cys.push(cy);
  return cy;
}
afterEach(() => cys.splice(0).forEach((cy) => cy.destroy()));

/**
 * fcose run in place, as graph-view.ts runs it on the page's thread. (Headless edges are plain
 * lines between nodes, so the box fcose centres on here is the nodes' box the worker is sent.)
 */
function fcoseInPlace(cy: Core, settings: FcoseSettings): Record<string, Position> {
  const layout = cy.layout(settings as unknown as LayoutOptions);
  withSeededRandom(seedFrom(cy.nodes().map((n) => n.id())), () => layout.run());
  return Object.fromEntries(cy.nodes(':childless').map((n) => [n.id(), { ...n.position() }]));
}

function expectSamePlaces(actual: Record<string, Position>, expected: Record<string, Position>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [id, p] of Object.entries(expected)) {
    expect(actual[id]!.x, id).toBeCloseTo(p.x, 6);
    expect(actual[id]!.y, id).toBeCloseTo(p.y, 6);
  }
}

describe('layOutHeadless', () => {
  it('places a map where fcose on the page would', () => {
    const job = describeForLayout(headlessMap(sampleMap()), SETTINGS);
    const placed = layOutHeadless({ ...job, id: 1 });
    expectSamePlaces(placed, fcoseInPlace(headlessMap(sampleMap()), SETTINGS));
    // A real layout, not the start: the endpoints are spread out.
    expect(new Set(Object.values(placed).map((p) => `${Math.round(p.x)},${Math.round(p.y)}`)).size).toBe(Object.keys(placed).length);
  });

  it('takes an incremental pass from where the nodes are, as the page would', () => {
    const spread = (els: ElementDefinition[]) =>
      els.map((el, i) => (el.data.source || el.classes === 'compound' ? el : { ...el, position: { x: (i % 5) * 90, y: Math.floor(i / 5) * 70 } }));
    const pass = { ...SETTINGS, randomize: false, numIter: 600 };
    const job = describeForLayout(headlessMap(spread(sampleMap())), pass);
    expectSamePlaces(layOutHeadless({ ...job, id: 2 }), fcoseInPlace(headlessMap(spread(sampleMap())), pass));
  });

  it('sizes each endpoint by the page’s measurement, label included, not by its bare box', () => {
    // Labels 400 px wide on 34 px boxes: laid out by the bare boxes, they would run into each other.
    const job = describeForLayout(headlessMap(sampleMap()), SETTINGS);
    const labelled = job.nodes.map((n) => (n.padding ? n : { ...n, w: 400, h: 40, labelW: 400, labelH: 6 }));
    const placed = layOutHeadless({ ...job, nodes: labelled, id: 5 });
    const leaves = Object.keys(placed);
    expect(leaves).toHaveLength(15);
    for (const a of leaves) {
      for (const b of leaves) {
        if (a >= b) continue;
        const apart = Math.abs(placed[a]!.x - placed[b]!.x) >= 400 - 1 || Math.abs(placed[a]!.y - placed[b]!.y) >= 40 - 1;
        expect(apart, `${a} and ${b}`).toBe(true);
      }
    }
  });

  it('keeps room for a label the page measured, where fcose on the page keeps it', () => {
    // One endpoint at the origin: a 34 x 34 box and, 4 px below it, a label 30 wide and 20 high.
    // Its layout box spans y -17 to 41 (58 high), centred at y 12, where the page's bounding box is.
    const node: LayoutNode = { id: 'web', parent: null, x: 0, y: 0, w: 34, h: 58, bodyW: 34, bodyH: 34, border: 0, padding: 0, labelW: 30, labelH: 20, valign: 'bottom', halign: 'center' };
    const placed = layOutHeadless({ id: 3, settings: SETTINGS, nodes: [node], edges: [], center: { x: 0, y: 12 } });
    // fcose centres the layout box there, then takes the node up by half the label's height.
    expect(placed.web!.x).toBeCloseTo(0, 6);
    expect(placed.web!.y).toBeCloseTo(12 - 20 / 2, 6);
  });

  it('answers an empty map with no positions', () => {
    expect(layOutHeadless({ id: 4, settings: SETTINGS, nodes: [], edges: [], center: { x: 0, y: 0 } })).toEqual({});
  });
});
