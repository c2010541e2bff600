/** Small waits and random draws shared by the crash test's actors (customers, carriers, killer). */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A whole number of milliseconds drawn uniformly from [min, max]. */
export function between(min: number, max: number): number {
  return Math.round(min + Math.random() * (max - min));
}

/** Runs `worker` over the items with at most `concurrency` in flight; results in item order. */
export async function runPool<T, R>(items: readonly T[], concurrency: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
