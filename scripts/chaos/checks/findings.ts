/** What a check found: violations of the crash test's promises, and notes worth printing beside them. */
export interface Findings {
  violations: string[];
  notes: string[];
}

export const findings = (violations: string[] = [], notes: string[] = []): Findings => ({ violations, notes });

/** At most `max` items of a list, with how many were left out, for notes that could run long. */
export function some<T>(items: T[], max: number, show: (item: T) => string): string {
  const shown = items.slice(0, max).map(show).join("; ");
  return items.length > max ? `${shown}; … ${items.length - max} more` : shown;
}

/** Items grouped by a key, in the order first seen (Map.groupBy is newer than Node 20). */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
