/**
 * The Cytoscape stylesheet, as data. Shapes tell endpoint kinds apart (the legend in the UI uses the
 * same colours), edge colours tell risk apart: red and thick for an admin/database port or all traffic
 * open to the Internet, orange for other Internet traffic, blue for other outside sources, grey for
 * internal flows, dashed when the verdict depends on unknown addresses, dashed and faded (in its
 * colour, so a risky one stays red) when an exposure is latent: open to an outside source that no
 * endpoint behind it has a public address for. Big maps get the cheaper
 * straight edges and hide labels when zoomed out, which is what keeps 10,000 edges pannable.
 */
import type { ElementDefinition, StylesheetJson } from 'cytoscape';
import { breakLongWords } from './label-wrap';
import type { SvgLegendItem } from './svg-export';
import { NO_PUBLIC_ADDRESS } from '../core/describe-exposure';

/** The text of notes about the map (the drawing-limit notice and export captions), as in styles.css. */
export const CAPTION_COLOR = '#5c4400';

export const EDGE_COLOURS = {
  internal: '#8a94a3',
  external: '#3b7dd8',
  internet: '#e07b17',
  risky: '#d42f2f',
  highlight: '#6f3fd1',
} as const;

/**
 * How strongly a latent exposure edge is drawn: faded, so live exposures stand out in a review,
 * but not so far that its colour (red for an admin port) cannot be told.
 */
export const LATENT_OPACITY = 0.5;

/**
 * What the edge colours and lines mean, one row each: the side panel's legend and both exports'
 * are drawn from these rows, so a picture never explains its edges differently from the app.
 */
export const EDGE_LEGEND: readonly SvgLegendItem[] = [
  { color: EDGE_COLOURS.risky, label: 'Admin/DB port or all traffic from the Internet', thick: true },
  { color: EDGE_COLOURS.internet, label: 'Other traffic from the Internet' },
  { color: EDGE_COLOURS.external, label: 'From a named CIDR or prefix list' },
  { color: EDGE_COLOURS.internal, label: 'Inside the network (faint: out to the Internet)' },
  { color: EDGE_COLOURS.internal, label: 'Depends on unknowns · dotted: egress rule', dashed: true },
  // Drawn red because the latent exposures a review asks about are mostly admin ports; any colour above can be latent.
  { color: EDGE_COLOURS.risky, label: `Open to outside sources, but ${NO_PUBLIC_ADDRESS}`, dashed: true, opacity: LATENT_OPACITY },
];

export interface KindStyle {
  shape: string;
  colour: string;
}

/** Shape and fill per endpoint/external kind; exported for the legend. */
export const KIND_STYLES: Record<string, KindStyle> = {
  instance: { shape: 'round-rectangle', colour: '#3d74c5' },
  eni: { shape: 'ellipse', colour: '#7d8796' },
  'load-balancer': { shape: 'hexagon', colour: '#7b4fc9' },
  database: { shape: 'barrel', colour: '#2f8f5b' },
  cache: { shape: 'barrel', colour: '#b8563a' },
  lambda: { shape: 'round-pentagon', colour: '#e08a16' },
  ecs: { shape: 'round-octagon', colour: '#1e8c8c' },
  eks: { shape: 'round-octagon', colour: '#2467b5' },
  efs: { shape: 'round-tag', colour: '#5a8f29' },
  'vpc-endpoint': { shape: 'rhomboid', colour: '#596579' },
  autoscaling: { shape: 'round-rectangle', colour: '#5b7fbd' },
  nat: { shape: 'octagon', colour: '#6a6f7a' },
  search: { shape: 'barrel', colour: '#b5488b' },
  mq: { shape: 'round-diamond', colour: '#a86a1f' },
  redshift: { shape: 'barrel', colour: '#8c3a3a' },
  msk: { shape: 'round-diamond', colour: '#3c5a8a' },
  generic: { shape: 'ellipse', colour: '#8b93a1' },
  mixed: { shape: 'round-triangle', colour: '#56606e' },
  internet: { shape: 'ellipse', colour: '#d9534f' },
  cidr: { shape: 'cut-rectangle', colour: '#3b7dd8' },
  'prefix-list': { shape: 'round-tag', colour: '#3b7dd8' },
  'external-group': { shape: 'round-rectangle', colour: '#9aa3b0' },
  'security-group': { shape: 'round-rectangle', colour: '#4b6cb7' },
};

/** The kinds of the nodes on a map (endpoints, outside nodes, groups), in KIND_STYLES order: what its legend explains. */
export function kindsOnMap(elements: readonly ElementDefinition[]): string[] {
  const found = new Set<string>();
  for (const el of elements) {
    const { kind, role } = el.data as { kind?: unknown; role?: unknown };
    if (el.group !== 'edges' && typeof kind === 'string' && role !== 'vpc' && role !== 'subnet') found.add(kind);
  }
  return Object.keys(KIND_STYLES).filter((k) => found.has(k));
}

