/**
 * The one module that owns the Cytoscape instance. It loads the view model's elements, lays them out
 * once per model/view (fcose, computed in the layout worker, for maps a person can read; a
 * precomputed grid for big ones), and after that only toggles classes: filters hide and show in one
 * batch, the A-to-B path is highlighted by fading the rest. Nothing else in the UI touches `cy`, so
 * performance decisions live here.
 */
import cytoscape from 'cytoscape';
import type { Collection, Core, EdgeSingular, ElementDefinition, EventObject, LayoutOptions, NodeSingular, Position } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { EDGE_DRAW_LIMIT } from './filters';
import type { Visibility } from './filters';
import { installFastStyleCache } from './cytoscape-style-cache';
import { buildStyle } from './graph-style';
import { placeOutsideNodes } from './external-placement';
import { computeGridPositions } from './grid-layout';
import type { Placed } from './keyboard-nav';
import { placeKeptLeaves } from './kept-layout';
import type { Expansion, LeafNow, Viewport } from './kept-layout';
import { createLayoutJobs, startLayoutWorker } from './layout-jobs';
import { applyLayoutPositions, describeForLayout, FCOSE_OPTIONS } from './layout-request';
import type { FcoseSettings } from './layout-request';
import { seedFrom, withSeededRandom } from './seeded-random';
import type { SvgEdge, SvgNode, SvgScene } from './svg-export';
import type { MapEdgeData, MapNodeData } from './view-model';

cytoscape.use(fcose);

/** Fit never zooms in further than this. */
const MAX_FIT_ZOOM = 1.3;

/** Zoom from which big maps draw endpoint labels and arrows. */
export const DETAIL_ZOOM = 0.55;

/** Above these sizes fcose takes seconds; the grid layout takes milliseconds. */
export const LARGE_NODE_COUNT = 300;
export const LARGE_EDGE_COUNT = 1500;

export interface GraphHandlers {
  onSelectNode(data: MapNodeData): void;
  onSelectEdge(data: MapEdgeData): void;
  onClearSelection(): void;
  /** Double click on a grouped node. */
  onExpandGroup(data: MapNodeData): void;
}

export interface LoadOptions {
  /**
   * Keep the positions of nodes already on the map (expanding or collapsing a group): new members go
   * near their group, a group that comes back where it was (see kept-layout.ts).
   */
  keepPositions?: boolean;
  /** Past this many edges, only those setVisibility asks for go on the map (EDGE_DRAW_LIMIT unless given). */
  edgeLimit?: number;
}

export interface LoadStats {
  nodes: number;
  edges: number;
  large: boolean;
  layout: 'fcose' | 'grid' | 'kept';
  /** Where fcose ran, when it did: the layout worker, or the main thread when the worker failed. */
  layoutThread?: 'worker' | 'main';
  layoutMs: number;
}

/** What the e2e tests read of one edge: its classes and the style Cytoscape resolved for them. */
export interface EdgeLook {
  classes: string[];
  lineStyle: string;
  color: string;
  opacity: number;
  width: number;
}

