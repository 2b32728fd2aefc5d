/**
 * The map as the layout worker needs it: plain data measured on the main thread. fcose sizes each
 * node by its box and label (nodeDimensionsIncludeLabels), but only the page's Cytoscape can
 * measure text, so the sizes, label boxes, compound paddings and positions it would read there are
 * read here, once, and sent with the ids, parents and edges. fcose-headless.ts lays that out in the
 * worker; applyLayoutPositions lands the answer back on the map.
 */
import type { Core, LayoutOptions, NodeSingular, Position } from 'cytoscape';

/** fcose options as plain values (FCOSE_OPTIONS holds no functions), so they survive postMessage. */
export type FcoseSettings = Record<string, string | number | boolean>;

/** The layout for maps a person reads: compounds kept tight, outside nodes placed afterwards. */
export const FCOSE_OPTIONS = {
  name: 'fcose',
  quality: 'default',
  randomize: true,
  animate: false,
  fit: true,
  padding: 40,
  nodeDimensionsIncludeLabels: true,
  idealEdgeLength: 140,
  nodeRepulsion: 9000,
  edgeElasticity: 0.3,
  nestingFactor: 0.15,
  gravity: 0.2,
  gravityCompound: 1.2,
  tile: true,
  packComponents: true,
  numIter: 2500,
} satisfies FcoseSettings;

/** One node as fcose sees it on the page. */
export interface LayoutNode {
  id: string;
  /** The compound (VPC or subnet box) it sits in, or null. */
  parent: string | null;
  /** Where it is now, which is where an incremental pass starts from. */
  x: number;
  y: number;
  /** Its layout dimensions, label included (Cytoscape's layoutDimensions with nodeDimensionsIncludeLabels). */
  w: number;
  h: number;
  /** Its own box, label and border left out (width() and height()). */
  bodyW: number;
  bodyH: number;
  border: number;
  /** A compound's padding, as fcose reads it (parseInt of the padding style). */
  padding: number;
  /** The label's box on its own, and where the label sits: fcose keeps room for it on that side. */
  labelW: number;
  labelH: number;
  valign: string;
  halign: string;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

/** A layout job without its id (the layout jobs number them). Nodes and edges in the map's order. */
export interface LayoutJob {
  settings: FcoseSettings;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  /** Centre of the nodes' bounding box on the page, labels included: the result is centred there. */
  center: Position;
}

export interface LayoutRequest extends LayoutJob {
  id: number;
}

/** The worker's answer: positions of the leaf nodes (compounds follow their children), or why not. */
export type LayoutReply = { id: number; ok: true; positions: Record<string, Position> } | { id: number; ok: false; error: string };

/** Reads what fcose would read of every node and edge on the map, in Cytoscape's order. */
export function describeForLayout(cy: Core, settings: FcoseSettings): LayoutJob {
  const nodes = cy.nodes().map((n: NodeSingular): LayoutNode => {
    const dims = n.layoutDimensions({ nodeDimensionsIncludeLabels: true });
    const label = n.boundingBox({ includeLabels: true, includeNodes: false, includeOverlays: false });
    return {
      id: n.id(),
      parent: n.isChild() ? n.parent().first().id() : null,
      x: n.position('x'),
      y: n.position('y'),
      w: dims.w,
      h: dims.h,
      bodyW: n.width(),
      bodyH: n.height(),
      border: n.numericStyle('border-width'),
      padding: Number.parseInt(String(n.css('padding')), 10) || 0,
      labelW: label.w,
      labelH: label.h,
      valign: String(n.css('text-valign')),
      halign: String(n.css('text-halign')),
    };
  });
  const edges = cy.edges().map((e) => ({ id: e.id(), source: e.source().id(), target: e.target().id() }));
  // fcose on the page centres on the box of nodes and edges alike, but measuring hundreds of edges
  // (curves, labels) between nodes about to move took most of this function's time, for a shift
  // the fit after the layout undoes: the nodes' box puts the map in the same place on screen.
  const bb = cy.nodes().boundingBox({});
  return { settings, nodes, edges, center: { x: bb.x1 + bb.w / 2, y: bb.y1 + bb.h / 2 } };
}

/**
 * Puts the leaves where the worker placed them, as a preset layout (compounds follow their
 * children); a node the answer leaves out keeps its place. Fits the view as fcose would have.
 */
export function applyLayoutPositions(cy: Core, positions: Record<string, Position>, view: { fit: boolean; padding: number }): Promise<void> {
  return new Promise((resolve) => {
    const layout = cy.layout({ name: 'preset', positions, fit: view.fit, padding: view.padding, animate: false } as LayoutOptions);
    layout.one('layoutstop', () => resolve());
    layout.run();
  });
}
