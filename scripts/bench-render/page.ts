/**
 * The browser side of the render benchmark, bundled by scripts/bench-render.ts into one script for a
 * blank headless-Chromium page. It times our map (view model, stylesheet, layout, visibility through
 * graph-view.ts) and a bare Cytoscape instance given the same elements and positions, on the same
 * synthetic network, so the printed ratios show what our layer costs on top of Cytoscape itself.
 */
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition } from 'cytoscape';
import { applyFilters, parseFilterChip } from '../../src/renderer/filters';
import { installFastStyleCache } from '../../src/renderer/cytoscape-style-cache';
import { createGraphView } from '../../src/renderer/graph-view';
import { computeGridPositions } from '../../src/renderer/grid-layout';
import { matchPorts } from '../../src/renderer/port-sets';
import type { MapEdgeData } from '../../src/renderer/view-model';
import { buildElements } from '../../src/renderer/view-model';
import { createSyntheticModel } from './synthetic-model';

export interface RenderTimes {
  nodes: number;
  edges: number;
  renderMs: number;
  filterMs: number;
  /** The JavaScript part of filtering (deciding and toggling), before the browser paints. */
  filterSyncMs: number;
  unfilterMs: number;
  visibleAfterFilter: number;
  panFrameMs: number;
  /** How the map was laid out: 'fcose in the worker', 'grid'… (the bare page: 'preset'). */
  layout: string;
}

const waitFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
/** Two frames: the one that draws the change, and the next, so the draw itself is inside the timing. */
const waitPainted = async (): Promise<void> => {
  await waitFrame();
  await waitFrame();
};

function createContainer(): HTMLElement {
  document.body.replaceChildren();
  const div = document.createElement('div');
  div.style.cssText = 'position:absolute;left:0;top:0;width:1400px;height:900px';
  document.body.append(div);
  return div;
}

async function measurePan(pan: (dx: number, dy: number) => void): Promise<number> {
  await waitPainted();
  const frames = 30;
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) {
    pan(i % 2 ? -7 : 7, 3);
    await waitFrame();
  }
  return (performance.now() - t0) / frames;
}

const PORT = parseFilterChip('22');

/** Best of three filter/clear cycles, each timed until painted; the machine may be shared. */
async function measureFilterCycles(filter: () => void, clear: () => void, countVisible: () => number) {
  let filterMs = Infinity;
  let filterSyncMs = Infinity;
  let unfilterMs = Infinity;
  let visibleAfterFilter = 0;
  for (let i = 0; i < 3; i++) {
    const t1 = performance.now();
    filter();
    filterSyncMs = Math.min(filterSyncMs, performance.now() - t1);
    await waitPainted();
    filterMs = Math.min(filterMs, performance.now() - t1);
    visibleAfterFilter = countVisible();
    const t2 = performance.now();
    clear();
    await waitPainted();
    unfilterMs = Math.min(unfilterMs, performance.now() - t2);
  }
  return { filterMs, filterSyncMs, unfilterMs, visibleAfterFilter };
}

async function runOurs(endpoints: number, edges: number): Promise<RenderTimes> {
  const model = createSyntheticModel({ endpoints, edges });
  const container = createContainer();
  const t0 = performance.now();
  const elements = buildElements(model, 'reachability');
  const view = createGraphView(container, { onSelectNode() {}, onSelectEdge() {}, onClearSelection() {}, onExpandGroup() {} });
  const stats = await view.load(elements);
  const layout = !stats ? 'none' : stats.layoutThread ? `${stats.layout} on the ${stats.layoutThread === 'worker' ? 'layout worker' : 'page thread'}` : stats.layout;
  view.setVisibility(applyFilters(elements, { chips: [] }));
  await waitPainted();
  const renderMs = performance.now() - t0;
  if (!PORT.ok) throw new Error(PORT.error);
  const chip = PORT.chip;
  const { filterMs, filterSyncMs, unfilterMs, visibleAfterFilter } = await measureFilterCycles(
    () => view.setVisibility(applyFilters(elements, { chips: [chip] })),
    () => view.setVisibility(applyFilters(elements, { chips: [] })),
    () => view.visibleEdgeCount(),
  );
  const panFrameMs = await measurePan((dx, dy) => view.panBy(dx, dy));
  const counts = { nodes: view.visibleNodeCount(), edges: view.visibleEdgeCount() };
  view.destroy();
  return { ...counts, renderMs, filterMs, filterSyncMs, unfilterMs, visibleAfterFilter, panFrameMs, layout };
}

async function runBare(endpoints: number, edges: number): Promise<RenderTimes> {
  const model = createSyntheticModel({ endpoints, edges });
  // Same elements and positions, prepared outside the timing: the baseline is Cytoscape alone.
  const ours = buildElements(model, 'reachability');
  const positions = computeGridPositions(ours);
  const elements: ElementDefinition[] = ours.map((e) => ({ group: e.group!, data: { ...e.data }, ...(positions[e.data.id!] ? { position: positions[e.data.id!] } : {}) }));
  const container = createContainer();
  // The Cytoscape our map runs on, its style-cache fix included whichever page ran first: the
  // baseline is the library with the same elements, without the rest of our renderer.
  installFastStyleCache(cytoscape({ headless: true }));
  const t0 = performance.now();
  const cy: Core = cytoscape({ container, elements, layout: { name: 'preset' }, style: [{ selector: 'edge', style: { 'target-arrow-shape': 'triangle', 'curve-style': 'straight' } }] });
  await waitPainted();
  const renderMs = performance.now() - t0;
  if (!PORT.ok || PORT.chip.kind !== 'port') throw new Error('bad chip');
  const criterion = PORT.chip.criterion;
  const { filterMs, filterSyncMs, unfilterMs, visibleAfterFilter } = await measureFilterCycles(
    () => cy.batch(() => cy.edges().forEach((e) => void e.style('display', matchPorts((e.data() as MapEdgeData).ports, criterion) ? 'element' : 'none'))),
    () => cy.batch(() => cy.edges().forEach((e) => void e.style('display', 'element'))),
    () => cy.edges().filter((e) => e.style('display') !== 'none').length,
  );
  const panFrameMs = await measurePan((dx, dy) => cy.panBy({ x: dx, y: dy }));
  const counts = { nodes: cy.nodes().filter((n) => n.isChildless()).length, edges: cy.edges().length };
  cy.destroy();
  return { ...counts, renderMs, filterMs, filterSyncMs, unfilterMs, visibleAfterFilter, panFrameMs, layout: 'preset' };
}

declare global {
  interface Window {
    reachmapBench: { ours: typeof runOurs; bare: typeof runBare };
  }
}

window.reachmapBench = { ours: runOurs, bare: runBare };