export interface StyleOptions {
  /** Many elements: straight edges, labels only when zoomed in, no text backgrounds. */
  large?: boolean;
}

const brokenLabels = new Map<string, string>();
/** The node label as drawn (breakLongWords), remembered per text: styles are applied again on every class change. */
function nodeLabel(ele: { data(key: string): unknown }): string {
  const label = String(ele.data('label') ?? '');
  let out = brokenLabels.get(label);
  if (out === undefined) {
    if (brokenLabels.size > 50_000) brokenLabels.clear();
    brokenLabels.set(label, (out = breakLongWords(label)));
  }
  return out;
}

export function buildStyle(options: StyleOptions = {}): StylesheetJson {
  const large = !!options.large;
  const style: StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: nodeLabel,
        'font-family': 'Inter, "Segoe UI", system-ui, sans-serif',
        'font-size': 11,
        color: '#1f2933',
        'text-wrap': 'wrap',
        'text-max-width': '140px',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        width: 34,
        height: 34,
        'background-color': '#8b93a1',
        'border-width': 1.5,
        'border-color': '#ffffff',
        'min-zoomed-font-size': large ? 9 : 5,
        // Explicit draw depths (compounds at the bottom, in the order added: VPC, then its subnets)
        // spare Cytoscape from walking every element's parents to re-sort the draw order after each
        // filter change, which on 10,000 edges cost most of a second.
        'z-compound-depth': 'orphan',
      },
    },
    {
      selector: 'node.compound',
      style: {
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 12,
        'font-weight': 600,
        'background-opacity': 1,
        shape: 'round-rectangle',
        padding: '22px',
        'z-compound-depth': 'bottom',
        'text-max-width': '600px',
        'min-zoomed-font-size': 4,
      },
    },
    // Big maps: endpoint labels and arrows only once zoomed in (graph-view adds .detail); zoomed
    // out they are unreadable and drawing them doubles the cost of every frame.
    ...(large
      ? [
          { selector: 'node', style: { label: '' } },
          { selector: 'node.compound, node.detail, node:selected, node.path, node.external', style: { label: nodeLabel } },
          { selector: 'edge.detail', style: { 'mid-target-arrow-shape': 'triangle' as const } },
        ]
      : []),
    { selector: 'node.vpc', style: { 'background-color': '#f3f5f9', 'border-color': '#8c99ad', 'border-width': 2, color: '#33415c' } },
    {
      selector: 'node.subnet',
      style: { 'background-color': '#ffffff', 'border-color': '#b5c0d0', 'border-width': 1.5, 'border-style': 'dashed', color: '#52606d', 'font-weight': 500, 'font-size': 11 },
    },
    { selector: 'node.grouped', style: { width: 44, height: 44, 'border-width': 4, 'border-color': '#c9d3e3', 'border-style': 'double' } },
    { selector: 'node.internet-facing', style: { 'border-color': '#e07b17', 'border-width': 3 } },
    // Carries a group of unknown rules: the map may miss some of its flows.
    { selector: 'node.unknown-rules', style: { 'border-color': '#6b7280', 'border-width': 3, 'border-style': 'dotted' } },
    { selector: 'node.external', style: { width: 46, height: 46, 'font-weight': 600 } },
    { selector: 'node.ext-internet', style: { width: 58, height: 58, 'border-width': 3, 'border-color': '#ffffff', 'font-size': 13 } },
    { selector: 'node.security-group', style: { width: 40, height: 40 } },
    { selector: 'node.external-group, node.ext-external-group', style: { 'border-style': 'dashed', 'border-color': '#6b7280', 'border-width': 2 } },
  ];
  for (const [kind, s] of Object.entries(KIND_STYLES)) {
    // Outside kinds are styled on flow nodes (.ext-*) and, for groups, on the groups view too.
    const selector = kind === 'internet' || kind === 'cidr' || kind === 'prefix-list' ? `node.ext-${kind}` : kind === 'external-group' ? 'node.external-group, node.ext-external-group' : kind === 'security-group' ? 'node.security-group' : `node.kind-${kind}`;
    style.push({ selector, style: { shape: s.shape as never, 'background-color': s.colour } });
  }
  // A triangle fills half its box: a group of several kinds gets a larger box than node.grouped's
  // 44 px so it does not look smaller than the one-kind groups beside it.
  style.push({ selector: 'node.kind-mixed', style: { width: 56, height: 52 } });
  style.push(
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'line-color': EDGE_COLOURS.internal,
        'target-arrow-color': EDGE_COLOURS.internal,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        // Haystack edges are Cytoscape's cheapest to project and draw (no control points, one line),
        // which is what keeps a 10,000-edge map responsive; they only carry a mid-line arrow.
        'curve-style': large ? 'haystack' : 'bezier',
        'z-compound-depth': 'orphan',
        ...(large ? { 'haystack-radius': 0, 'mid-target-arrow-shape': 'none', 'mid-target-arrow-color': EDGE_COLOURS.internal, 'target-arrow-shape': 'none' } : {}),
        // 10,000 labels cannot be read and cost a text measurement per edge on every change:
        // big maps label only the selected edge and a highlighted path (the details panel has the rest).
        label: large ? '' : 'data(label)',
        'font-size': 10,
        'font-family': 'Inter, "Segoe UI", system-ui, sans-serif',
        color: '#323f4b',
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': large ? 10 : 6,
      },
    },
    ...(large
      ? []
      : [{ selector: 'edge', style: { 'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': '2px', 'text-background-shape': 'roundrectangle' as const } }]),
    { selector: 'edge.loop', style: { 'curve-style': 'bezier', 'loop-direction': '-45deg', 'loop-sweep': '-60deg' } },
    { selector: 'edge.to-internet', style: { width: 1, opacity: 0.45, color: '#7b8794' } },
    { selector: 'edge.from-external', style: { 'line-color': EDGE_COLOURS.external, 'target-arrow-color': EDGE_COLOURS.external, 'mid-target-arrow-color': EDGE_COLOURS.external } },
    { selector: 'edge.from-internet', style: { 'line-color': EDGE_COLOURS.internet, 'target-arrow-color': EDGE_COLOURS.internet, 'mid-target-arrow-color': EDGE_COLOURS.internet, width: 2.4 } },
    { selector: 'edge.risky', style: { 'line-color': EDGE_COLOURS.risky, 'target-arrow-color': EDGE_COLOURS.risky, 'mid-target-arrow-color': EDGE_COLOURS.risky, width: 4.5, color: '#a61b1b', 'font-weight': 700, 'z-index': 10 } },
    { selector: 'edge.depends', style: { 'line-style': 'dashed' } },
    // Latent: the rules admit an outside source that cannot address the endpoint. Dashed and faded
    // in its own colour, so it is told from a live exposure without colour and a risky one stays
    // red; a risky one is also less thick, yet thicker than other traffic.
    { selector: 'edge.latent', style: { 'line-style': 'dashed', opacity: LATENT_OPACITY } },
    { selector: 'edge.risky.latent', style: { width: 3.2, 'z-index': 9 } },
    { selector: 'edge.egress', style: { 'line-style': 'dotted' } },
    // Filters hide with visibility, not display: nothing moves (compound boxes keep their size) and
    // Cytoscape need not recompute bounds, which cuts the cost of a filter change on big maps.
    // Hidden elements are neither drawn nor hit by clicks. (Style bypasses measured slower.)
    { selector: '.hidden', style: { visibility: 'hidden' } },
    // A fresh map waits, stacked at the origin, for the layout worker's positions (graph-view.ts):
    // hidden the same way, so it is measured as drawn but neither seen nor clicked meanwhile.
    { selector: '.layout-pending', style: { visibility: 'hidden' } },
    { selector: '.faded', style: { opacity: 0.15 } },
    { selector: 'node.path', style: { 'border-color': EDGE_COLOURS.highlight, 'border-width': 5, 'z-index': 20 } },
    { selector: 'edge.path', style: { 'line-color': EDGE_COLOURS.highlight, 'target-arrow-color': EDGE_COLOURS.highlight, 'mid-target-arrow-color': EDGE_COLOURS.highlight, width: 5, 'z-index': 20 } },
    { selector: 'node.path-denied', style: { 'border-color': EDGE_COLOURS.risky, 'border-width': 5, 'border-style': 'dashed' } },
    // An answer that depends on what the inputs leave unknown: amber, dotted, unlike red and dashed for denied.
    { selector: 'node.path-depends', style: { 'border-color': '#d97706', 'border-width': 5, 'border-style': 'dotted', 'z-index': 20 } },
    { selector: 'node:selected', style: { 'border-color': '#1f6feb', 'border-width': 4, 'overlay-color': '#1f6feb', 'overlay-opacity': 0.08 } },
    { selector: 'node.compound:selected', style: { 'border-color': '#1f6feb', 'border-width': 3 } },
    { selector: 'edge:selected, edge.path', style: { label: 'data(label)' } },
    { selector: 'edge:selected', style: { 'overlay-color': '#1f6feb', 'overlay-opacity': 0.18, 'overlay-padding': 4 } },
  );
  return style;
}
