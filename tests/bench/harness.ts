/**
 * The benchmark harness: a benchmark measures samples (milliseconds, or any unit it names);
 * the runner summarises them (median, p95, min, max) with peak memory, prints a table, and
 * writes the same figures as JSON to bench-results/ for comparison between commits.
 */

export type Figure = {
  name: string;
  unit: string;
  samples: number[];
  /** The figure's target, for the table ("< 300 ms"); informational only, never asserted. */
  target?: string;
  note?: string;
};

export type BenchContext = {
  /** Times `fn` `runs` times after `warmup` untimed runs; returns the samples in ms. */
  time: (fn: () => unknown | Promise<unknown>, opts?: { runs?: number; warmup?: number }) => Promise<number[]>;
  log: (line: string) => void;
};

export type Benchmark = { name: string; run: (ctx: BenchContext) => Promise<Figure[]> };

export type Summary = { median: number; p95: number; min: number; max: number; n: number };

/** The summary of `samples`; every figure NaN when there are none (a peer or part that was not run). */
export function summarize(samples: readonly number[]): Summary {
  if (!samples.length) return { median: NaN, p95: NaN, min: NaN, max: NaN, n: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median, p95: at(0.95), min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

export const time: BenchContext['time'] = async (fn, opts = {}) => {
  const { runs = 7, warmup = 1 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
};
