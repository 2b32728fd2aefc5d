/**
 * mulberry32: a small, fast pseudo-random generator with a 32-bit state. One copy serves the
 * seeded map layout, the benchmark's synthetic accounts and the test data generators, so a given
 * seed means the same sequence everywhere. Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
