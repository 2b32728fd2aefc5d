/**
 * A vector SVG of the map: the visible nodes (VPC and subnet boxes, endpoint shapes), the allowed
 * flows as arrows and their labels, drawn from a plain scene that graph-view reads off Cytoscape
 * (positions, sizes and resolved styles). Kept pure so the drawing rules are tested in Node. A
 * diagram for a review document must stay sharp when zoomed and its labels must be text a reader
 * can search, which a PNG wrapped in an SVG is not; long labels wrap where the map's do.
 */
import type { CaptionLine } from './export-caption';
import { CAPTION_COLOR } from './graph-style';
import { wrapLabel } from './label-wrap';

export interface SvgNode {
  id: string;
  /** Centre and size in model coordinates. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** A Cytoscape node shape name ('round-rectangle', 'ellipse', 'hexagon', …). */
  shape: string;
  fill: string;
  fillOpacity: number;
  stroke: string;
  strokeWidth: number;
  /** The border's Cytoscape style: subnets and external groups are dashed, the rest solid. */
  borderStyle?: 'solid' | 'dashed' | 'dotted' | 'double';
  label: string;
  labelColor: string;
  fontSize: number;
  labelValign: 'top' | 'center' | 'bottom';
  /**
   * The widest a label line may be (the style's text-max-width): past it the label wraps where the
   * map's does (label-wrap.ts). Without it a label breaks only at its newlines.
   */
  labelMaxWidth?: number;
  /** Compound (VPC, subnet, group box): drawn beneath edges and leaves. */
  parent: boolean;
  /** Nesting depth, so outer boxes are drawn first. */
  depth: number;
  opacity: number;
}

export interface SvgEdge {
  id: string;
  /** Where the line leaves the source and meets the target, and the curve's midpoint. */
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  mx: number;
  my: number;
  color: string;
  width: number;
  dashed: boolean;
  /** Dotted, as the map draws edges of egress rules. */
  dotted?: boolean;
  arrow: boolean;
  label: string;
  labelColor: string;
  fontSize: number;
  opacity: number;
}

export interface SvgScene {
  nodes: SvgNode[];
  edges: SvgEdge[];
  background: string;
  title: string;
  /**
   * Lines printed above the map: what it was made from and when, and that some edges were left out
   * of the drawing (export-caption.ts).
   */
  caption?: CaptionLine[];
  /**
   * What the edge colours and lines mean, printed below the map: a diagram pasted into a review
   * document is read without the app's legend beside it.
   */
  legend?: readonly SvgLegendItem[];
}

export interface SvgLegendItem {
  color: string;
  label: string;
  dashed?: boolean;
  thick?: boolean;
  /** Below 1 for edges the map draws faded (latent exposures): the sample line is faded alike. */
  opacity?: number;
}

/**
 * The caption's and the legend's geometry in CSS pixels, which the PNG export (png-export.ts) draws
 * the same way: a row per legend item, a stretch of line then its label.
 */
export const EXPORT_FRAME = {
  /** Around everything drawn. */
  padding: 24,
  captionSize: 13,
  captionLine: 18,
  legendRow: 16,
  legendFont: 11,
  /** The line sample's length, and where the label starts, from the row's left. */
  legendSwatch: 26,
  legendTextX: 34,
  /** The line sample's width (thick for the risky row) and dash pattern, as the map draws edges. */
  legendLine: 2,
  legendThickLine: 4,
  legendDash: [6, 4],
  /** The colour of the legend's labels and of the caption's note line. */
  textColor: '#333333',
} as const;

const PADDING = EXPORT_FRAME.padding;
const CAPTION_SIZE = EXPORT_FRAME.captionSize;
const LEGEND_ROW = EXPORT_FRAME.legendRow;

/**
 * Roughly how wide text is in Helvetica, for room made around the caption and legend without a
 * browser to measure it: generous, as a reader without Helvetica or Arial sees a wider fallback.
 */
const textWidth = (text: string, size: number): number => text.length * size * 0.55;

/**
 * Helvetica's (and Arial's) advance widths of printable ASCII, in thousandths of the font size, from
 * the font's published metrics. A label is wrapped by the widths it is drawn in: the rough estimate
 * above is a fifth wider than Helvetica on typical labels, and broke "EC2 instance · 10.40.1.10",
 * which fits in 140 pixels on the map, onto two lines.
 */
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
];

/** How wide a label line is drawn in Helvetica; characters past ASCII count as a digit, the middle dot as a period. */
export function labelWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    units += ch === '·' ? 278 : (HELVETICA[code - 32] ?? 556);
  }
  return (units * size) / 1000;
}

