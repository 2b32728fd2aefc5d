// What the layout worker is sent, read from a (headless) Cytoscape map: ids, parents, sizes,
// paddings, label sides, positions and edges in the map's order, and the centre fcose re-centres
// on; and the worker's positions landing back on the map. Headless Cytoscape measures no text, so
// the label boxes here are empty; the e2e spec checks them on the page (layout-worker.spec.ts).
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, StylesheetJson } from 'cytoscape';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLayoutPositions, describeForLayout } from '../../src/renderer/layout-request';

const STYLE: StylesheetJson = [
  { selector: 'node', style: { width: 34, height: 30, 'border-width': 1.5, 'text-valign': 'bottom', 'text-halign': 'center' } },
  { selector: 'node.compound', style: { padding: '22px', 'border-width': 2, 'text-valign': 'top' } },
  { selector: 'node.wide', style: { width: 58, 'text-halign': 'left' } },
];

let cy: Core;
const map = (elements: ElementDefinition[]): Core => {
  cy = cytoscape({ headless: true, styleEnabled: true, style: STYLE });
  cy.add(elements);
  return cy;
};
afterEach(() => cy?.destroy());

describe('describeForLayout', () => {
  it('sends ids, parents, sizes, paddings, label sides, positions and edges in the map’s order', () => {
    map([
      { data: { id: 'vpc' }, classes: 'compound' },
      { data: { id: 'web', parent: 'vpc' }, position: { x: -40, y: 10 } },
      { data: { id: 'db', parent: 'vpc' }, position: { x: 40, y: 10 } },
      { data: { id: 'internet' }, classes: 'wide', position: { x: -300, y: 0 } },
      { data: { id: 'e1', source: 'internet', target: 'web' } },
      { data: { id: 'e2', source: 'web', target: 'db' } },
    ]);
    const job = describeForLayout(cy, { name: 'fcose', numIter: 600, randomize: false });
    expect(job.settings).toEqual({ name: 'fcose', numIter: 600, randomize: false });
    expect(job.nodes.map((n) => [n.id, n.parent])).toEqual([['vpc', null], ['web', 'vpc'], ['db', 'vpc'], ['internet', null]]);
    expect(job.edges).toEqual([
      { id: 'e1', source: 'internet', target: 'web' },
      { id: 'e2', source: 'web', target: 'db' },
    ]);
    const [vpc, web, , internet] = job.nodes;
    expect(web).toMatchObject({ x: -40, y: 10, bodyW: 34, bodyH: 30, border: 1.5, padding: 0, valign: 'bottom', halign: 'center' });
    expect(internet).toMatchObject({ x: -300, y: 0, bodyW: 58, bodyH: 30, halign: 'left' });
    // The box's padding as fcose reads it ('22px' to 22), and its place: centred on its children.
    expect(vpc).toMatchObject({ padding: 22, border: 2, valign: 'top', x: 0, y: 10 });
    // Layout dimensions take in the border on both sides (no label is measured headless).
    expect(web!.w).toBeGreaterThan(34);
    expect(web!.w - 34).toBeCloseTo(web!.h - 30);
    expect(vpc!.w).toBeGreaterThan(80 + 34 + 2 * 22);
    for (const n of job.nodes) expect([n.labelW, n.labelH]).toEqual([0, 0]);
  });

  it('sends the centre of the nodes, which the layout is kept centred on', () => {
    // Two alike nodes: whatever each one's box, the whole is centred between them.
    map([
      { data: { id: 'a' }, position: { x: -100, y: 0 } },
      { data: { id: 'b' }, position: { x: 100, y: 40 } },
      { data: { id: 'ab', source: 'a', target: 'b' } },
    ]);
    expect(describeForLayout(cy, {}).center).toEqual({ x: 0, y: 20 });
  });

  it('sends only plain data, which survives the trip to the worker unchanged', () => {
    map([
      { data: { id: 'vpc' }, classes: 'compound' },
      { data: { id: 'web', parent: 'vpc' } },
      { data: { id: 'loop', source: 'web', target: 'web' } },
    ]);
    const job = describeForLayout(cy, { quality: 'default', tile: true });
    expect(structuredClone(job)).toEqual(job);
    expect(JSON.parse(JSON.stringify(job))).toEqual(job);
  });
});

describe('applyLayoutPositions', () => {
  it('moves the leaves, lets their box follow, and leaves a node the answer lacks where it was', async () => {
    map([
      { data: { id: 'vpc' }, classes: 'compound' },
      { data: { id: 'web', parent: 'vpc' }, position: { x: 0, y: 0 } },
      { data: { id: 'db', parent: 'vpc' }, position: { x: 10, y: 0 } },
      { data: { id: 'internet' }, position: { x: 7, y: 8 } },
    ]);
    await applyLayoutPositions(cy, { web: { x: 100, y: 200 }, db: { x: 300, y: 200 }, vpc: { x: -999, y: -999 } }, { fit: false, padding: 40 });
    expect(cy.getElementById('web').position()).toEqual({ x: 100, y: 200 });
    expect(cy.getElementById('db').position()).toEqual({ x: 300, y: 200 });
    // A compound goes where its children are, whatever the answer says of it.
    expect(cy.getElementById('vpc').position()).toEqual({ x: 200, y: 200 });
    expect(cy.getElementById('internet').position()).toEqual({ x: 7, y: 8 });
  });
});