export interface GraphView {
  /** Resolves null when a newer load() started before this one's layout landed (it never will). */
  load(elements: ElementDefinition[], options?: LoadOptions): Promise<LoadStats | null>;
  setVisibility(visible: Visibility): void;
  fit(): void;
  zoomBy(factor: number): void;
  panBy(dx: number, dy: number): void;
  focus(id: string): boolean;
  select(id: string | null): void;
  /** Visible leaf nodes where they are drawn (rendered coordinates), for keyboard travel. */
  placedLeaves(): Placed[];
  /** The centre of the map's canvas, in rendered coordinates. */
  viewCenter(): { x: number; y: number };
  /** The selected element's id, or null. */
  selectedId(): string | null;
  /** The visible edges touching a node, in map order. */
  visibleEdgesOf(id: string): string[];
  /** An edge's two ends, or null when there is no such edge. */
  edgeEnds(id: string): { source: string; target: string } | null;
  /** Pans, never zooms, just enough to bring the element into view. */
  reveal(id: string): void;
  /** Marks the elements of an A-to-B answer, the ends as its verdict says, and fades the rest. */
  highlightPath(ids: string[], options?: { verdict?: 'allowed' | 'denied' | 'depends' }): void;
  clearHighlight(): void;
  /** The whole map as a PNG data URL, and the pixel ratio it was rendered at. */
  exportPng(): { dataUrl: string; scale: number };
  /** The visible map as a plain scene for the vector export (svg-export.ts). */
  exportScene(title: string): SvgScene;
  has(id: string): boolean;
  /** Whether the element is drawn: on the map, and neither it nor a box around it hidden by the filters. */
  isShown(id: string): boolean;
  nodeData(id: string): MapNodeData | undefined;
  /** Ids of the edges between two leaves, in either direction, hidden or not (off-map ones come onto the map). */
  edgesBetween(a: string, b: string): string[];
  /** Whether the edge runs from `a` to `b` (not the other way). */
  edgeGoes(id: string, a: string, b: string): boolean;
  /** Ids of the elements the A-to-B highlight marks (for tests). */
  highlighted(): string[];
  visibleEdgeCount(): number;
  /** Edges on the map, hidden ones included (for tests of what setVisibility keeps on it). */
  mapEdgeCount(): number;
  visibleNodeCount(): number;
  visibleEdgeIds(): string[];
  /** An edge's classes and how it is drawn (line style, colour, opacity, width), for tests; null when not on the map. */
  edgeLook(id: string): EdgeLook | null;
  /** Visible leaf nodes with their labels and kinds (for tests and diagnostics). */
  visibleLeaves(): { id: string; label: string; kind: string }[];
  renderedCenter(id: string): Position | null;
  /** A node's position in model coordinates, which panning and zooming leave alone (for tests). */
  modelPosition(id: string): Position | null;
  isLarge(): boolean;
  /** Fires the same handlers a click would; used by the e2e test hook. */
  tap(id: string): boolean;
  destroy(): void;
}

/** Endpoint and outside nodes (not VPC or subnet boxes) and edges among the elements. */
export function countLeaves(elements: ElementDefinition[]): { nodes: number; edges: number } {
  let nodes = 0;
  let edges = 0;
  for (const el of elements) {
    if (el.group === 'edges') edges++;
    else if (!String(el.classes ?? '').includes('compound')) nodes++;
  }
  return { nodes, edges };
}