/** Between the baselines of a label's lines, in font sizes. */
const LINE_HEIGHT = 1.2;

/**
 * Characters XML 1.0 does not allow at all, even escaped: C0 controls other than tab, newline and
 * carriage return, U+FFFE/U+FFFF, and UTF-16 surrogates that are not part of a pair (which
 * encodeURIComponent also refuses). Names read from the inputs may hold any of them.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text for XML content and attribute values; characters XML cannot hold become U+FFFD. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function num(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 10) / 10) : '0';
}

/** Corners of a regular polygon with `n` sides inscribed in the node's box, the first at the top. */
function regularPolygon(n: number, x: number, y: number, w: number, h: number, offset = 0): [number, number][] {
  const pts: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    const a = -Math.PI / 2 + offset + (2 * Math.PI * k) / n;
    pts.push([x + (w / 2) * Math.cos(a), y + (h / 2) * Math.sin(a)]);
  }
  return pts;
}

function polygonPoints(shape: string, x: number, y: number, w: number, h: number): [number, number][] | null {
  const l = x - w / 2;
  const r = x + w / 2;
  const t = y - h / 2;
  const b = y + h / 2;
  switch (shape.replace(/^round-/, '')) {
    case 'triangle':
      return regularPolygon(3, x, y, w, h);
    case 'diamond':
      return [[x, t], [r, y], [x, b], [l, y]];
    case 'pentagon':
      return regularPolygon(5, x, y, w, h);
    case 'hexagon':
      return [[l, y], [l + w / 4, t], [r - w / 4, t], [r, y], [r - w / 4, b], [l + w / 4, b]];
    case 'heptagon':
      return regularPolygon(7, x, y, w, h);
    case 'octagon':
      return regularPolygon(8, x, y, w, h, Math.PI / 8);
    case 'rhomboid':
      return [[l + w / 3, t], [r, t], [r - w / 3, b], [l, b]];
    case 'tag':
      return [[l, t], [r - w / 4, t], [r, y], [r - w / 4, b], [l, b]];
    case 'cut-rectangle': {
      const c = Math.min(w, h) / 5;
      return [[l + c, t], [r - c, t], [r, t + c], [r, b - c], [r - c, b], [l + c, b], [l, b - c], [l, t + c]];
    }
    default:
      return null;
  }
}

function nodeShape(n: SvgNode): string {
  const dash = n.borderStyle === 'dashed' ? ' stroke-dasharray="6 4"' : n.borderStyle === 'dotted' ? ' stroke-dasharray="1 3" stroke-linecap="round"' : '';
  const paint = `fill="${escapeXml(n.fill)}" fill-opacity="${num(n.fillOpacity)}" stroke="${escapeXml(n.stroke)}" stroke-width="${num(n.strokeWidth)}"${dash}${n.opacity < 1 ? ` opacity="${num(n.opacity)}"` : ''}`;
  const { x, y, w, h } = n;
  if (n.shape === 'ellipse') return `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${paint}/>`;
  const pts = polygonPoints(n.shape, x, y, w, h);
  if (pts) {
    const join = n.shape.startsWith('round-') ? ' stroke-linejoin="round"' : '';
    return `<polygon points="${pts.map(([px, py]) => `${num(px)},${num(py)}`).join(' ')}" ${paint}${join}/>`;
  }
  // Rectangles, barrels and anything else: a box, rounded where the map rounds it.
  const rx = n.shape === 'barrel' ? Math.min(w, h) / 4 : n.shape === 'rectangle' ? 0 : Math.min(8, Math.min(w, h) / 4);
  return `<rect x="${num(x - w / 2)}" y="${num(y - h / 2)}" width="${num(w)}" height="${num(h)}" rx="${num(rx)}" ${paint}/>`;
}

/** A node label's lines, wrapped as the map wraps it: a long name no longer runs across its neighbours. */
function labelLines(n: SvgNode): string[] {
  return n.label ? wrapLabel(n.label, n.labelMaxWidth ?? Infinity, (s) => labelWidth(s, n.fontSize)) : [];
}

/**
 * The baseline of a node label's first line. As on the map, a label above its node grows upwards
 * from the node's top, one below grows downwards, and one inside is centred on the node.
 */
function labelTop(n: SvgNode, lines: number): number {
  const more = (lines - 1) * n.fontSize * LINE_HEIGHT;
  if (n.labelValign === 'top') return n.y - n.h / 2 - 4 - more;
  if (n.labelValign === 'bottom') return n.y + n.h / 2 + n.fontSize;
  return n.y + n.fontSize / 3 - more / 2;
}

