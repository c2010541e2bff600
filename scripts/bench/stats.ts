/** Summary statistics for benchmark timings (milliseconds). Shared by every bench in this folder. */

export interface Summary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The p-th percentile (0–100) of the values, linearly interpolated between the closest ranks
 * (the same definition as numpy's default). Throws on an empty array.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of an empty array");
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  return low + (high - low) * (rank - lower);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summary of an empty array");
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
  };
}

/** Milliseconds with one decimal, as the bench lines print them. */
export function ms(value: number): string {
  return value.toFixed(1);
}

/** The contract line: `<name> p50 X ms p95 Y ms`. */
export function formatLine(name: string, summary: Summary): string {
  return `${name} p50 ${ms(summary.p50)} ms p95 ${ms(summary.p95)} ms`;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, timing each with performance.now(). */
export async function measure(fn: () => Promise<unknown>, options: { warmup: number; runs: number }): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const timings: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await fn();
    timings.push(performance.now() - started);
  }
  return timings;
}
