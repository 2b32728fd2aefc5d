/**
 * fcose on a headless Cytoscape, for the layout worker: the same layout the page would run, from
 * the sizes the page measured (layout-request.ts). Headless Cytoscape measures no text, so each
 * node answers the two questions fcose asks about its size and its label with the page's
 * measurements; the rest (padding, border, parents, edges, order, seeded start) is the page's own,
 * so the result is the map the page would have drawn.
 */
import cytoscape from 'cytoscape';
import type { BoundingBox12, BoundingBoxWH, Core, LayoutOptions, NodeSingular, Position, StylesheetJson } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { LayoutNode, LayoutRequest } from './layout-request';
import { seedFrom, withSeededRandom } from './seeded-random';

cytoscape.use(fcose);

const ALIGNS = ['top', 'center', 'bottom'] as const;
const HALIGNS = ['left', 'center', 'right'] as const;

/** Boxes, borders and paddings from the measurements; label sides so fcose knows where labels sit. */
const HEADLESS_STYLE: StylesheetJson = [
  { selector: 'node', style: { shape: 'rectangle', width: 'data(bodyW)', height: 'data(bodyH)', 'border-width': 'data(border)', padding: 'data(padding)' } },
  ...ALIGNS.map((a) => ({ selector: `node[valign = "${a}"]`, style: { 'text-valign': a } })),
  ...HALIGNS.map((a) => ({ selector: `node[halign = "${a}"]`, style: { 'text-halign': a } })),
];

/**
 * Makes a headless node report the page's measurements where fcose reads them: its dimensions with
 * the label, and the label's own box (only its size is read). Everything else goes to Cytoscape.
 * (A compound's place needs none: fcose rebuilds compounds around their children.)
 */
function answerWithMeasurements(node: NodeSingular, m: LayoutNode): void {
  const proto = Object.getPrototypeOf(node) as Record<string, (...args: unknown[]) => unknown>;
  const own = node as unknown as Record<string, unknown>;
  own.layoutDimensions = (options?: { nodeDimensionsIncludeLabels?: boolean }) =>
    options?.nodeDimensionsIncludeLabels ? { w: m.w, h: m.h } : proto.layoutDimensions!.call(node, options);
  own.boundingBox = (options?: { includeNodes?: boolean; includeLabels?: boolean }): BoundingBox12 & BoundingBoxWH =>
    options?.includeNodes === false && options.includeLabels !== false
      ? { x1: 0, y1: 0, x2: m.labelW, y2: m.labelH, w: m.labelW, h: m.labelH }
      : (proto.boundingBox!.call(node, options) as BoundingBox12 & BoundingBoxWH);
}

/** Runs fcose on the request's map and returns where its leaves go, in the page's coordinates. */
export function layOutHeadless(request: LayoutRequest): Record<string, Position> {
  // No elements at construction: a headless Cytoscape would run its 'null' layout on them, which
  // stacks every node at the origin.
  const cy: Core = cytoscape({ headless: true, styleEnabled: true, style: HEADLESS_STYLE });
  try {
    cy.add([
      ...request.nodes.map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, ...(n.parent ? { parent: n.parent } : {}), bodyW: n.bodyW, bodyH: n.bodyH, border: n.border, padding: n.padding, valign: n.valign, halign: n.halign },
        position: { x: n.x, y: n.y },
      })),
      ...request.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target } })),
    ]);
    for (const m of request.nodes) answerWithMeasurements(cy.getElementById(m.id) as NodeSingular, m);
    // fcose centres its result on the elements' bounding box, which here lacks the labels: the
    // difference to the page's box is added at the end.
    const bb = cy.elements().boundingBox({});
    const shift = { x: request.center.x - (bb.x1 + bb.w / 2), y: request.center.y - (bb.y1 + bb.h / 2) };
    const layout = cy.layout({ ...request.settings, name: 'fcose', animate: false, fit: false } as LayoutOptions);
    // Seeded as the page seeds it (graph-view.ts runLayout): from the node ids, in the map's order.
    withSeededRandom(seedFrom(request.nodes.map((n) => n.id)), () => layout.run());
    return Object.fromEntries(cy.nodes(':childless').map((n) => [n.id(), { x: n.position('x') + shift.x, y: n.position('y') + shift.y }]));
  } finally {
    // Headless Cytoscape keeps a timer running until destroyed.
    cy.destroy();
  }
}
