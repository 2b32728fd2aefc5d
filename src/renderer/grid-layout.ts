/**
 * A cheap, deterministic layout for big maps: each subnet's endpoints in a square grid, subnets
 * shelf-packed inside their VPC, VPCs shelf-packed on the page, external nodes in a column on the left.
 * Force-directed layouts (fcose) take tens of seconds on 2,000 endpoints and 10,000 edges; this takes
 * milliseconds, keeps compounds readable, and gives Cytoscape a 'preset' layout. Pure: positions only.
 */
import type { ElementDefinition } from 'cytoscape';
import type { MapNodeData } from './view-model';

/** A position in model coordinates (the map's own, not the screen's). */
export interface Point {
  x: number;
  y: number;
}

const CELL_W = 150;
const CELL_H = 90;
const PAD = 40;
const GAP = 60;

interface Block {
  w: number;
  h: number;
  /** Places the block's leaves with its top-left corner at (x, y). */
  place(x: number, y: number, out: Record<string, Point>): void;
}

function makeGridBlock(ids: string[]): Block {
  const cols = Math.max(1, Math.ceil(Math.sqrt(ids.length)));
  const rows = Math.ceil(ids.length / cols);
  return {
    w: cols * CELL_W + PAD,
    h: rows * CELL_H + PAD,
    place(x, y, out) {
      ids.forEach((id, i) => {
        out[id] = { x: x + PAD / 2 + (i % cols) * CELL_W + CELL_W / 2, y: y + PAD / 2 + Math.floor(i / cols) * CELL_H + CELL_H / 2 };
      });
    },
  };
}

/** Packs blocks in rows no wider than about the square root of their total area. */
function packShelf(blocks: Block[]): Block {
  const area = blocks.reduce((s, b) => s + (b.w + GAP) * (b.h + GAP), 0);
  const maxW = Math.max(Math.sqrt(area) * 1.3, ...blocks.map((b) => b.w));
  const spots: { b: Block; x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let rowH = 0;
  let width = 0;
  for (const b of blocks) {
    if (x > 0 && x + b.w > maxW) {
      x = 0;
      y += rowH + GAP;
      rowH = 0;
    }
    spots.push({ b, x, y });
    x += b.w + GAP;
    rowH = Math.max(rowH, b.h);
    width = Math.max(width, x - GAP);
  }
  return {
    w: width + PAD,
    h: y + rowH + PAD,
    place(ox, oy, out) {
      for (const s of spots) s.b.place(ox + PAD / 2 + s.x, oy + PAD / 2 + s.y, out);
    },
  };
}

/** Positions for every leaf node (compounds follow their children in Cytoscape). */
export function computeGridPositions(elements: readonly ElementDefinition[]): Record<string, Point> {
  const children = new Map<string, string[]>();
  const compounds: MapNodeData[] = [];
  const externals: string[] = [];
  const topLeaves: string[] = [];
  for (const el of elements) {
    if (el.group === 'edges') continue;
    const d = el.data as MapNodeData;
    if (d.role === 'vpc' || d.role === 'subnet') compounds.push(d);
    if (d.parent) {
      const list = children.get(d.parent) ?? [];
      list.push(d.id);
      children.set(d.parent, list);
    } else if (d.role === 'external') externals.push(d.id);
    else if (d.role !== 'vpc' && d.role !== 'subnet') topLeaves.push(d.id);
  }
  const isCompound = new Set(compounds.map((c) => c.id));
  const blockOf = (id: string): Block => {
    const kids = children.get(id) ?? [];
    const leaves = kids.filter((k) => !isCompound.has(k));
    const inner = kids.filter((k) => isCompound.has(k)).map(blockOf);
    if (leaves.length) inner.unshift(makeGridBlock(leaves));
    return packShelf(inner);
  };
  const roots = compounds.filter((c) => !c.parent).map((c) => blockOf(c.id));
  if (topLeaves.length) roots.push(makeGridBlock(topLeaves));
  const out: Record<string, Point> = {};
  const main = packShelf(roots);
  // Externals to the left of the VPCs: one column when few, else a grid about as tall as the map
  // (an account can reference hundreds of CIDRs; one column would dwarf everything else).
  const rows = Math.max(1, Math.min(externals.length, Math.floor(main.h / (CELL_H * 1.2))));
  const cols = Math.ceil(externals.length / rows);
  const stepY = Math.max(CELL_H * 1.2, rows > 1 ? main.h / rows : 0);
  externals.forEach((id, i) => {
    const col = Math.floor(i / rows);
    out[id] = { x: -GAP - (cols - col) * CELL_W, y: (i % rows) * stepY + CELL_H };
  });
  main.place(0, 0, out);
  return out;
}
