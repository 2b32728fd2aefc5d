/**
 * Where the outside nodes (Internet, CIDR blocks, prefix lists, external groups) go after a
 * force-directed layout: beside the VPC boxes, on their left, in as many columns as make the
 * whole drawing fit the map pane best. fcose scatters them among the boxes, and one column of them
 * grew with their count: an estate whose rules name 150 CIDR blocks drew an 18,000 px column next
 * to a 500 px VPC, and fitting that shrank the VPCs to a sliver. Pure: positions only.
 */
import type { Point } from './grid-layout';

export interface PlacementBox {
  /** Left edge and top of the VPC boxes' bounding box, and its size. */
  x1: number;
  y1: number;
  w: number;
  h: number;
}

export interface OutsideNode {
  id: string;
  /** Where the layout put it: the order top to bottom is kept, as it tends to shorten edges. */
  y: number;
  /** Its width with its label. */
  w: number;
}

/** From the boxes' left edge to the centre of the nearest column (as one column always stood). */
const FIRST_COLUMN = 160;
/** Least distance between rows: a node and two lines of label. */
const ROW_MIN = 80;
/** Least distance between columns, and the gap kept between the widest labels. */
const COLUMN_MIN = 150;
const COLUMN_GAP = 40;

/**
 * Positions for the outside nodes, row by row in their top-to-bottom order (the first row nearest
 * the top), each row filled from the column nearest the boxes outwards. The column count is the
 * one whose drawing (boxes and columns) fits a pane of width/height `aspect` at the largest zoom;
 * on a tie, fewer columns. The rows spread over the boxes' height when they fit in it, and are
 * centred on the boxes either way.
 */
export function placeOutsideNodes(box: PlacementBox, nodes: readonly OutsideNode[], aspect: number): Record<string, Point> {
  const out: Record<string, Point> = {};
  const n = nodes.length;
  if (n === 0) return out;
  const ratio = Number.isFinite(aspect) && aspect > 0 ? aspect : 1.3;
  const columnStep = Math.max(COLUMN_MIN, Math.max(...nodes.map((x) => x.w)) + COLUMN_GAP);
  let best = { cols: 1, zoom: -1 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    // Past the first column count that gives this many rows, more columns only widen the drawing.
    if (cols > 1 && Math.ceil(n / (cols - 1)) === rows) continue;
    const height = Math.max(box.h, rows * Math.max(ROW_MIN, box.h / rows));
    const width = box.w + FIRST_COLUMN + (cols - 1) * columnStep + columnStep / 2;
    const zoom = Math.min(ratio / width, 1 / height);
    if (zoom > best.zoom) best = { cols, zoom };
  }
  const cols = best.cols;
  const rows = Math.ceil(n / cols);
  const step = Math.max(ROW_MIN, box.h / rows);
  const top = box.y1 + (box.h - rows * step) / 2;
  const sorted = [...nodes].sort((a, b) => a.y - b.y);
  sorted.forEach((node, i) => {
    const row = Math.floor(i / cols);
    const col = i % cols;
    out[node.id] = { x: box.x1 - FIRST_COLUMN - col * columnStep, y: top + step * (row + 0.5) };
  });
  return out;
}
