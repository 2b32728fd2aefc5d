// Seeded layouts: the same seed gives the same sequence, different seeds differ, the values stay in
// [0, 1), and Math.random is restored even when the wrapped work throws.
import { describe, expect, it } from 'vitest';
import { createSeededRandom, seedFrom, withSeededRandom } from '../../src/renderer/seeded-random';

describe('seeded randomness for the layout', () => {
  it('repeats a sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, createSeededRandom(seed));
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    const many = Array.from({ length: 10_000 }, createSeededRandom(7));
    expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many)).toBeLessThan(1);
    // Spread, not stuck: each tenth of [0, 1) gets a fair share.
    const buckets = new Array<number>(10).fill(0);
    for (const x of many) buckets[Math.floor(x * 10)]!++;
    expect(Math.min(...buckets)).toBeGreaterThan(800);
  });

  it('seeds from element ids: order and content matter', () => {
    expect(seedFrom(['a', 'b'])).toBe(seedFrom(['a', 'b']));
    expect(seedFrom(['a', 'b'])).not.toBe(seedFrom(['b', 'a']));
    expect(seedFrom(['ab'])).not.toBe(seedFrom(['a', 'b']));
  });

  it('replaces Math.random only inside, and restores it after a throw', () => {
    const original = Math.random;
    const inside = withSeededRandom(1, () => [Math.random(), Math.random()]);
    expect(inside).toEqual(Array.from({ length: 2 }, createSeededRandom(1)));
    expect(Math.random).toBe(original);
    expect(() => withSeededRandom(1, () => {
      throw new Error('layout failed');
    })).toThrow('layout failed');
    expect(Math.random).toBe(original);
  });
});
