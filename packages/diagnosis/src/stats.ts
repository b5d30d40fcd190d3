import type { SessionRecord } from '@sockscope/contracts';

/** Counts of `key(item)`, largest first. */
export function countBy<T>(
  items: readonly T[],
  key: (item: T) => string | null,
): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function distinct<T>(items: readonly T[], key: (item: T) => string | null): number {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) seen.add(k);
  }
  return seen.size;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The densest cluster of `values` of width `2 * halfWidth`: the values within ±halfWidth of
 * some point, found with a sliding window over the sorted values.
 */
export function densestCluster(values: readonly number[], halfWidth: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  let best: [number, number] = [0, 0];
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) > 2 * halfWidth) start++;
    if (end + 1 - start > best[1] - best[0]) best = [start, end + 1];
  }
  return sorted.slice(best[0], best[1]);
}

/** Impact of a set of sessions: how many sessions, distinct users and nodes. */
export function impactOf(sessions: readonly SessionRecord[]): {
  sessions: number;
  users: number;
  nodes: number;
} {
  return {
    sessions: sessions.length,
    users: distinct(sessions, (s) => s.user),
    nodes: distinct(sessions, (s) => s.node),
  };
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
