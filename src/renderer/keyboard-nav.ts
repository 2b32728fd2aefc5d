/**
 * Moving about the map without a mouse: which node an arrow key goes to from the selected one, where
 * to start when nothing is selected, and stepping through a node's edges. Pure: it sees positions
 * and ids, never the Cytoscape instance (graph-view.ts owns that; app.ts wires the keys).
 */

export type Direction = 'left' | 'right' | 'up' | 'down';

/** A node where it is drawn on screen (rendered coordinates: y grows downwards). */
export interface Placed {
  id: string;
  x: number;
  y: number;
}

const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/** The direction of an arrow key, if it is one. */
export function directionOfKey(key: string): Direction | undefined {
  return ARROWS[key];
}

/**
 * The node an arrow goes to: among those lying that way (within 60 degrees either side of the
 * arrow), the one closest once sideways distance counts double, so the arrow keeps to its line
 * rather than jumping to a nearer node off to the side. Undefined when nothing lies that way.
 * Ties go to the smaller id, so the same map always answers the same way.
 */
export function pickNeighbour(from: Placed, others: readonly Placed[], dir: Direction): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of others) {
    if (c.id === from.id) continue;
    const dx = c.x - from.x;
    const dy = c.y - from.y;
    const along = dir === 'right' ? dx : dir === 'left' ? -dx : dir === 'down' ? dy : -dy;
    const across = Math.abs(dir === 'left' || dir === 'right' ? dy : dx);
    // tan(60°) ≈ 1.73: a node as far sideways as ahead is still "that way"; one mostly beside is not.
    if (along <= 0 || across > along * 1.73) continue;
    const score = along + 2 * across;
    if (score < bestScore || (score === bestScore && best !== undefined && c.id < best)) {
      best = c.id;
      bestScore = score;
    }
  }
  return best;
}

/** Where keyboard travel starts with nothing selected: the node nearest the point (the view's centre). */
export function pickNearest(point: { x: number; y: number }, nodes: readonly Placed[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of nodes) {
    const d = (n.x - point.x) ** 2 + (n.y - point.y) ** 2;
    if (d < bestDistance || (d === bestDistance && best !== undefined && n.id < best)) {
      best = n.id;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The next (step 1) or previous (step -1) of a node's edges after `current`, wrapping around; the
 * first (or last) when `current` is not one of them. Undefined when the node has none.
 */
export function stepEdge(edges: readonly string[], current: string | null, step: 1 | -1): string | undefined {
  if (edges.length === 0) return undefined;
  const at = current === null ? -1 : edges.indexOf(current);
  if (at < 0) return step === 1 ? edges[0] : edges[edges.length - 1];
  return edges[(at + step + edges.length) % edges.length];
}