function nodeLabel(n: SvgNode): string {
  const lines = labelLines(n);
  if (!lines.length) return '';
  const anchor = n.parent ? 'start' : 'middle';
  const x = n.parent ? n.x - n.w / 2 : n.x;
  return text(lines, x, labelTop(n, lines.length), n.fontSize, n.labelColor, anchor, n.opacity);
}

/** Lines of text from the baseline at (x, y) down, each a tspan when there are several. */
function text(lines: readonly string[], x: number, y: number, size: number, color: string, anchor: string, opacity: number): string {
  const body = lines.length === 1
    ? escapeXml(lines[0] ?? '')
    : lines.map((line, k) => `<tspan x="${num(x)}" dy="${k === 0 ? 0 : num(size * LINE_HEIGHT)}">${escapeXml(line)}</tspan>`).join('');
  return `<text x="${num(x)}" y="${num(y)}" font-size="${num(size)}" fill="${escapeXml(color)}" text-anchor="${anchor}"${opacity < 1 ? ` opacity="${num(opacity)}"` : ''}>${body}</text>`;
}

/**
 * An edge's label as the map draws it (Cytoscape's autorotate and text background): along the edge
 * at its midpoint, turned to read left to right, over a halo of the background colour. Drawn level
 * and bare, labels of edges meeting at a node printed over one another and over the lines.
 */
function edgeLabel(e: SvgEdge): string {
  // The curve's tangent at its midpoint runs from source to target (a quadratic Bezier's B'(1/2)).
  let angle = (Math.atan2(e.ty - e.sy, e.tx - e.sx) * 180) / Math.PI;
  if (angle > 90) angle -= 180;
  else if (angle < -90) angle += 180;
  const rotate = Math.abs(angle) > 0.5 ? ` transform="rotate(${num(angle)} ${num(e.mx)} ${num(e.my)})"` : '';
  const halo = ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';
  return text(e.label.split('\n'), e.mx, e.my - 3, e.fontSize, e.labelColor, 'middle', e.opacity).replace('<text ', `<text${rotate}${halo} `);
}

/** A quadratic curve through the edge's midpoint: straight when the midpoint lies on the line. */
function edgePath(e: SvgEdge): string {
  const cx = 2 * e.mx - (e.sx + e.tx) / 2;
  const cy = 2 * e.my - (e.sy + e.ty) / 2;
  return `M${num(e.sx)},${num(e.sy)} Q${num(cx)},${num(cy)} ${num(e.tx)},${num(e.ty)}`;
}

/** The bounding box of everything drawn, labels roughly included. */
function extent(scene: SvgScene): { x: number; y: number; w: number; h: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const add = (x: number, y: number): void => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  };
  for (const n of scene.nodes) {
    // The label as drawn, wrapped: its widest line, and from its first line's ascent to its last's descent.
    const lines = labelLines(n);
    const labelW = Math.max(0, ...lines.map((line) => labelWidth(line, n.fontSize)));
    const first = labelTop(n, lines.length);
    const top = lines.length ? first - n.fontSize : Infinity;
    const bottom = lines.length ? first + (lines.length - 1) * n.fontSize * LINE_HEIGHT + n.fontSize / 2 : -Infinity;
    // A leaf's label is centred under it; a box's starts at its left edge and runs right (nodeLabel).
    const left = n.parent ? n.x - n.w / 2 : n.x - Math.max(n.w, labelW) / 2;
    const right = n.parent ? Math.max(n.x + n.w / 2, n.x - n.w / 2 + labelW) : n.x + Math.max(n.w, labelW) / 2;
    add(left, Math.min(n.y - n.h / 2, top));
    add(right, Math.max(n.y + n.h / 2, bottom));
  }
  for (const e of scene.edges) {
    add(e.sx, e.sy);
    add(e.tx, e.ty);
    add(e.mx, e.my);
  }
  if (x0 > x1) return { x: 0, y: 0, w: 100, h: 100 };
  return { x: x0 - PADDING, y: y0 - PADDING, w: x1 - x0 + 2 * PADDING, h: y1 - y0 + 2 * PADDING };
}

