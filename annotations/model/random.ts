/**
 * Seeded randomness: the same seed gives the same numbers on every machine, so a double-
 * annotation draw, a training order or a generated benchmark project can be made again.
 */

/** A small seeded generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `items` shuffled (Fisher–Yates) with `random`, or with a generator seeded by it; a new array. */
export function shuffled<T>(items: readonly T[], random: number | (() => number)): T[] {
  const next = typeof random === 'number' ? seededRandom(random) : random;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
