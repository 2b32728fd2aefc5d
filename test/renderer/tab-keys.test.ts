// Pins the tab list's keys (WAI-ARIA tabs pattern): arrows move and wrap, Home and End jump, and
// every other key is left to the page.
import { describe, expect, it } from 'vitest';
import { tabMoveTarget } from '../../src/renderer/tab-keys';

describe('tabMoveTarget', () => {
  it.each([
    ['ArrowRight', 0, 1],
    ['ArrowDown', 1, 2],
    ['ArrowRight', 2, 0],
    ['ArrowLeft', 1, 0],
    ['ArrowUp', 2, 1],
    ['ArrowLeft', 0, 2],
    ['Home', 2, 0],
    ['End', 0, 2],
  ])('%s from tab %i of 3 goes to tab %i', (key, from, to) => {
    expect(tabMoveTarget(key, from, 3)).toBe(to);
  });
  it('leaves other keys, and an empty list, alone', () => {
    for (const key of ['Tab', 'Enter', ' ', '1', 'a']) expect(tabMoveTarget(key, 0, 3)).toBeNull();
    expect(tabMoveTarget('ArrowRight', 0, 0)).toBeNull();
  });
});