export function createGraphView(container: HTMLElement, handlers: GraphHandlers): GraphView {
  let large = false;
  /**
   * Maps with more edges than EDGE_DRAW_LIMIT keep their edges here and put on the map those
   * setVisibility asks for (keeping some it no longer asks for, hidden): adding every edge hidden
   * would still cost Cytoscape seconds per thousands of them. Null on smaller maps, where every
   * edge is added and hidden by class.
   */
  let offMapEdges: Map<string, ElementDefinition> | null = null;
  /** The drawing limit of the map loaded (see setVisibility for the hidden edges it may hold beside). */
  let edgeLimit = EDGE_DRAW_LIMIT;
  /** The A-to-B highlight in force, so edges that come onto the map later take their part in it. */
  let highlighted: Set<string> | null = null;
  const cy: Core = cytoscape({
    container,
    elements: [],
    style: buildStyle(),
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: false,
    selectionType: 'single',
    motionBlur: false,
  });

  /** An edge drawn with both its ends: the filters hide neither. */
  const isEdgeShown = (e: EdgeSingular): boolean => !e.hasClass('hidden') && !e.source().hasClass('hidden') && !e.target().hasClass('hidden');

  // VPC and subnet boxes are compound nodes, which made Cytoscape's style bookkeeping a good part of
  // drawing and filtering big maps (see cytoscape-style-cache.ts).
  installFastStyleCache(cy);

  cy.on('tap', 'node', (ev: EventObject) => handlers.onSelectNode(ev.target.data() as MapNodeData));
  cy.on('tap', 'edge', (ev: EventObject) => handlers.onSelectEdge(ev.target.data() as MapEdgeData));
  // Cytoscape fires dbltap for any two taps close in time, on whatever they hit: a click on one
  // node and then, quickly, on a group expanded the group. Only two taps on the group itself do.
  let tapBefore = '';
  let tapLast = '';
  cy.on('tap', (ev: EventObject) => {
    tapBefore = tapLast;
    tapLast = ev.target === cy ? '' : (ev.target as NodeSingular).id();
    if (ev.target === cy) handlers.onClearSelection();
  });
  cy.on('dbltap', 'node.grouped', (ev: EventObject) => {
    if (tapBefore === (ev.target as NodeSingular).id()) handlers.onExpandGroup(ev.target.data() as MapNodeData);
  });

  /**
   * The groups expanded on the layout on screen, oldest first, with the positions before and after
   * each expand, so that collapsing one can put the map back (kept-layout.ts).
   */
  const expansions = new Map<string, Expansion>();
  /** Endpoint and outside nodes where they are, in model coordinates. */
  const leavesOnMap = (): LeafNow[] =>
    cy.nodes().filter((n) => !n.hasClass('compound')).map((n) => {
      const from = (n.data() as MapNodeData).expandedFrom;
      return { id: n.id(), ...(n as NodeSingular).position(), ...(from ? { expandedFrom: from } : {}) };
    });
  const viewportNow = (): Viewport => ({ zoom: cy.zoom(), pan: { ...cy.pan() } });

  const runLayout = (options: LayoutOptions): Promise<void> =>
    new Promise((resolve) => {
      const layout = cy.layout(options);
      layout.one('layoutstop', () => resolve());
      // fcose runs synchronously (animate: false), so every random start position is drawn here.
      withSeededRandom(seedFrom(cy.nodes().map((n) => n.id())), () => layout.run());
    });

  // fcose takes seconds on a few hundred nodes: it runs in the layout worker (layout-jobs.ts) and
  // only its positions land here. A fresh layout keeps the new elements hidden until then (they
  // all sit at the origin); the incremental pass leaves the kept map in view. Resolves where it
  // ran, or null when a newer load() superseded it and nothing was changed.
  const layoutJobs = createLayoutJobs(startLayoutWorker);
  let warnedMainThread = false;
  const runFcose = async (options: FcoseSettings & { name: string; randomize: boolean; fit: boolean; padding: number }): Promise<'worker' | 'main' | null> => {
    const fresh = options.randomize;
    if (fresh) cy.elements().addClass('layout-pending');
    const outcome = await layoutJobs.run(describeForLayout(cy, options));
    if (outcome.kind === 'superseded') return null;
    if (outcome.kind === 'positions') await applyLayoutPositions(cy, outcome.positions, options);
    else {
      if (!warnedMainThread) console.warn(`Reachmap: laying the map out on the main thread, ${outcome.reason}.`);
      warnedMainThread = true;
      await runLayout(options as LayoutOptions);
    }
    if (fresh) cy.elements().removeClass('layout-pending');
    return outcome.kind === 'positions' ? 'worker' : 'main';
  };

  // Renderer options that only pay off on big maps (they blur or hide edges while panning).
  const applyRenderMode = (isLarge: boolean): void => {
    const r = (cy as unknown as { renderer(): { textureOnViewport: boolean; hideEdgesOnViewport: boolean } }).renderer();
    r.textureOnViewport = isLarge;
    r.hideEdgesOnViewport = isLarge;
  };

  // Big maps: add or drop labels and arrows when the zoom crosses DETAIL_ZOOM, once per crossing.
  let detailed = false;
  let detailCheck = 0;
  const updateDetail = (): void => {
    detailCheck = 0;
    const want = large && cy.zoom() >= DETAIL_ZOOM;
    if (want === detailed) return;
    detailed = want;
    cy.batch(() => (want ? cy.elements().addClass('detail') : cy.elements().removeClass('detail')));
  };
  cy.on('zoom', () => {
    if (large && !detailCheck) detailCheck = requestAnimationFrame(updateDetail);
  });

  // Fitting two nodes would blow them up to poster size; past MAX_FIT_ZOOM the map is centred instead.
  const fitGently = (eles: Collection, padding: number): void => {
    if (eles.empty()) return;
    cy.fit(eles, padding);
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center(eles);
    }
  };

  // fcose lets outside nodes (Internet, CIDRs) drift over the VPC boxes, which reads as "inside".
  // Columns to the left of the VPCs, in the order fcose found, keep their edges fanning in.
  const placeExternalsBeside = (): void => {
    const boxes = cy.nodes('.compound').filter((n) => n.parent().empty());
    const outside = cy.nodes('.external').filter((n) => n.parent().empty());
    if (boxes.empty() || outside.empty()) return;
    const bb = boxes.boundingBox({});
    const nodes = outside.map((n) => ({ id: n.id(), y: (n as NodeSingular).position('y'), w: n.boundingBox({ includeLabels: true }).w }));
    const positions = placeOutsideNodes({ x1: bb.x1, y1: bb.y1, w: bb.w, h: bb.h }, nodes, cy.width() / cy.height());
    cy.batch(() => outside.forEach((n) => void n.position(positions[n.id()] as Position)));
  };

  /** Adds edges kept off the map (past the drawing limit) with the classes the map's state gives them. */
  const putOnMap = (defs: ElementDefinition[]): void => {
    if (defs.length === 0) return;
    const added = cy.add(defs);
    if (detailed) added.addClass('detail');
    if (highlighted) {
      const path = highlighted;
      added.forEach((e) => void e.addClass(path.has(e.id()) ? 'path' : 'faded'));
    }
  };

  // Whether the view is as fit() left it: when the window changes size it is fitted again, where
  // Cytoscape would keep the old zoom and pan and leave the map cut off or in a corner. Panning or
  // zooming by hand ends it until the next fit. Only the window: the filter bar growing by a line
  // (a chip, an error) must not move the map under the user's eyes.
  let fitted = false;
  cy.on('dragpan pinchzoom scrollzoom', () => {
    fitted = false;
  });
  let resizeFrame = 0;
  const onWindowResize = (): void => {
    if (resizeFrame) return;
    resizeFrame = requestAnimationFrame(() => {
      resizeFrame = 0;
      cy.resize();
      if (fitted) view.fit();
    });
  };
  window.addEventListener('resize', onWindowResize);

  const view: GraphView = {
    async load(elements, options = {}) {
      // A layout still running for the previous load() must not land on this one, and the places
      // of a map still waiting for it (stacked at the origin, hidden) are not worth keeping.
      const keepPositions = options.keepPositions && cy.nodes('.layout-pending').empty();
      layoutJobs.cancel();
      const { nodes, edges } = countLeaves(elements);
      const previous = new Map<string, Position>();
      if (keepPositions) cy.nodes().forEach((n) => void previous.set(n.id(), { ...n.position() }));
      const now = keepPositions ? leavesOnMap() : [];
      // Expansions belong to the layout they were made on; a new layout has none.
      if (!keepPositions || previous.size === 0) expansions.clear();
      const started = performance.now();
      large = nodes > LARGE_NODE_COUNT || edges > LARGE_EDGE_COUNT;
      let layout: LoadStats['layout'];
      let layoutThread: LoadStats['layoutThread'] | null;
      offMapEdges = edges > (options.edgeLimit ?? EDGE_DRAW_LIMIT) ? new Map() : null;
      edgeLimit = options.edgeLimit ?? EDGE_DRAW_LIMIT;
      highlighted = null;
      cy.batch(() => {
        cy.elements().remove();
        cy.style(buildStyle({ large }));
        if (offMapEdges) {
          const edgesOff = offMapEdges;
          cy.add(elements.filter((el) => {
            if (el.group !== 'edges') return true;
            edgesOff.set(el.data.id as string, el);
            return false;
          }));
        } else cy.add(elements);
      });
      applyRenderMode(large);
      detailed = false;
      if (keepPositions && previous.size > 0) {
        layout = 'kept';
        const viewBefore = viewportNow();
        const placement = placeKeptLeaves(now, leavesOnMap(), expansions, viewBefore);
        for (const group of placement.returned) expansions.delete(group);
        await runLayout({ name: 'preset', positions: (n: NodeSingular) => placement.positions.get(n.id()) ?? previous.get(n.id()) ?? { x: 0, y: 0 }, fit: false } as LayoutOptions);
        if (placement.view) cy.viewport(placement.view);
        if (!large && placement.spread.length > 0) {
          // Members may sit in other subnets than the group did: a short incremental fcose pass from
          // the current positions (not a new layout) makes room without reshuffling the map.
          layoutThread = await runFcose({ ...FCOSE_OPTIONS, randomize: false, fit: false, numIter: 600 });
          if (!layoutThread) return null;
          placeExternalsBeside();
          fitGently(cy.elements(), 40);
        }
        if (placement.spread.length > 0) {
          // Kept so that collapsing can put the map back as it was (kept-layout.ts).
          const before = new Map(now.map((l) => [l.id, { x: l.x, y: l.y }]));
          const after = new Map(leavesOnMap().map((l) => [l.id, { x: l.x, y: l.y }]));
          const viewAfter = viewportNow();
          for (const group of placement.spread) {
            expansions.delete(group);
            expansions.set(group, { before, after, viewBefore, viewAfter });
          }
        }
      } else if (large) {
        layout = 'grid';
        const positions = computeGridPositions(elements);
        await runLayout({ name: 'preset', positions: (n: NodeSingular) => positions[n.id()] ?? { x: 0, y: 0 }, fit: true, padding: 30 } as LayoutOptions);
      } else {
        layout = 'fcose';
        layoutThread = await runFcose(FCOSE_OPTIONS);
        if (!layoutThread) return null;
        placeExternalsBeside();
        fitGently(cy.elements(), 40);
      }
      updateDetail();
      return { nodes, edges, large, layout, ...(layoutThread ? { layoutThread } : {}), layoutMs: performance.now() - started };
    },

    setVisibility(visible) {
      cy.batch(() => {
        if (offMapEdges) {
          // Add the edges asked for that are off the map. Those no longer asked for stay on it,
          // hidden by class below, up to twice the drawing limit: a filter that narrows the map,
          // and clearing it, then only hide and show them, where adding thousands back cost
          // Cytoscape seconds (3,000 instances: clears of 2.5-3.8 s went to 0.7-1.1 s). A filter
          // that brings many others on drops the hidden ones first, as adding beside them was
          // slower still (a highlighted path stays, hidden like any filtered edge).
          const adding: ElementDefinition[] = [];
          for (const id of visible.edges) {
            if (cy.getElementById(id).empty()) {
              const el = offMapEdges.get(id);
              if (el) adding.push(el);
            }
          }
          if (adding.length > edgeLimit / 4 || cy.edges().length + adding.length > 2 * edgeLimit) {
            cy.edges().filter((e) => !visible.edges.has(e.id()) && !highlighted?.has(e.id())).remove();
          }
          putOnMap(adding);
        }
        cy.nodes().forEach((n) => {
          const hide = !visible.nodes.has(n.id());
          if (hide !== n.hasClass('hidden')) n.toggleClass('hidden', hide);
        });
        cy.edges().forEach((e) => {
          const hide = !visible.edges.has(e.id());
          if (hide !== e.hasClass('hidden')) e.toggleClass('hidden', hide);
        });
      });
    },

    fit() {
      const shown = cy.elements().not('.hidden');
      fitGently(shown.length ? shown : cy.elements(), 30);
      fitted = true;
    },

    zoomBy(factor) {
      fitted = false;
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },

    panBy(dx, dy) {
      fitted = false;
      cy.panBy({ x: dx, y: dy });
    },

    focus(id) {
      const el = cy.getElementById(id);
      if (el.empty()) return false;
      el.removeClass('hidden');
      el.ancestors().removeClass('hidden');
      cy.elements().unselect();
      el.select();
      fitted = false;
      cy.animate({ center: { eles: el }, zoom: Math.max(cy.zoom(), large ? 1.2 : 1) }, { duration: 250 });
      return true;
    },

    select(id) {
      cy.elements().unselect();
      if (id) cy.getElementById(id).select();
    },

    placedLeaves() {
      return cy.nodes().filter((n) => n.isChildless() && !n.hasClass('compound') && !n.hasClass('hidden') && !n.hasClass('layout-pending')).map((n) => ({ id: n.id(), ...(n as NodeSingular).renderedPosition() }));
    },

    viewCenter() {
      return { x: cy.width() / 2, y: cy.height() / 2 };
    },

    selectedId() {
      const el = cy.$(':selected');
      return el.nonempty() ? el[0]!.id() : null;
    },

    visibleEdgesOf(id) {
      const n = cy.getElementById(id);
      if (n.empty() || !n.isNode()) return [];
      return n.connectedEdges().filter(isEdgeShown).map((e) => e.id());
    },

    edgeEnds(id) {
      const e = cy.getElementById(id);
      return e.nonempty() && e.isEdge() ? { source: e.source().id(), target: e.target().id() } : null;
    },

    reveal(id) {
      const el = cy.getElementById(id);
      if (el.empty()) return;
      const bb = el.renderedBoundingBox({});
      const margin = 40;
      // How far the element sticks out past each side; a pan of that much (and no more) brings it in.
      const dx = bb.x1 < margin ? margin - bb.x1 : bb.x2 > cy.width() - margin ? cy.width() - margin - bb.x2 : 0;
      const dy = bb.y1 < margin ? margin - bb.y1 : bb.y2 > cy.height() - margin ? cy.height() - margin - bb.y2 : 0;
      if (dx === 0 && dy === 0) return;
      fitted = false;
      cy.animate({ panBy: { x: dx, y: dy } }, { duration: 150 });
    },

    highlightPath(ids, options = {}) {
      highlighted = new Set(ids);
      cy.batch(() => {
        cy.elements().removeClass('path path-denied path-depends').addClass('faded');
        for (const id of ids) {
          const el = cy.getElementById(id);
          const end = options.verdict === 'denied' ? 'path-denied' : options.verdict === 'depends' ? 'path-depends' : 'path';
          el.removeClass('faded hidden').addClass(el.isNode() ? end : 'path');
          el.ancestors().removeClass('faded hidden');
        }
      });
    },

    clearHighlight() {
      highlighted = null;
      cy.batch(() => cy.elements().removeClass('faded path path-denied path-depends'));
    },

    exportPng() {
      const scale = large ? 1 : 2;
      return { dataUrl: cy.png({ output: 'base64uri', full: true, scale, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 }), scale };
    },

    exportScene(title) {
      const px = (v: unknown): number => Number.parseFloat(String(v)) || 0;
      const nodes: SvgNode[] = cy.nodes(':visible').map((n) => {
        const parent = n.isParent();
        const box = parent ? n.boundingBox({ includeLabels: false, includeOverlays: false }) : null;
        const pos = n.position();
        const valign = String(n.style('text-valign'));
        const border = String(n.style('border-style'));
        return {
          id: n.id(),
          x: box ? (box.x1 + box.x2) / 2 : pos.x,
          y: box ? (box.y1 + box.y2) / 2 : pos.y,
          w: box ? box.w : n.width(),
          h: box ? box.h : n.height(),
          shape: String(n.style('shape')),
          fill: String(n.style('background-color')),
          fillOpacity: px(n.style('background-opacity')),
          stroke: String(n.style('border-color')),
          strokeWidth: px(n.style('border-width')),
          borderStyle: border === 'dashed' || border === 'dotted' || border === 'double' ? border : 'solid',
          label: String(n.data('label') ?? ''),
          labelColor: String(n.style('color')),
          fontSize: px(n.style('font-size')) || 10,
          labelValign: valign === 'top' || valign === 'center' ? valign : 'bottom',
          // The export wraps labels within the same width as the map (node boxes wrap wider than endpoints).
          labelMaxWidth: n.style('text-wrap') === 'wrap' ? px(n.style('text-max-width')) || undefined : undefined,
          parent,
          depth: n.ancestors().length,
          opacity: px(n.style('opacity')),
        };
      });
      // A big map's thousands of port labels would bury the picture; the edges' tooltips keep them.
      const withLabels = !large;
      const edges: SvgEdge[] = cy.edges(':visible').map((e) => {
        const s = e.sourceEndpoint();
        const t = e.targetEndpoint();
        const m = e.midpoint();
        return {
          id: e.id(),
          sx: s.x,
          sy: s.y,
          tx: t.x,
          ty: t.y,
          mx: m.x,
          my: m.y,
          color: String(e.style('line-color')),
          width: px(e.style('width')) || 1,
          dashed: e.style('line-style') === 'dashed',
          dotted: e.style('line-style') === 'dotted',
          arrow: true,
          label: withLabels ? String(e.data('label') ?? '') : '',
          labelColor: String(e.style('color')),
          fontSize: px(e.style('font-size')) || 9,
          opacity: px(e.style('opacity')),
        };
      });
      return { nodes, edges, background: '#ffffff', title };
    },

    has(id) {
      return cy.getElementById(id).nonempty();
    },

    isShown(id) {
      const el = cy.getElementById(id);
      return el.nonempty() && !el.hasClass('hidden') && el.ancestors('.hidden').empty();
    },

    nodeData(id) {
      const n = cy.getElementById(id);
      return n.nonempty() && n.isNode() ? (n.data() as MapNodeData) : undefined;
    },

    edgesBetween(a, b) {
      const na = cy.getElementById(a);
      const nb = cy.getElementById(b);
      if (na.empty() || nb.empty()) return [];
      if (offMapEdges) {
        // Past the drawing limit the edge asked about may be off the map: it comes on for the question.
        const adding: ElementDefinition[] = [];
        offMapEdges.forEach((el, id) => {
          const { source, target } = el.data as { source: string; target: string };
          if (((source === a && target === b) || (source === b && target === a)) && cy.getElementById(id).empty()) adding.push(el);
        });
        putOnMap(adding);
      }
      return na.edgesWith(nb).map((e) => e.id());
    },

    highlighted() {
      return cy.elements('.path, .path-denied, .path-depends').map((e) => e.id());
    },

    mapEdgeCount() {
      return cy.edges().length;
    },

    visibleEdgeCount() {
      return cy.edges().filter(isEdgeShown).length;
    },

    edgeGoes(id, a, b) {
      const e = cy.getElementById(id);
      return e.nonempty() && e.isEdge() && e.source().id() === a && e.target().id() === b;
    },

    visibleEdgeIds() {
      return cy.edges().filter(isEdgeShown).map((e) => e.id());
    },

    edgeLook(id) {
      const e = cy.getElementById(id);
      if (e.empty() || !e.isEdge()) return null;
      return {
        classes: e.classes(),
        lineStyle: String(e.style('line-style')),
        color: String(e.style('line-color')),
        opacity: Number.parseFloat(String(e.style('opacity'))),
        width: Number.parseFloat(String(e.style('width'))),
      };
    },

    visibleLeaves() {
      return cy.nodes().filter((n) => n.isChildless() && !n.hasClass('hidden')).map((n) => {
        const d = n.data() as MapNodeData;
        return { id: d.id, label: d.label, kind: d.kind };
      });
    },

    visibleNodeCount() {
      return cy.nodes().filter((n) => n.isChildless() && !n.hasClass('hidden')).length;
    },

    renderedCenter(id) {
      const el = cy.getElementById(id);
      if (el.empty()) return null;
      if (el.isNode()) return { ...el.renderedPosition() };
      const mid = (el as unknown as { renderedMidpoint(): Position }).renderedMidpoint();
      return { ...mid };
    },

    modelPosition(id) {
      const n = cy.getElementById(id);
      return n.nonempty() && n.isNode() ? { ...n.position() } : null;
    },

    isLarge() {
      return large;
    },

    tap(id) {
      const el = cy.getElementById(id);
      if (el.empty()) return false;
      cy.elements().unselect();
      el.select();
      el.emit('tap');
      return true;
    },

    destroy() {
      layoutJobs.dispose();
      window.removeEventListener('resize', onWindowResize);
      cancelAnimationFrame(resizeFrame);
      cy.destroy();
    },
  };
  return view;
}
