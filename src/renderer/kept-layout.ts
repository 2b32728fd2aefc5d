/**
 * Where each node goes when the map is redrawn keeping its layout, as when a group is expanded or
 * collapsed: nodes already on the map stay, the members of an expanded group start in a ring where
 * the group was, and a group that comes back takes the place it had before it was expanded (or,
 * when it was expanded before this layout, the middle of the members it replaces). The layout pass
 * after an expand moves the other nodes too, so when the map is still exactly as an expand left it,
 * collapsing undoes that expand: every node, and the view, goes back to where it was before.
 * Pure: it sees ids and positions, never the Cytoscape instance (graph-view.ts owns that and keeps
 * the expansions of the layout on screen).
 */
import type { Point } from './grid-layout';

/** The map's zoom and pan, as Cytoscape's viewport() takes them. */
export interface Viewport {
  zoom: number;
  pan: Point;
}

/** A node on the map now; members of an expanded group name the group element they replaced. */
export interface LeafNow extends Point {
  id: string;
  expandedFrom?: string;
}

/** A node of the map about to be drawn. */
export interface LeafNext {
  id: string;
  expandedFrom?: string;
}

/** What one expand did, recorded once its layout has run. */
export interface Expansion {
  /** Every node's position just before the expand, the group's among them. */
  before: ReadonlyMap<string, Point>;
  /** Every node's position as the expand's layout left it, the members' among them. */
  after: ReadonlyMap<string, Point>;
  viewBefore?: Viewport;
  viewAfter?: Viewport;
}

export interface KeptPlacement {
  /** A position for every node of the new map. */
  positions: Map<string, Point>;
  /** Groups whose members were put in a ring around them: a short layout pass should make room. */
  spread: string[];
  /** Groups that came back onto the map: their expansions are spent. */
  returned: string[];
  /** The view to go back to, when every returning group undid an expand the view had not moved since. */
  view?: Viewport;
}

/** How far (in model pixels) a node may be from where an expand left it and still count as unmoved. */
const SAME_PLACE = 0.5;

function samePlaces(a: ReadonlyMap<string, Point>, b: ReadonlyMap<string, Point>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, p] of a) {
    const q = b.get(id);
    if (!q || Math.abs(p.x - q.x) > SAME_PLACE || Math.abs(p.y - q.y) > SAME_PLACE) return false;
  }
  return true;
}

function sameView(a: Viewport, b: Viewport): boolean {
  return Math.abs(a.zoom - b.zoom) <= 1e-6 * b.zoom && Math.abs(a.pan.x - b.pan.x) <= SAME_PLACE && Math.abs(a.pan.y - b.pan.y) <= SAME_PLACE;
}

function centroid(points: readonly Point[]): Point | undefined {
  if (points.length === 0) return undefined;
  const sum = points.reduce((s, p) => ({ x: s.x + p.x, y: s.y + p.y }), { x: 0, y: 0 });
  return { x: sum.x / points.length, y: sum.y / points.length };
}

/**
 * Positions for the nodes of `next`, drawn over the map `now` without a new layout. `expansions`
 * holds the expands of this layout, oldest first. Returning groups that had one are taken latest
 * expand first, so collapsing several at once (expand A, expand B, collapse both) undoes B and then
 * A, as collapsing them one by one would.
 */
export function placeKeptLeaves(now: readonly LeafNow[], next: readonly LeafNext[], expansions: ReadonlyMap<string, Expansion>, viewNow?: Viewport): KeptPlacement {
  const nextIds = new Set(next.map((l) => l.id));
  let current = new Map<string, Point>(now.map((l) => [l.id, { x: l.x, y: l.y }]));
  // A node nothing else places goes to the middle of the map rather than to its origin, which may lie anywhere.
  const middle = centroid([...current.values()]) ?? { x: 0, y: 0 };

  const leaving = new Map<string, string[]>();
  for (const l of now) {
    if (l.expandedFrom && !nextIds.has(l.id)) leaving.set(l.expandedFrom, [...(leaving.get(l.expandedFrom) ?? []), l.id]);
  }
  const returned = next.filter((l) => !current.has(l.id) && leaving.has(l.id)).map((l) => l.id);
  const returning = new Set(returned);
  const recorded = [...expansions.keys()].reverse().filter((g) => returning.has(g));
  const unrecorded = returned.filter((g) => !expansions.has(g));

  let view = viewNow;
  let viewMoved = false;
  for (const group of recorded) {
    const expansion = expansions.get(group)!;
    if (samePlaces(current, expansion.after)) {
      current = new Map(expansion.before);
      if (view && expansion.viewAfter && expansion.viewBefore && sameView(view, expansion.viewAfter)) {
        view = expansion.viewBefore;
        viewMoved = true;
      } else view = undefined;
      continue;
    }
    // Something moved since the expand: the others stay where they are now, the group where it was.
    const members = leaving.get(group)!;
    const fallback = centroid(members.flatMap((m) => current.get(m) ?? []));
    for (const m of members) current.delete(m);
    current.set(group, expansion.before.get(group) ?? fallback ?? middle);
    view = undefined;
  }
  for (const group of unrecorded) {
    const members = leaving.get(group)!;
    const at = centroid(members.flatMap((m) => current.get(m) ?? []));
    for (const m of members) current.delete(m);
    current.set(group, at ?? middle);
    view = undefined;
  }

  const positions = new Map<string, Point>();
  const ring = new Map<string, string[]>();
  for (const l of next) {
    const p = current.get(l.id);
    if (p) positions.set(l.id, p);
    else if (l.expandedFrom) ring.set(l.expandedFrom, [...(ring.get(l.expandedFrom) ?? []), l.id]);
    else positions.set(l.id, middle);
  }
  for (const [group, members] of ring) {
    const center = current.get(group) ?? middle;
    const radius = 40 + members.length * 12;
    members.forEach((m, i) => {
      const angle = (2 * Math.PI * i) / members.length;
      positions.set(m, { x: center.x + radius * Math.cos(angle), y: center.y + radius * Math.sin(angle) });
    });
  }

  const placement: KeptPlacement = { positions, spread: [...ring.keys()], returned };
  if (viewMoved && view) placement.view = view;
  return placement;
}