/** The SVG document for a scene. */
export function buildSvg(scene: SvgScene): string {
  const box = extent(scene);
  const caption = scene.caption ?? [];
  if (caption.length) {
    // Room above everything drawn, so the caption never sits on the map.
    const room = CAPTION_SIZE * 2 + (caption.length - 1) * EXPORT_FRAME.captionLine;
    box.y -= room;
    box.h += room;
  }
  // Rows below everything drawn, likewise.
  const legend = scene.legend ?? [];
  const legendTop = box.y + box.h;
  if (legend.length) box.h += legend.length * LEGEND_ROW + PADDING / 2;
  // Wide enough for the longest caption line and legend label, the map kept in the middle so its
  // margins stay even.
  const wanted = Math.max(
    box.w,
    ...caption.map((l) => 2 * PADDING + textWidth(l.text, CAPTION_SIZE)),
    ...legend.map((l) => 2 * PADDING + EXPORT_FRAME.legendTextX + textWidth(l.label, EXPORT_FRAME.legendFont)),
  );
  box.x -= (wanted - box.w) / 2;
  box.w = wanted;
  const markers = new Map<string, string>();
  const markerFor = (color: string): string => {
    let id = markers.get(color);
    if (!id) markers.set(color, (id = `arrow${markers.size}`));
    return id;
  };
  const parents = scene.nodes.filter((n) => n.parent).sort((a, b) => a.depth - b.depth);
  const leaves = scene.nodes.filter((n) => !n.parent);
  const edgeParts = scene.edges.map((e) => {
    const marker = e.arrow ? ` marker-end="url(#${markerFor(e.color)})"` : '';
    const dash = e.dotted ? ` stroke-dasharray="${num(Math.max(1, e.width / 2))} ${num(e.width * 2)}" stroke-linecap="round"` : e.dashed ? ' stroke-dasharray="6 4"' : '';
    const opacity = e.opacity < 1 ? ` opacity="${num(e.opacity)}"` : '';
    return `<path d="${edgePath(e)}" fill="none" stroke="${escapeXml(e.color)}" stroke-width="${num(e.width)}"${dash}${marker}${opacity}><title>${escapeXml(e.label || e.id)}</title></path>`;
  });
  const edgeLabels = scene.edges.filter((e) => e.label).map(edgeLabel);
  const defs = [...markers].map(
    ([color, id]) => `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0,0 L10,5 L0,10 z" fill="${escapeXml(color)}"/></marker>`,
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(box.w)}" height="${num(box.h)}" viewBox="${num(box.x)} ${num(box.y)} ${num(box.w)} ${num(box.h)}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(scene.title)}</title>`,
    defs.length ? `<defs>${defs.join('')}</defs>` : '',
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" fill="${escapeXml(scene.background)}"/>`,
    `<g class="groups">${parents.map((n) => nodeShape(n) + nodeLabel(n)).join('')}</g>`,
    `<g class="edges">${edgeParts.join('')}</g>`,
    `<g class="nodes">${leaves.map((n) => `<g>${nodeShape(n)}<title>${escapeXml(n.label || n.id)}</title></g>`).join('')}</g>`,
    `<g class="labels">${leaves.map(nodeLabel).join('')}${edgeLabels.join('')}</g>`,
    caption.length ? `<g class="caption">${caption.map((l, k) => text(l.text.split('\n'), box.x + PADDING, box.y + PADDING + k * EXPORT_FRAME.captionLine, CAPTION_SIZE, l.tone === 'warning' ? CAPTION_COLOR : EXPORT_FRAME.textColor, 'start', 1)).join('')}</g>` : '',
    legend.length ? `<g class="legend">${legend.map((l, k) => legendRow(l, box.x + PADDING, legendTop + k * LEGEND_ROW)).join('')}</g>` : '',
    `</svg>`,
    '',
  ].join('\n');
}

/** One legend row: a stretch of line drawn as the edges are, then what it means. */
function legendRow(l: SvgLegendItem, x: number, y: number): string {
  const dash = l.dashed ? ` stroke-dasharray="${EXPORT_FRAME.legendDash.join(' ')}"` : '';
  const opacity = l.opacity !== undefined && l.opacity < 1 ? ` opacity="${num(l.opacity)}"` : '';
  const line = `<line x1="${num(x)}" y1="${num(y + 6)}" x2="${num(x + EXPORT_FRAME.legendSwatch)}" y2="${num(y + 6)}" stroke="${escapeXml(l.color)}" stroke-width="${l.thick ? EXPORT_FRAME.legendThickLine : EXPORT_FRAME.legendLine}"${dash}${opacity}/>`;
  return line + text(l.label.split('\n'), x + EXPORT_FRAME.legendTextX, y + 10, EXPORT_FRAME.legendFont, EXPORT_FRAME.textColor, 'start', 1);
}

/** A data URL the export call accepts, UTF-8 so labels with any character survive. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
