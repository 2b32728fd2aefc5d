/**
 * Deterministic randomness for the layout. fcose starts from random positions drawn with
 * Math.random, so the same network came out differently on every open: a diagram exported today
 * did not match tomorrow's, and a reviewer lost their bearings. Seeding from the elements keeps a
 * given network's map the same across opens and machines while different networks still spread.
 */

import { mulberry32 } from '../shared/prng';

/** A seeded generator; mulberry32 is ample for scattering start positions. */
export function createSeededRandom(seed: number): () => number {
  return mulberry32(seed);
}

/** FNV-1a over the strings, in order: the seed for a given list of element ids. */
export function seedFrom(parts: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const s of parts) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x2c, 0x01000193);
  }
  return h >>> 0;
}

/** Runs `fn` with Math.random replaced by a seeded generator, restoring it however `fn` ends. */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = createSeededRandom(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
