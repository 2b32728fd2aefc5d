// Keyboard travel on the map, worked out on small layouts drawn by hand (screen coordinates: y grows
// downwards). A grid of nine nodes 100 px apart, with one node slightly off its row:
//
//   a(0,0)     b(100,0)    c(200,0)
//   d(0,100)   e(100,100)  f(200,90)
//   g(0,200)   h(100,200)  i(200,200)
import { describe, expect, it } from 'vitest';
import { directionOfKey, pickNearest, pickNeighbour, stepEdge } from '../../src/renderer/keyboard-nav';
import type { Direction, Placed } from '../../src/renderer/keyboard-nav';

const grid: Placed[] = [
  { id: 'a', x: 0, y: 0 }, { id: 'b', x: 100, y: 0 }, { id: 'c', x: 200, y: 0 },
  { id: 'd', x: 0, y: 100 }, { id: 'e', x: 100, y: 100 }, { id: 'f', x: 200, y: 90 },
  { id: 'g', x: 0, y: 200 }, { id: 'h', x: 100, y: 200 }, { id: 'i', x: 200, y: 200 },
];
const at = (id: string) => grid.find((p) => p.id === id)!;

describe('pickNeighbour', () => {
  it.each<[string, Direction, string | undefined]>([
    ['e', 'left', 'd'],
    ['e', 'right', 'f'],
    ['e', 'up', 'b'],
    ['e', 'down', 'h'],
    // From a corner, nothing lies further out.
    ['a', 'left', undefined],
    ['a', 'up', undefined],
    // Along the row, the node straight ahead beats a diagonal one at the same distance ahead.
    ['d', 'right', 'e'],
    // f sits 10 px above its row: going down from c reaches it first, not i.
    ['c', 'down', 'f'],
    // A node mostly to the side is not "up": from h, up is e, never d or f.
    ['h', 'up', 'e'],
  ])('from %s %s: %s', (from, dir, expected) => {
    expect(pickNeighbour(at(from), grid, dir)).toBe(expected);
  });

  it('reaches a node off the line when nothing is on it, within 60 degrees', () => {
    const nodes: Placed[] = [{ id: 'x', x: 0, y: 0 }, { id: 'y', x: 100, y: 150 }, { id: 'z', x: 100, y: 200 }];
    // y: 100 ahead, 150 aside (56°): that way; z: 100 ahead, 200 aside (63°): not.
    expect(pickNeighbour(nodes[0]!, nodes, 'right')).toBe('y');
    expect(pickNeighbour(nodes[0]!, nodes.filter((n) => n.id !== 'y'), 'right')).toBeUndefined();
  });

  it('breaks ties by id, the same way every time', () => {
    const nodes: Placed[] = [{ id: 'o', x: 0, y: 0 }, { id: 'q', x: 100, y: -20 }, { id: 'p', x: 100, y: 20 }];
    expect(pickNeighbour(nodes[0]!, nodes, 'right')).toBe('p');
  });
});

describe('pickNearest', () => {
  it('starts at the node nearest the centre of the view', () => {
    expect(pickNearest({ x: 110, y: 95 }, grid)).toBe('e');
    expect(pickNearest({ x: 195, y: 80 }, grid)).toBe('f');
    expect(pickNearest({ x: 0, y: 0 }, [])).toBeUndefined();
  });
});

describe('stepEdge', () => {
  const edges = ['e1', 'e2', 'e3'];
  it.each<[string | null, 1 | -1, string | undefined]>([
    [null, 1, 'e1'],
    [null, -1, 'e3'],
    ['e1', 1, 'e2'],
    ['e3', 1, 'e1'],
    ['e1', -1, 'e3'],
    ['other', 1, 'e1'],
  ])('from %s by %s: %s', (current, step, expected) => {
    expect(stepEdge(edges, current, step)).toBe(expected);
  });

  it('has nothing to step to on a node without edges', () => {
    expect(stepEdge([], null, 1)).toBeUndefined();
  });
});

describe('directionOfKey', () => {
  it('reads the four arrows and nothing else', () => {
    expect(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'a', 'Enter'].map(directionOfKey)).toEqual(['left', 'right', 'up', 'down', undefined, undefined]);
  });
});
